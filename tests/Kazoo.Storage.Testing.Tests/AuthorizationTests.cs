using System.Net;
using System.Text.Json.Nodes;
using Kazoo.Storage.Testing.Tests.Support;

namespace Kazoo.Storage.Testing.Tests;

/// <summary>
/// Who may use which storage route (spec §2.1): Crossbar lets a request through when cb_simple_authz (the caller's account
/// is the path's account or an ancestor) or cb_storage's own rule says yes; otherwise 403.
/// </summary>
public sealed class AuthorizationTests
{
    [Fact]
    public async Task Only_the_super_duper_admin_may_use_system_storage_and_system_plans()
    {
        await using var scenario = await Scenario.StartAsync();

        var storage = await scenario.Caller.GetAsync("v2/storage");
        var plans = await scenario.Caller.GetAsync("v2/storage/plans");
        var plan = await scenario.Caller.GetAsync("v2/storage/plans/" + Scenario.AttachmentId);
        var master = await scenario.Master.GetAsync("v2/storage");

        Assert.Equal(HttpStatusCode.Forbidden, storage.Status);
        Assert.Equal("forbidden", storage.Message);
        Assert.Equal("403", storage.Envelope.GetProperty("error").GetString());
        Assert.Equal("forbidden", storage.Data.GetProperty("message").GetString());
        Assert.Equal(HttpStatusCode.Forbidden, plans.Status);
        Assert.Equal(HttpStatusCode.Forbidden, plan.Status);
        Assert.Equal(HttpStatusCode.NotFound, master.Status);
    }

    [Fact]
    public async Task Any_user_of_the_account_may_use_its_storage_admin_or_not()
    {
        await using var scenario = await Scenario.StartAsync();
        var user = scenario.Emulator.AddUser(scenario.Account.Id, "clerk", "pw", isAdmin: false);
        using var clerk = new CrossbarCaller(scenario.Emulator, scenario.Emulator.IssueToken(scenario.Account.Id, user.Id));

        var answer = await clerk.PutAsync(scenario.AccountStorage, Scenario.Document(Scenario.S3Entry()));

        Assert.Equal(HttpStatusCode.Created, answer.Status);
    }

    [Fact]
    public async Task An_ancestor_may_use_a_descendant_storage_but_not_the_other_way_round()
    {
        await using var scenario = await Scenario.StartAsync();
        var child = scenario.Emulator.AddAccount("Child", scenario.Account.Id);
        var grandchild = scenario.Emulator.AddAccount("Grandchild", child.Id);
        using var grandchildCaller = new CrossbarCaller(scenario.Emulator, scenario.Emulator.IssueToken(grandchild.Id));

        var down = await scenario.Caller.PutAsync($"v2/accounts/{grandchild.Id}/storage", Scenario.Document(Scenario.S3Entry()));
        var up = await grandchildCaller.GetAsync(scenario.AccountStorage);

        Assert.Equal(HttpStatusCode.Created, down.Status);
        Assert.Equal(HttpStatusCode.Forbidden, up.Status);
    }

    [Fact]
    public async Task A_sibling_account_is_forbidden()
    {
        await using var scenario = await Scenario.StartAsync();
        var sibling = scenario.Emulator.AddAccount("Sibling");
        using var siblingCaller = new CrossbarCaller(scenario.Emulator, scenario.Emulator.IssueToken(sibling.Id));

        var answer = await siblingCaller.GetAsync(scenario.AccountStorage);

        Assert.Equal(HttpStatusCode.Forbidden, answer.Status);
        Assert.True(answer.Envelope.TryGetProperty("auth_token", out _));
        Assert.Equal("5.0.0", answer.Envelope.GetProperty("version").GetString());
    }

    [Fact]
    public async Task A_reseller_may_use_the_storage_of_accounts_it_resells()
    {
        await using var scenario = await Scenario.StartAsync();
        var reseller = scenario.Emulator.AddAccount("Reseller", isReseller: true);
        var customer = scenario.Emulator.AddAccount("Customer", reseller.Id);
        using var resellerCaller = new CrossbarCaller(scenario.Emulator, scenario.Emulator.IssueToken(reseller.Id));

        using var customerCaller = new CrossbarCaller(scenario.Emulator);

        var answer = await resellerCaller.PutAsync($"v2/accounts/{customer.Id}/storage", Scenario.Document(Scenario.S3Entry()));
        var login = await customerCaller.LoginWithApiKeyAsync(customer.ApiKey);

        Assert.Equal(HttpStatusCode.Created, answer.Status);
        Assert.Equal(reseller.Id, login.Data.GetProperty("reseller_id").GetString());
    }

    [Fact]
    public async Task A_user_may_use_their_own_user_storage()
    {
        await using var scenario = await Scenario.StartAsync();
        var user = scenario.Emulator.AddUser(scenario.Account.Id, "bob", "pw");
        using var bob = new CrossbarCaller(scenario.Emulator, scenario.Emulator.IssueToken(scenario.Account.Id, user.Id));
        var path = $"v2/accounts/{scenario.Account.Id}/users/{user.Id}/storage";

        var put = await bob.PutAsync(path, Scenario.Document(Scenario.S3Entry()));
        var get = await bob.GetAsync(path);

        Assert.Equal(HttpStatusCode.Created, put.Status);
        Assert.Equal("/" + path + "/" + user.Id, put.Headers.Location!.OriginalString);
        Assert.Equal(user.Id, get.Data.GetProperty("id").GetString());
        Assert.Equal(scenario.Account.Id, scenario.Emulator.GetStoredDocument(user.Id)!.Value.GetProperty("pvt_account_id").GetString());
    }

    [Fact]
    public async Task Any_user_of_the_account_may_use_another_user_storage_because_cb_simple_authz_allows_the_account()
    {
        await using var scenario = await Scenario.StartAsync();
        var owner = scenario.Emulator.AddUser(scenario.Account.Id, "owner", "pw");
        var colleague = scenario.Emulator.AddUser(scenario.Account.Id, "colleague", "pw");
        using var caller = new CrossbarCaller(scenario.Emulator, scenario.Emulator.IssueToken(scenario.Account.Id, colleague.Id));

        var answer = await caller.PutAsync($"v2/accounts/{scenario.Account.Id}/users/{owner.Id}/storage", Scenario.Document(Scenario.S3Entry()));

        Assert.Equal(HttpStatusCode.Created, answer.Status);
    }

    [Fact]
    public async Task An_unknown_user_or_account_in_the_path_is_404_bad_identifier_for_an_allowed_caller()
    {
        await using var scenario = await Scenario.StartAsync();
        var other = scenario.Emulator.AddAccount("Other");
        var stranger = scenario.Emulator.AddUser(other.Id, "eve", "pw");
        var missing = Guid.NewGuid().ToString("N");

        var unknownUser = await scenario.Caller.GetAsync($"v2/accounts/{scenario.Account.Id}/users/{missing}/storage");
        var foreignUser = await scenario.Caller.GetAsync($"v2/accounts/{scenario.Account.Id}/users/{stranger.Id}/storage");
        var unknownAccount = await scenario.Master.GetAsync($"v2/accounts/{missing}/storage");
        var unknownToCaller = await scenario.Caller.GetAsync($"v2/accounts/{missing}/storage");

        Assert.Equal(HttpStatusCode.NotFound, unknownUser.Status);
        Assert.Equal(missing, unknownUser.Data.GetProperty("cause").GetString());
        Assert.Equal(HttpStatusCode.NotFound, foreignUser.Status);
        Assert.Equal(HttpStatusCode.NotFound, unknownAccount.Status);
        Assert.Equal(missing, unknownAccount.Data.GetProperty("cause").GetString());
        Assert.Equal(HttpStatusCode.Forbidden, unknownToCaller.Status);
    }

    [Fact]
    public async Task A_reseller_manages_its_plans_and_an_unrelated_account_is_refused_a_non_reseller_plans()
    {
        await using var scenario = await Scenario.StartAsync();
        var reseller = scenario.Emulator.AddAccount("Reseller", isReseller: true);
        using var resellerCaller = new CrossbarCaller(scenario.Emulator, scenario.Emulator.IssueToken(reseller.Id));

        var own = await resellerCaller.PutAsync($"v2/accounts/{reseller.Id}/storage/plans", Scenario.Document(Scenario.S3Entry()));
        var notReseller = await resellerCaller.GetAsync($"v2/accounts/{scenario.Account.Id}/storage/plans");

        Assert.Equal(HttpStatusCode.Created, own.Status);
        Assert.Equal(HttpStatusCode.Forbidden, notReseller.Status);
    }

    [Fact]
    public async Task Kazoo_lets_any_account_use_a_reseller_plans_because_cb_storage_checks_only_is_reseller()
    {
        await using var scenario = await Scenario.StartAsync();
        var reseller = scenario.Emulator.AddAccount("Reseller", isReseller: true);

        var answer = await scenario.Caller.GetAsync($"v2/accounts/{reseller.Id}/storage/plans");

        Assert.Equal(HttpStatusCode.OK, answer.Status);
    }

    [Fact]
    public async Task Kazoo_lets_an_account_use_its_own_plans_even_when_it_is_not_a_reseller()
    {
        await using var scenario = await Scenario.StartAsync();

        var answer = await scenario.Caller.PutAsync(scenario.AccountStorage + "/plans", new JsonObject());

        Assert.Equal(HttpStatusCode.Created, answer.Status);
    }
}
