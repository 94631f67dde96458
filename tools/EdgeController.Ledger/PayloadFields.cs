using System.Text.Json;

namespace EdgeController.Ledger;

/// <summary>
/// The top-level fields of a signed payload that the gateway checks (v, dev, seq, boot, ts, ev,
/// first, last), read in one pass of a forward-only JSON reader. It accepts and refuses the same
/// payloads as parsing them into a document and looking the names up did: the whole payload must
/// be one valid JSON value, names compare unescaped, and of a name given twice the last one
/// counts. Building the document cost about half of a reading's verification (issue 12).
/// </summary>
internal struct PayloadFields
{
    /// <summary>"v" when it is an integer.</summary>
    public IntegerField Version;

    /// <summary>"seq" when it is an integer.</summary>
    public IntegerField Sequence;

    /// <summary>"boot" when it is an integer.</summary>
    public IntegerField Boot;

    /// <summary>"ts" when it is an integer.</summary>
    public IntegerField Timestamp;

    /// <summary>"first" when it is an integer (a dropped event's range).</summary>
    public IntegerField First;

    /// <summary>"last" when it is an integer (a dropped event's range).</summary>
    public IntegerField Last;

    /// <summary>True when "dev" is a string equal to the envelope's device id.</summary>
    public bool DeviceMatches;

    /// <summary>"ev" when it is a string, else null (then the payload is a reading).</summary>
    public string? EventKind;

    /// <summary>
    /// Reads payload; false when it is valid JSON but not an object. Throws JsonException when it
    /// is not valid JSON (also for anything after the value).
    /// </summary>
    public static bool TryRead(ReadOnlySpan<byte> payload, string deviceId, out PayloadFields fields)
    {
        fields = default;
        Utf8JsonReader reader = new(payload);
        reader.Read();
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            reader.Skip();
            EnsureEnd(ref reader);
            return false;
        }

        Span<byte> unescaped = stackalloc byte[MaxNameBytes];
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            Name name = NameOf(ref reader, unescaped);
            reader.Read();
            switch (name)
            {
                case Name.Version:
                    fields.Version = IntegerField.From(ref reader);
                    break;
                case Name.Sequence:
                    fields.Sequence = IntegerField.From(ref reader);
                    break;
                case Name.Boot:
                    fields.Boot = IntegerField.From(ref reader);
                    break;
                case Name.Timestamp:
                    fields.Timestamp = IntegerField.From(ref reader);
                    break;
                case Name.First:
                    fields.First = IntegerField.From(ref reader);
                    break;
                case Name.Last:
                    fields.Last = IntegerField.From(ref reader);
                    break;
                case Name.Device:
                    fields.DeviceMatches = reader.TokenType == JsonTokenType.String && reader.ValueTextEquals(deviceId);
                    break;
                case Name.EventKind:
                    fields.EventKind = reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
                    break;
            }

            // A nested object or array is read through (and so validated) whatever its name.
            reader.Skip();
        }

        EnsureEnd(ref reader);
        return true;
    }

    /// <summary>The longest name the reader unescapes to compare; the fields' names are shorter.</summary>
    private const int MaxNameBytes = 64;

    private enum Name
    {
        Other,
        Version,
        Device,
        Sequence,
        Boot,
        Timestamp,
        EventKind,
        First,
        Last,
    }

    private static Name NameOf(ref Utf8JsonReader reader, scoped Span<byte> scratch)
    {
        if (!reader.ValueIsEscaped)
        {
            return Classify(reader.ValueSpan);
        }

        // Unescaped a name is never longer than escaped; a longer one is none of the fields.
        return reader.ValueSpan.Length > MaxNameBytes ? Name.Other : Classify(scratch[..reader.CopyString(scratch)]);
    }

    private static Name Classify(ReadOnlySpan<byte> name)
    {
        return name switch
        {
            [(byte)'v'] => Name.Version,
            [(byte)'t', (byte)'s'] => Name.Timestamp,
            [(byte)'e', (byte)'v'] => Name.EventKind,
            [(byte)'d', (byte)'e', (byte)'v'] => Name.Device,
            [(byte)'s', (byte)'e', (byte)'q'] => Name.Sequence,
            [(byte)'b', (byte)'o', (byte)'o', (byte)'t'] => Name.Boot,
            [(byte)'l', (byte)'a', (byte)'s', (byte)'t'] => Name.Last,
            [(byte)'f', (byte)'i', (byte)'r', (byte)'s', (byte)'t'] => Name.First,
            _ => Name.Other,
        };
    }

    /// <summary>Throws unless nothing but whitespace follows the value just read.</summary>
    private static void EnsureEnd(ref Utf8JsonReader reader)
    {
        // Past the value's end the reader throws on anything but whitespace.
        if (reader.Read())
        {
            throw new JsonException("more than one JSON value");
        }
    }
}
