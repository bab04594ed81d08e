using System.Text.Json;
using System.Text.Json.Serialization;

namespace Kazoo.Storage.Benchmarks.Baselines;

/// <summary>Counterpart of <c>StorageConnectionCouchdb</c> (the benchmark documents carry no connections; kept for an equal shape).</summary>
public sealed record StorageConnectionCouchdb
{
    [JsonPropertyName("driver")]
    [JsonRequired]
    public string Driver { get; set; } = null!;

    [JsonPropertyName("name")]
    public string? Name { get; set; }

    [JsonPropertyName("settings")]
    [JsonRequired]
    public StorageConnectionCouchdbSettings Settings { get; set; } = null!;

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? ExtensionData { get; set; }
}

public sealed record StorageConnectionCouchdbSettings
{
    [JsonPropertyName("connect_options")]
    public StorageConnectionCouchdbConnectOptions? ConnectOptions { get; set; }

    [JsonPropertyName("connect_timeout")]
    public long? ConnectTimeout { get; set; }

    [JsonPropertyName("credentials")]
    public StorageConnectionCouchdbCredentials? Credentials { get; set; }

    [JsonPropertyName("ip")]
    [JsonRequired]
    public string Ip { get; set; } = null!;

    [JsonPropertyName("max_pipeline_size")]
    public long? MaxPipelineSize { get; set; }

    [JsonPropertyName("max_sessions")]
    public long? MaxSessions { get; set; }

    [JsonPropertyName("pool")]
    public StorageConnectionCouchdbPool? Pool { get; set; }

    [JsonPropertyName("port")]
    [JsonRequired]
    public long Port { get; set; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? ExtensionData { get; set; }
}

public sealed record StorageConnectionCouchdbConnectOptions
{
    [JsonPropertyName("keepalive")]
    public bool? Keepalive { get; set; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? ExtensionData { get; set; }
}

public sealed record StorageConnectionCouchdbCredentials
{
    [JsonPropertyName("password")]
    [JsonRequired]
    public long Password { get; set; }

    [JsonPropertyName("username")]
    [JsonRequired]
    public string Username { get; set; } = null!;

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? ExtensionData { get; set; }
}

public sealed record StorageConnectionCouchdbPool
{
    [JsonPropertyName("name")]
    [JsonRequired]
    public string Name { get; set; } = null!;

    [JsonPropertyName("size")]
    [JsonRequired]
    public long Size { get; set; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? ExtensionData { get; set; }
}
