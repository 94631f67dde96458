using EdgeController.Core.Config;
using EdgeController.Core.Control;
using EdgeController.Core.Storage;
using EdgeController.Core.Telemetry;
using EdgeController.Hal;
using EdgeController.Hal.Esp32;

namespace EdgeController.Device
{
    /// <summary>What the console reports: one place that reads the running parts, as key=value lines.</summary>
    public sealed class DeviceStatus
    {
        /// <summary>The device id, or "unprovisioned".</summary>
        public string DeviceId { get; set; }

        /// <summary>The key id (never the key).</summary>
        public string KeyId { get; set; }

        /// <summary>The boot journal.</summary>
        public BootJournal Journal { get; set; }

        /// <summary>The validated board config, or null.</summary>
        public BoardConfig Config { get; set; }

        /// <summary>Why there is no running controller (settings or board config errors), or null.</summary>
        public string[] Problems { get; set; }

        /// <summary>The controller, once started.</summary>
        public Controller Controller { get; set; }

        /// <summary>The control loop, once started.</summary>
        public ControlLoop Loop { get; set; }

        /// <summary>The outbox, once created.</summary>
        public TelemetryOutbox Outbox { get; set; }

        /// <summary>The publisher, once created.</summary>
        public TelemetryPublisher Publisher { get; set; }

        /// <summary>The MQTT link, once created.</summary>
        public M2MqttLink Link { get; set; }

        /// <summary>The MQTT thread, once created.</summary>
        public MqttPump Pump { get; set; }

        /// <summary>The clock.</summary>
        public IClock Clock { get; set; }

        /// <summary>Writes the status lines (without the final OK).</summary>
        public void WriteStatus(UartConsolePort port)
        {
            port.WriteLine("dev=" + (DeviceId ?? "unprovisioned"));
            port.WriteLine("kid=" + (KeyId ?? "none"));
            port.WriteLine("reset_reason=" + Journal.LastResetReason);
            port.WriteLine("crashes=" + Journal.CrashCount.ToString());
            if (Clock != null)
            {
                port.WriteLine("uptime_ms=" + Clock.UptimeMilliseconds.ToString());
                port.WriteLine("time_synced=" + (Clock.IsWallClockSynchronized ? "1" : "0"));
            }

            if (Controller == null)
            {
                port.WriteLine("controller=stopped");
                return;
            }

            port.WriteLine("boot=" + Controller.BootCount.ToString());
            port.WriteLine("seq=" + Controller.LastSequence.ToString());
            port.WriteLine("flt=" + Controller.FaultFlagsNow.ToString());
            port.WriteLine("ticks=" + Loop.Ticks.ToString());
            port.WriteLine("overruns=" + Loop.Overruns.ToString());
            port.WriteLine("tick_failures=" + Loop.Failures.ToString());
            port.WriteLine("queued=" + Outbox.Count.ToString());
            port.WriteLine("dropped=" + Outbox.DroppedCount.ToString());
            port.WriteLine("published=" + Publisher.PublishedCount.ToString());
            port.WriteLine("network=" + (Pump.NetworkUp ? "up" : "down"));
            port.WriteLine("mqtt=" + (Link.IsConnected ? "connected" : "disconnected"));
        }

        /// <summary>Writes the board config summary or its errors (without the final OK).</summary>
        public void WriteConfig(UartConsolePort port)
        {
            if (Config != null)
            {
                port.WriteLine("board=" + Config.Board);
                port.WriteLine("valid=1");
                port.WriteLine("channels=" + Config.Ina219.Length.ToString());
                port.WriteLine("control_period_ms=" + Config.Loop.ControlPeriodMilliseconds.ToString());
                port.WriteLine("report_period_ms=" + Config.Loop.ReportPeriodMilliseconds.ToString());
                return;
            }

            port.WriteLine("valid=0");
            for (int i = 0; Problems != null && i < Problems.Length; i++)
            {
                port.WriteLine("error=" + Problems[i]);
            }
        }
    }
}
