using EdgeController.Core.FixedPoint;
using EdgeController.Core.Metering;
using EdgeController.Core.Planning;
using EdgeController.Core.Signing;
using EdgeController.Core.Telemetry;
using EdgeController.Hal;

namespace EdgeController.Core.Control
{
    /// <summary>
    /// The device's main loop body. Each <see cref="Tick"/> samples every power channel and the
    /// battery voltage, integrates energy, and once per report period emits a signed reading into
    /// the outbox. The reading's seq is persisted before the reading exists, so a reboot can lose
    /// at most a reading that was never sent, but never reuse a seq. With the energy control
    /// attached (<see cref="AttachEnergyControl"/>), each tick also runs the dispatch and charge
    /// loop between sampling and reporting, and a change of the protection's faults goes out as a
    /// signed event in the same tick. A steady-state tick allocates nothing.
    /// </summary>
    public sealed class Controller : ISequenceSource
    {
        /// <summary>The mode of a new device.</summary>
        public const string DefaultMode = "auto";

        private readonly DeviceIdentity _identity;
        private readonly int _reportPeriodMilliseconds;
        private readonly IClock _clock;
        private readonly string[] _channelKeys;
        private readonly IPowerSensor[] _channelSensors;
        private readonly ScaledVoltageInput _batteryVoltage;
        private readonly MeterCounters _counters;
        private readonly SignedEnvelopeWriter _envelopeWriter;
        private readonly TelemetryOutbox _outbox;
        private readonly ReadingHeader _header = new ReadingHeader();
        private readonly byte[] _message;
        private MeterChannel[] _channels;
        private ReadingFormatter _formatter;
        private DeviceFaultMask _faults;
        private int _faultFlagsRaisedBeforeStart;
        private long _lastTickUptimeMilliseconds;
        private long _periodStartUptimeMilliseconds;
        private SiteControl _energy;
        private ProtectionEventReporter _protectionEvents;
        private OperatingMode _mode;
        private string _modeName;
        private int _manualBatteryDischargeWatts;

        /// <summary>Wires the controller; nothing touches hardware until <see cref="Start"/>.</summary>
        public Controller(
            DeviceIdentity identity,
            int reportPeriodMilliseconds,
            IClock clock,
            string[] channelKeys,
            IPowerSensor[] channelSensors,
            ScaledVoltageInput batteryVoltage,
            MeterStateStore stateStore,
            SignedEnvelopeWriter envelopeWriter,
            TelemetryOutbox outbox)
        {
            if (reportPeriodMilliseconds < 100)
            {
                throw new System.ArgumentOutOfRangeException("reportPeriodMilliseconds", "at least 100 ms");
            }

            if (channelKeys.Length != channelSensors.Length || channelKeys.Length > MeterState.MaxChannels)
            {
                throw new System.ArgumentException("one key per sensor, at most 8 channels");
            }

            _identity = identity;
            _reportPeriodMilliseconds = reportPeriodMilliseconds;
            _clock = clock;
            _channelKeys = channelKeys;
            _channelSensors = channelSensors;
            _batteryVoltage = batteryVoltage;
            _counters = new MeterCounters(stateStore, channelKeys.Length);
            _envelopeWriter = envelopeWriter;
            _outbox = outbox;
            _message = new byte[outbox.MaxMessageBytes];
            _mode = OperatingMode.Auto;
            _modeName = DefaultMode;
        }

        /// <summary>
        /// The operating mode, by name: the one owner of the mode asked for. It is written into
        /// each reading ("mode") and handed to the energy control at every tick. Setting a name
        /// that <see cref="OperatingModeNames"/> does not know changes nothing (the console and the
        /// settings accept only those names); "standby", the old name, runs as maintenance and keeps its name.
        /// </summary>
        public string Mode
        {
            get
            {
                return _modeName;
            }

            set
            {
                OperatingMode mode;
                if (OperatingModeNames.TryParse(value, out mode))
                {
                    _mode = mode;
                    _modeName = value;
                }
            }
        }

        /// <summary>The operating mode asked for.</summary>
        public OperatingMode OperatingMode
        {
            get { return _mode; }
        }

        /// <summary>The battery power manual mode holds, W, positive = discharge ("manual_w"; the console sets it).</summary>
        public int ManualBatteryDischargeWatts
        {
            get
            {
                return _manualBatteryDischargeWatts;
            }

            set
            {
                _manualBatteryDischargeWatts = value;
                if (_energy != null)
                {
                    _energy.Loop.Planner.ManualBatteryDischargeMilliwatts = Saturating.ToInt32((long)value * 1000);
                }
            }
        }

        /// <summary>The energy control, or null on a device that only meters.</summary>
        public SiteControl EnergyControl
        {
            get { return _energy; }
        }

        /// <summary>The boot counter of this run (1 on a new device).</summary>
        public long BootCount
        {
            get { return _counters.BootCount; }
        }

        /// <summary>The seq of the last reading emitted (0 before the first).</summary>
        public long LastSequence
        {
            get { return _counters.LastSequence; }
        }

        /// <summary>Readings emitted since boot.</summary>
        public long ReadingsEmitted { get; private set; }

        /// <summary>Readings that did not fit a message buffer (a configuration error, counted).</summary>
        public long ReadingsTooLarge { get; private set; }

        /// <summary>The channels, in board order.</summary>
        public MeterChannel[] Channels
        {
            get { return _channels; }
        }

        /// <summary>The current fault mask ("flt").</summary>
        public int FaultFlagsNow
        {
            get { return _faults == null ? _faultFlagsRaisedBeforeStart : _faults.Now; }
        }

        /// <summary>Loads the persisted state, counts this boot, and takes the first samples.</summary>
        public void Start()
        {
            _counters.Boot(_outbox);
            _channels = new MeterChannel[_channelKeys.Length];
            for (int i = 0; i < _channels.Length; i++)
            {
                _channels[i] = new MeterChannel(
                    _channelKeys[i], _channelSensors[i], _counters.ForwardMilliwattHours[i], _counters.ReverseMilliwattHours[i]);
            }

            _faults = new DeviceFaultMask(_channels, _batteryVoltage, _outbox, _counters.LostAtBoot);
            _faults.Raise(_faultFlagsRaisedBeforeStart);

            _formatter = new ReadingFormatter(_identity.DeviceId, _channels);
            long now = _clock.UptimeMilliseconds;
            _lastTickUptimeMilliseconds = now;
            _periodStartUptimeMilliseconds = now;
            SampleAll(0);
        }

        /// <summary>
        /// Attaches the dispatch and charge loop (after <see cref="Start"/>, whose channels it
        /// reads): starts its state of charge and gives it the current mode. Protection changes
        /// are published through protectionEvents.
        /// </summary>
        public void AttachEnergyControl(SiteControl energy, ProtectionEventReporter protectionEvents)
        {
            if (_channels == null)
            {
                throw new System.InvalidOperationException("start the controller first: the energy control reads its channels");
            }

            _energy = energy;
            _faults.Attach(energy);
            _protectionEvents = protectionEvents;
            energy.Start();
            ManualBatteryDischargeWatts = _manualBatteryDischargeWatts;
        }

        /// <summary>Latches a fault bit found outside the controller (e.g. settings lost) until <see cref="ClearLatchedFaults"/>.</summary>
        public void RaiseFault(int faultFlag)
        {
            if (_faults == null)
            {
                _faultFlagsRaisedBeforeStart |= faultFlag;
                return;
            }

            _faults.Raise(faultFlag);
        }

        /// <summary>
        /// Clears what is latched (meter state lost at boot, outbox drops so far, raised bits);
        /// live sensor faults come back at the next sample while their cause remains.
        /// </summary>
        public void ClearLatchedFaults()
        {
            _faultFlagsRaisedBeforeStart = 0;
            if (_faults != null)
            {
                _faults.ClearLatched();
            }
        }

        /// <summary>
        /// Takes the next seq for a message other than a reading (a signed event), persisted
        /// first like a reading's, so readings and events share one strictly increasing counter.
        /// </summary>
        public long ReserveSequence()
        {
            long sequence = _counters.TakeNextSequence();
            _counters.CaptureRegisters(_channels);
            _counters.Save();
            return sequence;
        }

        /// <summary>
        /// Persists the energy registers now (before a controlled reboot), so the energy since
        /// the last reading survives it; a power cut loses at most that much, never a seq.
        /// </summary>
        public void PersistState()
        {
            _counters.CaptureRegisters(_channels);
            _counters.Save();
            if (_energy != null)
            {
                _energy.PersistState();
            }
        }

        /// <summary>One pass of the loop. Returns true when a reading was emitted.</summary>
        public bool Tick()
        {
            long now = _clock.UptimeMilliseconds;
            long elapsed = now - _lastTickUptimeMilliseconds;
            _lastTickUptimeMilliseconds = now;
            // A clock cannot go back; a gap longer than int milliseconds (24 days) is clamped.
            int elapsedMilliseconds = elapsed < 0 ? 0 : (elapsed > int.MaxValue ? int.MaxValue : (int)elapsed);
            SampleAll(elapsedMilliseconds);
            if (_energy != null)
            {
                _energy.Tick(elapsedMilliseconds, _mode);
                _protectionEvents.Poll(_energy.ProtectionFaults);
            }

            long periodMilliseconds = now - _periodStartUptimeMilliseconds;
            if (periodMilliseconds < _reportPeriodMilliseconds)
            {
                return false;
            }

            _periodStartUptimeMilliseconds = now;
            return EmitReading(periodMilliseconds);
        }

        private void SampleAll(int elapsedMilliseconds)
        {
            for (int i = 0; i < _channels.Length; i++)
            {
                _channels[i].Sample(elapsedMilliseconds);
            }

            _batteryVoltage.Sample();
        }

        private bool EmitReading(long periodMilliseconds)
        {
            long sequence = _counters.TakeNextSequence();
            for (int i = 0; i < _channels.Length; i++)
            {
                _channels[i].ClosePeriod();
            }

            _counters.CaptureRegisters(_channels);

            // Which write comes first decides what a power cut between them costs.
            // RAM-only outbox: the state first, so the seq is spent but never reused (the reading
            // is lost with the RAM anyway). Durable outbox: the reading first, on flash with its seq,
            // then the state; a cut between them leaves the reading queued and Start continues
            // above its seq. Either way no seq is used twice, and with a durable outbox none is
            // skipped either. (The price: after such a cut the energy registers restart from the
            // previous saved state, at most one report period behind the queued reading's.)
            bool durable = _outbox.IsDurable;
            if (!durable)
            {
                _counters.Save();
            }

            _header.BootCount = _counters.BootCount;
            _header.Sequence = sequence;
            _header.UnixTimeMilliseconds = _clock.UnixTimeMilliseconds;
            _header.TimeSynchronized = _clock.IsWallClockSynchronized;
            _header.PeriodMilliseconds = periodMilliseconds;

            int payloadLength = _formatter.Write(
                _message, SignedEnvelopeWriter.PayloadOffset, _header, _channels,
                _batteryVoltage.Millivolts, _energy == null ? null : _energy.ReadingFields, _modeName, FaultFlagsNow);
            int messageLength = payloadLength > 0 ? _envelopeWriter.Seal(_message, payloadLength) : -1;
            bool queued = messageLength >= 0
                && _outbox.Enqueue(MessageKind.Reading, _header.Sequence, _message, messageLength);
            if (durable)
            {
                _counters.Save();
            }

            if (!queued)
            {
                ReadingsTooLarge++;
                return false;
            }

            ReadingsEmitted++;
            return true;
        }
    }
}
