using System.Text.Json;
using EdgeController.Core.Signing;

namespace EdgeController.Ledger.Readings;

/// <summary>
/// The payload of a ledger entry, parsed for display (web view, Home Assistant state): the
/// integers by key, the mode and the fault mask. Only ever built from bytes whose signature the
/// caller already trusts (a ledger entry or a reading that just verified).
/// </summary>
public sealed class ReadingDocument
{
    private ReadingDocument(string deviceId, long sequence, long deviceTimeMilliseconds, bool timeSynchronized,
        IReadOnlyDictionary<string, long> integers, string? mode, string? eventKind)
    {
        DeviceId = deviceId;
        Sequence = sequence;
        DeviceTimeMilliseconds = deviceTimeMilliseconds;
        TimeSynchronized = timeSynchronized;
        Integers = integers;
        Mode = mode;
        EventKind = eventKind;
    }

    /// <summary>"dev".</summary>
    public string DeviceId { get; }

    /// <summary>"seq".</summary>
    public long Sequence { get; }

    /// <summary>"ts", device time in Unix milliseconds.</summary>
    public long DeviceTimeMilliseconds { get; }

    /// <summary>"tq" = 1.</summary>
    public bool TimeSynchronized { get; }

    /// <summary>Every integer field by key (channel values, registers, soc_permille, flt...).</summary>
    public IReadOnlyDictionary<string, long> Integers { get; }

    /// <summary>"mode", or null.</summary>
    public string? Mode { get; }

    /// <summary>"ev" of an event, null for a reading.</summary>
    public string? EventKind { get; }

    /// <summary>True for a reading (not an event).</summary>
    public bool IsReading => EventKind is null;

    /// <summary>"flt", 0 when absent.</summary>
    public long FaultFlags => Integers.GetValueOrDefault("flt");

    /// <summary>The power channel keys the reading carries, in payload order (those with a "_mw" and a "_fwd_mwh").</summary>
    public IReadOnlyList<string> ChannelKeys { get; private init; } = [];

    /// <summary>An integer field, or null when absent.</summary>
    public long? Integer(string key) => Integers.TryGetValue(key, out long value) ? value : null;

    /// <summary>Parses a whole signed message (EC1 envelope); false when it is not one.</summary>
    public static bool TryParse(byte[] raw, out ReadingDocument? document)
    {
        document = null;
        EnvelopeParts parts = new();
        if (SignedEnvelopeReader.TryParse(raw, raw.Length, parts) != EnvelopeError.None)
        {
            return false;
        }

        try
        {
            using JsonDocument payload = JsonDocument.Parse(raw.AsMemory(parts.PayloadOffset, parts.PayloadLength));
            if (payload.RootElement.ValueKind != JsonValueKind.Object)
            {
                return false;
            }

            Dictionary<string, long> integers = new(StringComparer.Ordinal);
            List<string> channels = [];
            string? device = null, mode = null, eventKind = null;
            foreach (JsonProperty property in payload.RootElement.EnumerateObject())
            {
                switch (property.Value.ValueKind)
                {
                    case JsonValueKind.Number when property.Value.TryGetInt64(out long number):
                        integers[property.Name] = number;
                        if (property.Name.EndsWith("_fwd_mwh", StringComparison.Ordinal))
                        {
                            channels.Add(property.Name[..^"_fwd_mwh".Length]);
                        }

                        break;
                    case JsonValueKind.String:
                        string text = property.Value.GetString() ?? "";
                        switch (property.Name)
                        {
                            case "dev": device = text; break;
                            case "mode": mode = text; break;
                            case "ev": eventKind = text; break;
                        }

                        break;
                }
            }

            if (device is null || !integers.TryGetValue("seq", out long seq) || !integers.TryGetValue("ts", out long ts))
            {
                return false;
            }

            document = new ReadingDocument(device, seq, ts, integers.GetValueOrDefault("tq") == 1, integers, mode, eventKind)
            {
                ChannelKeys = channels.Where(key => integers.ContainsKey(key + "_mw")).ToList(),
            };
            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }
}
