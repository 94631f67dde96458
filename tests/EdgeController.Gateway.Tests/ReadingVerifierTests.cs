using System.Text;
using EdgeController.Ledger;

namespace EdgeController.Gateway.Tests;

public sealed class ReadingVerifierTests
{
    private readonly ReadingVerifier _verifier = new(SignedReadings.Registry());

    [Fact]
    public void AuthenticReading_Verifies()
    {
        VerificationResult result = _verifier.Verify(SignedReadings.Topic("dev-a"), SignedReadings.Reading("dev-a", 7));

        Assert.True(result.IsValid, result.Detail);
        Assert.Equal(new VerifiedReading("dev-a", "k1", 7, 1, 1_782_036_007_000), result.Reading);
    }

    [Fact]
    public void OneChangedPayloadByte_IsABadSignature()
    {
        byte[] raw = SignedReadings.Reading("dev-a", 7);
        int seqDigit = SignedReadings.Text(raw).IndexOf("\"seq\":7", StringComparison.Ordinal) + 6;
        raw[seqDigit] = (byte)'8';

        Assert.Equal(RejectReason.BadSignature, _verifier.Verify(null, raw).Reason);
    }

    [Fact]
    public void WrongKey_IsABadSignature() =>
        Assert.Equal(RejectReason.BadSignature, _verifier.Verify(null, SignedReadings.Reading("dev-a", 1, key: SignedReadings.KeyB)).Reason);

    [Fact]
    public void UnknownKeyId_IsNamed() =>
        Assert.Equal(RejectReason.UnknownKey, _verifier.Verify(null, SignedReadings.Reading("dev-a", 1, keyId: "k9")).Reason);

    [Fact]
    public void UnknownDevice_IsNamed() =>
        Assert.Equal(RejectReason.UnknownDevice, _verifier.Verify(null, SignedReadings.Reading("dev-z", 1)).Reason);

    [Fact]
    public void ReadingOnAnotherDevicesTopic_IsATopicMismatch() =>
        Assert.Equal(RejectReason.TopicMismatch, _verifier.Verify(SignedReadings.Topic("dev-b"), SignedReadings.Reading("dev-a", 1)).Reason);

    [Theory]
    [InlineData("ec/v1/site1/dev-a/reading/x")]
    [InlineData("ec/v1/a/b/dev-a/reading")]
    [InlineData("ec/v1/dev-a/reading")]
    [InlineData("ec/v2/site1/dev-a/reading")]
    [InlineData("xec/v1/site1/dev-a/reading")]
    [InlineData("ec/v1/site1/dev-a/readings")]
    [InlineData("ec/v1/site1/dev-ab/reading")]
    [InlineData("ec/v1/site1/dev-a")]
    [InlineData("ec/v1/site1/dev-a/")]
    public void TopicOfAnotherShape_IsATopicMismatch(string topic) =>
        Assert.Equal(RejectReason.TopicMismatch, _verifier.Verify(topic, SignedReadings.Reading("dev-a", 1)).Reason);

    [Theory]
    [InlineData("ec/v1/site1/dev-a/reading")]
    [InlineData("ec/v1/another-site/dev-a/reading")]
    [InlineData("ec/v1//dev-a/reading")]
    public void ReadingTopicOfItsDevice_AnySite_Verifies(string topic) =>
        Assert.True(_verifier.Verify(topic, SignedReadings.Reading("dev-a", 1)).IsValid);

    [Theory]
    [InlineData("")]
    [InlineData("hello")]
    [InlineData("EC1|{}|{}")]
    public void Junk_IsMalformed(string text) =>
        Assert.Equal(RejectReason.Malformed, _verifier.Verify(null, Encoding.ASCII.GetBytes(text)).Reason);

    [Fact]
    public void Event_OnItsEventTopic_Verifies()
    {
        VerificationResult result = _verifier.Verify(SignedReadings.EventTopic("dev-a"), SignedReadings.Event("dev-a", 3));

        Assert.True(result.IsValid, result.Detail);
        Assert.Equal(3, result.Reading!.Sequence);
    }

    [Fact]
    public void EventOnTheReadingTopic_AndReadingOnTheEventTopic_AreTopicMismatches()
    {
        Assert.Equal(RejectReason.TopicMismatch, _verifier.Verify(SignedReadings.Topic("dev-a"), SignedReadings.Event("dev-a", 3)).Reason);
        Assert.Equal(RejectReason.TopicMismatch, _verifier.Verify(SignedReadings.EventTopic("dev-a"), SignedReadings.Reading("dev-a", 3)).Reason);
    }

    private const string Header = "\"v\":1,\"dev\":\"dev-a\",\"boot\":1,\"ts\":100";

    /// <summary>
    /// The payload's fields are read as a JSON document would give them: of a name given twice the
    /// last counts, names compare unescaped, a nested object's names are not the payload's, and
    /// the payload must be exactly one JSON object. (Its fixed header, {"v":1,"dev":", is the envelope reader's to check.)
    /// </summary>
    [Theory]
    [InlineData("{" + Header + ",\"seq\":5,\"seq\":6}", "seq 6")]
    [InlineData("{" + Header + ",\"seq\":5,\"seq\":\"6\"}", "\"seq\" is missing or not a positive integer")]
    [InlineData("{\"v\":1,\"dev\":\"dev-a\",\"b\\u006fot\":1,\"\\u0074s\":100,\"s\\u0065q\":7}", "seq 7")]
    [InlineData("{" + Header + ",\"n\":{\"seq\":9,\"a\":[{\"seq\":8}]}}", "\"seq\" is missing or not a positive integer")]
    [InlineData("{" + Header + ",\"n\":{\"x\":[1,2]},\"seq\":3}", "seq 3")]
    [InlineData("{" + Header + ",\"seq\":1.0}", "\"seq\" is missing or not a positive integer")]
    [InlineData("{" + Header + ",\"seq\":1,\"dev\":\"dev-b\"}", "\"dev\" is missing or differs")]
    [InlineData("{\"v\":1,\"dev\":\"dev-a\",\"v\":2,\"boot\":1,\"ts\":100,\"seq\":1}", "\"v\" is not 1")]
    [InlineData("{" + Header + ",\"seq\":1} {}", "payload is not JSON")]
    [InlineData("{" + Header + ",\"seq\":1,}", "payload is not JSON")]
    [InlineData("{" + Header + ",\"seq\":1,\"n\":[1,2}", "payload is not JSON")]
    public void PayloadFields_AreReadAsTheDocumentGivesThem(string payload, string expected)
    {
        VerificationResult result = _verifier.Verify(SignedReadings.Topic("dev-a"), SignedReadings.SignedPayload("dev-a", payload));

        string outcome = result.IsValid ? $"seq {result.Reading!.Sequence}" : result.Detail;
        Assert.True(outcome.StartsWith(expected, StringComparison.Ordinal), $"{result.Reason}: {outcome}");
        Assert.True(result.IsValid || result.Reason == RejectReason.BadPayload, result.Reason.ToString());
    }

    [Fact]
    public void AReplacedKey_IsUsedFromTheNextMessageOn()
    {
        // The MAC object of each key is cached per thread: a key set anew under the same kid must not keep verifying with the old one.
        KeyRegistry registry = SignedReadings.Registry();
        ReadingVerifier verifier = new(registry);
        Assert.True(verifier.Verify(null, SignedReadings.Reading("dev-a", 1)).IsValid);

        registry.Set("dev-a", "k1", SignedReadings.KeyB);

        Assert.Equal(RejectReason.BadSignature, verifier.Verify(null, SignedReadings.Reading("dev-a", 2)).Reason);
        Assert.True(verifier.Verify(null, SignedReadings.Reading("dev-a", 3, key: SignedReadings.KeyB)).IsValid);
    }
}
