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
}
