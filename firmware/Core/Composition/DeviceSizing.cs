namespace EdgeController.Core.Composition
{
    /// <summary>
    /// The sizes and budgets of one device, chosen once for the ESP32 (<see cref="ForEsp32"/>)
    /// and used unchanged by the simulator, so what the simulator proves holds for the device's
    /// RAM and flash. Only the reading period may be overridden, for fleet studies.
    /// </summary>
    public sealed class DeviceSizing
    {
        /// <summary>Outbox RAM slots, also the messages of one flash segment.</summary>
        public int OutboxRingMessages { get; set; }

        /// <summary>Flash segments the outbox keeps before its full-store policy drops the oldest.</summary>
        public int OutboxFlashSegments { get; set; }

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
            sizing.OutboxRingMessages = 32;
            sizing.OutboxFlashSegments = 256;
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
