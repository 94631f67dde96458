using EdgeController.Core.Telemetry;

namespace EdgeController.Core.Composition
{
    /// <summary>
    /// The sizes and budgets of one device, chosen once for the ESP32 (<see cref="ForEsp32"/>)
    /// and used unchanged by the simulator, so what the simulator proves holds for the device's
    /// RAM and flash. Only the reading period may be overridden, for fleet studies.
    /// </summary>
    public sealed class DeviceSizing
    {
        /// <summary>Outbox RAM slots: a cache of the newest messages, so the drain rarely reads flash back.</summary>
        public int OutboxRingMessages { get; set; }

        /// <summary>Flash the outbox's log may take, bytes, before its full-store policy drops the oldest.</summary>
        public int OutboxFlashBudgetBytes { get; set; }

        /// <summary>One segment of the outbox's flash log, bytes (a flash sector).</summary>
        public int OutboxSegmentBytes { get; set; }

        /// <summary>When the outbox forgets a message: at the broker's PUBACK, or at the ledger's acknowledgement.</summary>
        public OutboxReleaseMode OutboxRelease { get; set; }

        /// <summary>The largest signed message: a reading of four channels is about 600 bytes.</summary>
        public int MaxMessageBytes { get; set; }

        /// <summary>First reconnect wait after the broker is lost, ms (half of it fixed, half jitter).</summary>
        public int ReconnectInitialDelayMilliseconds { get; set; }

        /// <summary>The longest reconnect wait, ms.</summary>
        public int ReconnectMaxDelayMilliseconds { get; set; }

        /// <summary>Messages one communication pass publishes at most.</summary>
        public int MessagesPerPass { get; set; }

        /// <summary>Time one communication pass may spend publishing before it starts no new publish, ms.</summary>
        public int PublishBudgetMillisecondsPerPass { get; set; }

        /// <summary>Commands one communication pass takes from the inbox at most.</summary>
        public int CommandsPerPass { get; set; }

        /// <summary>Control periods without a completed tick after which the watchdog reboots.</summary>
        public int WatchdogStalledPeriods { get; set; }

        /// <summary>A reading period that wins over the settings' report_ms, ms; 0 uses the settings.</summary>
        public int ReportPeriodOverrideMilliseconds { get; set; }

        /// <summary>The sizes of an ESP32-WROOM-32 without PSRAM (docs/design.md, device flash log).</summary>
        public static DeviceSizing ForEsp32()
        {
            DeviceSizing sizing = new DeviceSizing();
            // 2 KiB of RAM for the ring; the messages themselves wait on flash. 128 segments of
            // 4 KiB (half of a 1 MiB data partition): 768 readings of ~620 bytes, 2.1 hours of
            // broker outage at a 10 s report period (docs/design.md, device flash log).
            sizing.OutboxRingMessages = 2;
            sizing.OutboxFlashBudgetBytes = 128 * 4096;
            sizing.OutboxSegmentBytes = 4096;
            sizing.OutboxRelease = OutboxReleaseMode.AtBrokerAcknowledgement;
            sizing.MaxMessageBytes = 1024;
            sizing.ReconnectInitialDelayMilliseconds = 2000;
            sizing.ReconnectMaxDelayMilliseconds = 60000;
            sizing.MessagesPerPass = 64;
            sizing.PublishBudgetMillisecondsPerPass = 500;
            sizing.CommandsPerPass = 4;
            sizing.WatchdogStalledPeriods = 30;
            return sizing;
        }
    }
}
