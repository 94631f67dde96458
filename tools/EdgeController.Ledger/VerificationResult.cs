namespace EdgeController.Ledger;

/// <summary>The outcome of checking one message: a verified reading, or a reason with detail.</summary>
public sealed record VerificationResult(VerifiedReading? Reading, RejectReason Reason, string Detail)
{
    /// <summary>True when the message is authentic and well formed.</summary>
    public bool IsValid => Reading is not null;

    /// <summary>A valid result.</summary>
    public static VerificationResult Valid(VerifiedReading reading) => new(reading, default, "");

    /// <summary>A rejection.</summary>
    public static VerificationResult Rejected(RejectReason reason, string detail) => new(null, reason, detail);
}
