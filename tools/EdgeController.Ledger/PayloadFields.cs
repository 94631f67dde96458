using System.Text.Json;

namespace EdgeController.Ledger;

/// <summary>
/// The top-level fields of a signed payload that the gateway checks (v, dev, seq, boot, ts, ev,
/// first, last), read in one pass of a forward-only JSON reader. It accepts and refuses the same
/// payloads as parsing them into a document and looking the names up did: the whole payload must
/// be one valid JSON value, names compare unescaped, and of a name given twice the last one
/// counts. Building the document cost about half of a reading's verification (issue 12). What the
/// firmware writes is first read by a plain scan (<see cref="TryReadFlat"/>), which takes only
/// JSON the reader takes too and reads the same fields from it; anything else goes to the reader.
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
    public static bool TryRead(ReadOnlySpan<byte> payload, string deviceId, out PayloadFields fields) =>
        TryReadFlat(payload, deviceId, out fields) || TryReadWithReader(payload, deviceId, out fields);

    /// <summary>
    /// As <see cref="TryRead"/> for payloads of the shape the firmware's CompactJsonWriter writes:
    /// one object without whitespace, whose names and string values are printable ASCII without
    /// escapes and whose other values are integers of at most 18 digits without fraction or
    /// exponent (valid JSON, each value a long). Returns true and the fields only for such a
    /// payload; false for anything else, which <see cref="TryReadWithReader"/> then judges.
    /// A third of the reader's time on a 450-byte reading (issue 12).
    /// </summary>
    internal static bool TryReadFlat(ReadOnlySpan<byte> payload, string deviceId, out PayloadFields fields)
    {
        fields = default;
        if (payload.Length < 2 || payload[0] != (byte)'{')
        {
            return false;
        }

        if (payload[1] == (byte)'}')
        {
            return payload.Length == 2;
        }

        int at = 1;
        while (true)
        {
            if (!TryPlainString(payload, ref at, out ReadOnlySpan<byte> nameBytes) || at >= payload.Length - 1 || payload[at] != (byte)':')
            {
                return false;
            }

            at++;
            Name name = Classify(nameBytes);
            if (payload[at] == (byte)'"')
            {
                if (!TryPlainString(payload, ref at, out ReadOnlySpan<byte> text))
                {
                    return false;
                }

                fields.Set(name, text, deviceId);
            }
            else
            {
                if (!TryPlainInteger(payload, ref at, out long value))
                {
                    return false;
                }

                fields.Set(name, value);
            }

            if (at >= payload.Length)
            {
                return false;
            }

            if (payload[at] == (byte)'}')
            {
                return at == payload.Length - 1;
            }

            if (payload[at] != (byte)',')
            {
                return false;
            }

            at++;
        }
    }

    /// <summary>As <see cref="TryRead"/>, every payload through the JSON reader.</summary>
    internal static bool TryReadWithReader(ReadOnlySpan<byte> payload, string deviceId, out PayloadFields fields)
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

    /// <summary>Takes a string value: what the reader reads for a string token under this name.</summary>
    private void Set(Name name, ReadOnlySpan<byte> text, string deviceId)
    {
        switch (name)
        {
            case Name.Device:
                DeviceMatches = EqualsAscii(text, deviceId);
                break;
            case Name.EventKind:
                EventKind = System.Text.Encoding.ASCII.GetString(text);
                break;
            case Name.Other:
                break;
            default:
                SetInteger(name, default); // a string where an integer belongs
                break;
        }
    }

    /// <summary>Takes an integer value: what the reader reads for such a number token under this name.</summary>
    private void Set(Name name, long value)
    {
        switch (name)
        {
            case Name.Device:
                DeviceMatches = false;
                break;
            case Name.EventKind:
                EventKind = null;
                break;
            case Name.Other:
                break;
            default:
                SetInteger(name, IntegerField.Of(value));
                break;
        }
    }

    private void SetInteger(Name name, IntegerField value)
    {
        switch (name)
        {
            case Name.Version:
                Version = value;
                break;
            case Name.Sequence:
                Sequence = value;
                break;
            case Name.Boot:
                Boot = value;
                break;
            case Name.Timestamp:
                Timestamp = value;
                break;
            case Name.First:
                First = value;
                break;
            case Name.Last:
                Last = value;
                break;
        }
    }

    private static bool EqualsAscii(ReadOnlySpan<byte> text, string value)
    {
        if (text.Length != value.Length)
        {
            return false;
        }

        for (int i = 0; i < text.Length; i++)
        {
            if (text[i] != value[i])
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>A string at payload[at] of printable ASCII other than '"' and '\'; at moves past its closing quote.</summary>
    private static bool TryPlainString(ReadOnlySpan<byte> payload, ref int at, out ReadOnlySpan<byte> text)
    {
        text = default;
        if (at >= payload.Length || payload[at] != (byte)'"')
        {
            return false;
        }

        for (int end = at + 1; end < payload.Length; end++)
        {
            byte b = payload[end];
            if (b == (byte)'"')
            {
                text = payload[(at + 1)..end];
                at = end + 1;
                return true;
            }

            if (b < 0x20 || b > 0x7E || b == (byte)'\\')
            {
                return false;
            }
        }

        return false;
    }

    /// <summary>
    /// An integer at payload[at]: an optional '-', then 0 or a digit 1-9 and at most 17 more digits;
    /// at moves past it. What follows is for the caller to check (a '.' or 'e' is no ',' or '}').
    /// </summary>
    private static bool TryPlainInteger(ReadOnlySpan<byte> payload, ref int at, out long value)
    {
        value = 0;
        int i = at;
        bool negative = payload[i] == (byte)'-';
        if (negative)
        {
            i++;
        }

        int firstDigit = i;
        while (i < payload.Length && (uint)(payload[i] - '0') <= 9 && i - firstDigit < 18)
        {
            value = (value * 10) + (payload[i] - '0');
            i++;
        }

        int digits = i - firstDigit;
        if (digits == 0 || (payload[firstDigit] == (byte)'0' && digits > 1) || (i < payload.Length && (uint)(payload[i] - '0') <= 9))
        {
            return false; // no digits, a leading zero (not JSON), or more than 18 digits
        }

        value = negative ? -value : value;
        at = i;
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
