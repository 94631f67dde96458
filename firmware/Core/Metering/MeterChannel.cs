using EdgeController.Core.FixedPoint;
using EdgeController.Hal;

namespace EdgeController.Core.Metering
{
    /// <summary>
    /// One DC measurement point (PV, battery, load or grid): its sensor, its last valid sample,
    /// its forward/reverse energy registers and the average power of the current report period.
    /// </summary>
    public sealed class MeterChannel
    {
        /// <summary>Short ASCII key that prefixes this channel's fields in a reading ("grid", "pv", ...).</summary>
        public readonly string Key;

        private readonly IPowerSensor _sensor;
        private readonly EnergyRegisterPair _energy;
        private long _periodMilliwattMilliseconds;
        private int _periodMilliseconds;

        /// <summary>Creates a channel whose registers continue from persisted values.</summary>
        public MeterChannel(string key, IPowerSensor sensor, long forwardMilliwattHours, long reverseMilliwattHours)
        {
            if (!Identifiers.IsValid(key, 8))
            {
                throw new System.ArgumentException("channel key must be 1..8 of [A-Za-z0-9_-]", "key");
            }

            Key = key;
            _sensor = sensor;
            _energy = new EnergyRegisterPair(forwardMilliwattHours, reverseMilliwattHours);
            LastStatus = SensorStatus.NotReady;
        }

        /// <summary>Bus voltage of the last valid sample, mV.</summary>
        public int BusMillivolts { get; private set; }

        /// <summary>Current of the last valid sample, mA, positive in the channel's forward direction.</summary>
        public int CurrentMilliamps { get; private set; }

        /// <summary>Power of the last valid sample, mW, positive forward.</summary>
        public int PowerMilliwatts { get; private set; }

        /// <summary>Outcome of the last read.</summary>
        public SensorStatus LastStatus { get; private set; }

        /// <summary>Reads that failed since boot.</summary>
        public int FailedReads { get; private set; }

        /// <summary>Forward energy register, mWh.</summary>
        public long ForwardMilliwattHours
        {
            get { return _energy.ForwardMilliwattHours; }
        }

        /// <summary>Reverse energy register, mWh.</summary>
        public long ReverseMilliwattHours
        {
            get { return _energy.ReverseMilliwattHours; }
        }

        /// <summary>
        /// Reads the sensor and integrates the time since the previous sample. The new sample is
        /// held back over that time (the meter's documented choice: sample-and-hold from the
        /// right). A failed read integrates nothing: the energy of that interval is lost rather
        /// than invented, and the failure shows in <see cref="LastStatus"/> and the fault mask.
        /// </summary>
        public void Sample(int elapsedMilliseconds)
        {
            int busMillivolts;
            int currentMilliamps;
            SensorStatus status = _sensor.Read(out busMillivolts, out currentMilliamps);
            LastStatus = status;
            if (status != SensorStatus.Ok)
            {
                FailedReads++;
                return;
            }

            BusMillivolts = busMillivolts;
            CurrentMilliamps = currentMilliamps;
            // mV x mA = µW; round to the nearest mW.
            PowerMilliwatts = Saturating.DivideRounded((long)busMillivolts * currentMilliamps, 1000);
            if (elapsedMilliseconds > 0)
            {
                _energy.Add(PowerMilliwatts, elapsedMilliseconds);
                _periodMilliwattMilliseconds += (long)PowerMilliwatts * elapsedMilliseconds;
                _periodMilliseconds += elapsedMilliseconds;
            }
        }

        /// <summary>The mean power of the period the last <see cref="ClosePeriod"/> ended, mW (what the reading reports).</summary>
        public int PeriodAveragePowerMilliwatts { get; private set; }

        /// <summary>
        /// Ends the reporting period: its mean power (energy over the time that was measured,
        /// truncated toward zero; 0 when nothing was measured) becomes
        /// <see cref="PeriodAveragePowerMilliwatts"/>, and a new period starts. The controller
        /// calls it before the reading is formatted, so formatting changes no state.
        /// </summary>
        public void ClosePeriod()
        {
            PeriodAveragePowerMilliwatts = _periodMilliseconds > 0
                ? Saturating.Divide(_periodMilliwattMilliseconds, _periodMilliseconds)
                : 0;
            _periodMilliwattMilliseconds = 0;
            _periodMilliseconds = 0;
        }
    }
}
