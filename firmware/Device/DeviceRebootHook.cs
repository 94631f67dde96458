using System.Threading;
using EdgeController.Core.Storage;
using EdgeController.Core.Telemetry;
using EdgeController.Hal;

namespace EdgeController.Device
{
    /// <summary>
    /// The console's `reboot` on the device. By the time it is called the console has saved the
    /// meter state and queued the signed reboot event; this hook lets the MQTT thread (which does
    /// not need the core lock) deliver what is queued for a bounded time, since the device's
    /// outbox is in RAM, records "console reboot" in the boot journal so the next boot does not
    /// count a crash, and hands over to the ESP32's reset.
    /// </summary>
    public sealed class DeviceRebootHook : IRebootHook
    {
        /// <summary>The longest wait for the outbox to drain before the reset, ms.</summary>
        public const int DrainTimeoutMilliseconds = 3000;

        /// <summary>The reason recorded in the boot journal.</summary>
        public const string Reason = "console reboot";

        private const int DrainPollMilliseconds = 100;

        private readonly BootJournal _journal;
        private readonly TelemetryOutbox _outbox;
        private readonly IRebootHook _reset;

        /// <summary>Wires the hook; reset is the hardware reset (<see cref="Hal.Esp32.Esp32RebootHook"/>).</summary>
        public DeviceRebootHook(BootJournal journal, TelemetryOutbox outbox, IRebootHook reset)
        {
            _journal = journal;
            _outbox = outbox;
            _reset = reset;
        }

        /// <inheritdoc />
        public void RequestReboot()
        {
            for (int waited = 0; waited < DrainTimeoutMilliseconds && _outbox.Count > 0; waited += DrainPollMilliseconds)
            {
                Thread.Sleep(DrainPollMilliseconds);
            }

            _journal.RecordRestart(Reason);
            _reset.RequestReboot();
        }
    }
}
