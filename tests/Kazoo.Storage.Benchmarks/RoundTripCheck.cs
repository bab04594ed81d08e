using System.Text.Json;

namespace Kazoo.Storage.Benchmarks;

/// <summary>
/// Proves, before anything is measured, that the three contenders do the same work: each reads the
/// document and writes JSON that still has every attachment entry and every <c>_sig</c>, and is
/// value-equal to the input. A benchmark of a serializer that drops data would be meaningless.
/// </summary>
internal static class RoundTripCheck
{
    public static void Verify(string document, string contender, ReadOnlySpan<byte> input, Func<byte[], byte[]> roundTrip)
    {
        byte[] source = input.ToArray();
        byte[] output = roundTrip(source);

        using var expected = JsonDocument.Parse(source);
        using var actual = JsonDocument.Parse(output);
        var (expectedEntries, expectedSignatures) = CountAttachments(expected.RootElement);
        var (actualEntries, actualSignatures) = CountAttachments(actual.RootElement);

        if (actualEntries != expectedEntries || actualSignatures != expectedSignatures)
        {
            throw new InvalidOperationException(
                $"{contender} on the {document} document wrote {actualEntries} attachment entries with {actualSignatures} _sig " +
                $"(expected {expectedEntries} with {expectedSignatures}).");
        }

        if (!JsonElement.DeepEquals(expected.RootElement, actual.RootElement))
        {
            throw new InvalidOperationException(
                $"{contender} on the {document} document wrote JSON that differs from its input: {System.Text.Encoding.UTF8.GetString(output)}");
        }
    }

    private static (int Entries, int Signatures) CountAttachments(JsonElement document)
    {
        if (!document.TryGetProperty("attachments", out JsonElement attachments))
        {
            return (0, 0);
        }

        int entries = 0, signatures = 0;
        foreach (JsonProperty entry in attachments.EnumerateObject())
        {
            entries++;
            if (entry.Value.TryGetProperty("_sig", out _))
            {
                signatures++;
            }
        }

        return (entries, signatures);
    }
}
