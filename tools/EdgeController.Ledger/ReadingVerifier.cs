using System.Security.Cryptography;
using System.Text.Json;
using EdgeController.Core.Signing;

namespace EdgeController.Ledger;

/// <summary>
/// Checks a signed reading or event as docs/design.md orders it: split at the first and last '|',
/// look the key up by (dev, kid), compare the MAC in constant time, and only then parse the
/// payload. Stateless apart from the registry; sequence rules belong to the ledger.
/// </summary>
public sealed class ReadingVerifier(KeyRegistry registry)
{
    /// <summary>The topic level after the device id for readings.</summary>
    public const string ReadingTopicSuffix = "reading";

    /// <summary>The topic level after the device id for events (same envelope, an "ev" key in the payload).</summary>
    public const string EventTopicSuffix = "event";

    /// <summary>Verifies raw; topic, when given, must be the reading topic of the signing device.</summary>
    public VerificationResult Verify(string? topic, byte[] raw)
    {
        EnvelopeParts parts = new();
        EnvelopeError envelopeError = SignedEnvelopeReader.TryParse(raw, raw.Length, parts);
        if (envelopeError != EnvelopeError.None)
        {
            return VerificationResult.Rejected(RejectReason.Malformed, envelopeError.ToString());
        }

        if (topic is not null && !IsReadingTopicOf(topic, parts.DeviceId) && !IsEventTopicOf(topic, parts.DeviceId))
        {
            return VerificationResult.Rejected(RejectReason.TopicMismatch, $"topic '{Truncate(topic)}' is not a reading or event topic of '{parts.DeviceId}'");
        }

        if (!registry.KnowsDevice(parts.DeviceId))
        {
            return VerificationResult.Rejected(RejectReason.UnknownDevice, parts.DeviceId);
        }

        // The kid "cmd" holds the key the gateway signs the device's commands with: a message a
        // device signs with it is no reading, whoever made it.
        if (parts.KeyId == KeyRegistry.CommandKeyId || !registry.TryGetKey(parts.DeviceId, parts.KeyId, out byte[] key))
        {
            return VerificationResult.Rejected(RejectReason.UnknownKey, $"{parts.DeviceId}/{parts.KeyId}");
        }

        Span<byte> expectedMac = stackalloc byte[SignedEnvelope.MacBytes];
        MacCache.Compute(key, raw.AsSpan(parts.PayloadOffset, parts.PayloadLength), expectedMac);
        if (!CryptographicOperations.FixedTimeEquals(expectedMac, parts.Mac))
        {
            return VerificationResult.Rejected(RejectReason.BadSignature, $"{parts.DeviceId}/{parts.KeyId}");
        }

        return ParsePayload(raw.AsSpan(parts.PayloadOffset, parts.PayloadLength), parts, topic);
    }

    private static VerificationResult ParsePayload(ReadOnlySpan<byte> payload, EnvelopeParts parts, string? topic)
    {
        PayloadFields fields;
        try
        {
            if (!PayloadFields.TryRead(payload, parts.DeviceId, out fields))
            {
                return VerificationResult.Rejected(RejectReason.BadPayload, "payload is not an object");
            }
        }
        catch (JsonException exception)
        {
            return VerificationResult.Rejected(RejectReason.BadPayload, $"payload is not JSON: {exception.Message}");
        }

        if (!fields.Version.TryGet(out long version) || version != 1)
        {
            return VerificationResult.Rejected(RejectReason.BadPayload, "\"v\" is not 1");
        }

        if (!fields.DeviceMatches)
        {
            return VerificationResult.Rejected(RejectReason.BadPayload, "\"dev\" is missing or differs");
        }

        if (!fields.Sequence.TryGet(out long sequence) || sequence < 1)
        {
            return VerificationResult.Rejected(RejectReason.BadPayload, "\"seq\" is missing or not a positive integer");
        }

        if (!fields.Boot.TryGet(out long boot) || !fields.Timestamp.TryGet(out long timestamp))
        {
            return VerificationResult.Rejected(RejectReason.BadPayload, "\"boot\" or \"ts\" is missing");
        }

        string? eventKind = fields.EventKind;
        bool isEvent = eventKind is not null;
        if (topic is not null && isEvent != IsEventTopicOf(topic, parts.DeviceId))
        {
            return VerificationResult.Rejected(RejectReason.TopicMismatch, isEvent ? "an event on a reading topic" : "a reading on an event topic");
        }

        if (eventKind == VerifiedReading.DroppedEventKind)
        {
            // The ledger closes what a dropped event covers, and only a well-formed range below
            // the event's own seq: any other dropped event is kept in the chain and closes nothing.
            if (fields.First.TryGet(out long first) && fields.Last.TryGet(out long last)
                && first >= 1 && last >= first && last < sequence)
            {
                return VerificationResult.Valid(new VerifiedReading(parts.DeviceId, parts.KeyId, sequence, boot, timestamp, VerifiedReading.DroppedEventKind, first, last));
            }
        }

        return VerificationResult.Valid(new VerifiedReading(parts.DeviceId, parts.KeyId, sequence, boot, timestamp, eventKind));
    }

    /// <summary>True for ec/v1/&lt;site&gt;/&lt;dev&gt;/reading with the given device.</summary>
    public static bool IsReadingTopicOf(string topic, string deviceId) => IsDeviceTopic(topic, deviceId, ReadingTopicSuffix);

    /// <summary>True for ec/v1/&lt;site&gt;/&lt;dev&gt;/event with the given device.</summary>
    public static bool IsEventTopicOf(string topic, string deviceId) => IsDeviceTopic(topic, deviceId, EventTopicSuffix);

    private static bool IsDeviceTopic(string topic, string deviceId, string suffix)
    {
        // ec/v1/<site>/<dev>/<suffix>, exactly five levels, compared in place: splitting the topic
        // allocated six strings per message, twice per reading (issue 12).
        ReadOnlySpan<char> rest = topic;
        if (!rest.StartsWith("ec/v1/", StringComparison.Ordinal))
        {
            return false;
        }

        rest = rest["ec/v1/".Length..];
        int siteEnd = rest.IndexOf('/');
        if (siteEnd < 0)
        {
            return false;
        }

        rest = rest[(siteEnd + 1)..];
        int deviceEnd = rest.IndexOf('/');
        // The suffix has no '/', so a sixth level cannot equal it.
        return deviceEnd >= 0 && rest[..deviceEnd].SequenceEqual(deviceId) && rest[(deviceEnd + 1)..].SequenceEqual(suffix);
    }

    private static string Truncate(string text) => text.Length <= 80 ? text : text[..80] + "...";
}
