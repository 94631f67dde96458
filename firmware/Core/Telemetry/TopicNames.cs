namespace EdgeController.Core.Telemetry
{
    /// <summary>The MQTT topics of docs/design.md, built once at start-up.</summary>
    public sealed class TopicNames
    {
        /// <summary>Version prefix of every topic.</summary>
        public const string Root = "ec/v1/";

        /// <summary>Builds the topics of one device.</summary>
        public TopicNames(string siteId, string deviceId)
        {
            if (!Identifiers.IsValid(siteId) || !Identifiers.IsValid(deviceId))
            {
                throw new System.ArgumentException("site and device ids must be 1..32 of [A-Za-z0-9_-]");
            }

            string devicePrefix = Root + siteId + "/" + deviceId + "/";
            Reading = devicePrefix + "reading";
            Event = devicePrefix + "event";
            Status = devicePrefix + "status";
            CommandPrefix = devicePrefix + "cmd/";
            CommandFilter = CommandPrefix + "#";
            LedgerHead = Root + siteId + "/ledger/head";
        }

        /// <summary>Signed readings; QoS 1, not retained.</summary>
        public string Reading { get; private set; }

        /// <summary>Signed events; QoS 1.</summary>
        public string Event { get; private set; }

        /// <summary>Retained online/offline status and last will.</summary>
        public string Status { get; private set; }

        /// <summary>The start of every gateway-to-device command topic: .../cmd/ (the kind follows).</summary>
        public string CommandPrefix { get; private set; }

        /// <summary>The filter a device subscribes to for all its commands: .../cmd/#.</summary>
        public string CommandFilter { get; private set; }

        /// <summary>The topic of one kind of command: .../cmd/&lt;kind&gt; (tariff, ack, resend, award).</summary>
        public string CommandOf(string kind)
        {
            return CommandPrefix + kind;
        }

        /// <summary>The gateway's retained ledger checkpoint for the site.</summary>
        public string LedgerHead { get; private set; }
    }
}
