namespace EdgeController.Core.Commands
{
    /// <summary>What the device did with a message on its cmd topics; counted by reason.</summary>
    public enum CommandRejection
    {
        /// <summary>Verified and applied.</summary>
        None = 0,

        /// <summary>Not a signed envelope: unsigned, truncated, not EC1, or a payload not opening with {"v":1,"dev":"... (or "v":2 for a tariff).</summary>
        NotSigned = 1,

        /// <summary>Signed for another device.</summary>
        WrongDevice = 2,

        /// <summary>Signed with a key id other than this device's gateway key.</summary>
        UnknownKey = 3,

        /// <summary>The MAC does not match.</summary>
        BadSignature = 4,

        /// <summary>Verified, but the payload is not a v1 command as specified.</summary>
        BadPayload = 5,

        /// <summary>Verified, but a command this firmware does not know.</summary>
        UnsupportedCommand = 6,

        /// <summary>cmdseq not above the last applied one (a replay or an older command).</summary>
        Replayed = 7,

        /// <summary>Its validity window has ended.</summary>
        Expired = 8,

        /// <summary>The device's wall clock is not synchronized, so the window cannot be checked.</summary>
        ClockNotSynchronized = 9,

        /// <summary>Verified, but its "cmd" is not the kind its topic .../cmd/&lt;kind&gt; names.</summary>
        TopicMismatch = 10,
    }
}
