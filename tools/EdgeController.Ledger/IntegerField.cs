using System.Text.Json;

namespace EdgeController.Ledger;

/// <summary>A payload field that must be an integer: present and an integer that fits a long, or not.</summary>
internal readonly struct IntegerField
{
    private readonly long _value;
    private readonly bool _isInteger;

    private IntegerField(long value, bool isInteger)
    {
        _value = value;
        _isInteger = isInteger;
    }

    /// <summary>The reader's current value as the field.</summary>
    public static IntegerField From(ref Utf8JsonReader reader) =>
        reader.TokenType == JsonTokenType.Number && reader.TryGetInt64(out long value) ? new IntegerField(value, true) : default;

    /// <summary>An integer field of value.</summary>
    public static IntegerField Of(long value) => new(value, true);

    /// <summary>The value when the field was an integer.</summary>
    public bool TryGet(out long value)
    {
        value = _value;
        return _isInteger;
    }
}
