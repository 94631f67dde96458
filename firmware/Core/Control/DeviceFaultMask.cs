using EdgeController.Core.Metering;
using EdgeController.Core.Telemetry;
using EdgeController.Hal;

namespace EdgeController.Core.Control
{
    /// <summary>
    /// The device's fault mask ("flt" in each reading): live faults read from their owners at
    /// every call (sensor status, protection, actuator), and latched ones (meter state lost at
    /// boot, outbox drops, bits raised outside the controller) kept until a technician clears them.
    /// </summary>
    internal sealed class DeviceFaultMask
    {
        private readonly MeterChannel[] _channels;
        private readonly ScaledVoltageInput _batteryVoltage;
        private readonly TelemetryOutbox _outbox;
        private SiteControl _energy;
        private bool _stateLostAtBoot;
        private long _outboxDroppedAtClear;
        private int _latchedFaultFlags;

        public DeviceFaultMask(MeterChannel[] channels, ScaledVoltageInput batteryVoltage, TelemetryOutbox outbox, bool stateLostAtBoot)
        {
            _channels = channels;
            _batteryVoltage = batteryVoltage;
            _outbox = outbox;
            _stateLostAtBoot = stateLostAtBoot;
        }

        /// <summary>The energy control whose protection and actuator faults join the mask.</summary>
        public void Attach(SiteControl energy)
        {
            _energy = energy;
        }

        public int Now
        {
            get
            {
                int flags = 0;
                for (int i = 0; i < _channels.Length; i++)
                {
                    if (_channels[i].LastStatus != SensorStatus.Ok)
                    {
                        flags |= FaultFlags.PowerChannel(i);
                    }
                }

                if (_batteryVoltage.LastStatus != SensorStatus.Ok)
                {
                    flags |= FaultFlags.BatteryVoltageSensor;
                }

                if (_stateLostAtBoot)
                {
                    flags |= FaultFlags.MeterStateLost;
                }

                if (_outbox.DroppedCount > _outboxDroppedAtClear)
                {
                    flags |= FaultFlags.OutboxOverflow;
                }

                if (_energy != null)
                {
                    flags |= FaultFlags.Protection(_energy.ProtectionFaults);
                    if (_energy.ActuatorNotResponding)
                    {
                        flags |= FaultFlags.ActuatorNotResponding;
                    }
                }

                return flags | _latchedFaultFlags;
            }
        }

        public void Raise(int faultFlag)
        {
            _latchedFaultFlags |= faultFlag;
        }

        public void ClearLatched()
        {
            _stateLostAtBoot = false;
            _outboxDroppedAtClear = _outbox.DroppedCount;
            _latchedFaultFlags = 0;
            if (_energy != null)
            {
                _energy.ClearLatchedProtection();
            }
        }
    }
}
