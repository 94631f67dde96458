namespace EdgeController.Ledger;

/// <summary>Why the gateway refused a message. Stored in the quarantine table by name.</summary>
public enum RejectReason
{
    /// <summary>Not a well-formed envelope (the detail names the defect).</summary>
    Malformed,

    /// <summary>The device id is not in the key registry.</summary>
    UnknownDevice,

    /// <summary>The device is known but not this key id.</summary>
    UnknownKey,

    /// <summary>The MAC does not match.</summary>
    BadSignature,

    /// <summary>The topic names another device or is not a reading topic.</summary>
    TopicMismatch,

    /// <summary>Signed, but the payload is not a JSON object with the required keys.</summary>
    BadPayload,

    /// <summary>seq is below the last accepted for the device: a replay or a reordering.</summary>
    StaleSequence,

    /// <summary>seq equals one already accepted but the bytes differ.</summary>
    ConflictingSequence,
}
