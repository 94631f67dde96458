using EdgeController.Hal;

namespace EdgeController.Core.Control
{
    /// <summary>
    /// A battery converter with an analog ± power setpoint input with a live zero, driven by a
    /// duty output: 60 % is idle, 20 % the full rated charge, full scale the full rated discharge,
    /// and below 20 % no command (<see cref="SetpointDuty.ForBatteryPower"/>). The output starts
    /// and ends at idle (the platform's job, hal/Esp32 PwmDutyOutput); an undriven pin reads
    /// 0 V, below the live zero, and the converter set to idle on a lost setpoint does nothing.
    /// </summary>
    public sealed class SetpointBatteryConverter : IBatteryConverter
    {
        private readonly IDutyCycleOutput _output;
        private readonly int _ratedMilliwatts;

        /// <summary>The output and the power at either end of the input's range, W (1..2,000,000 as the loader allows).</summary>
        public SetpointBatteryConverter(IDutyCycleOutput output, int ratedWatts)
        {
            _output = output;
            _ratedMilliwatts = ratedWatts * 1000;
        }

        /// <inheritdoc />
        public bool SetPowerMilliwatts(int powerMilliwatts)
        {
            return _output.TrySetDutyPerTenThousand(SetpointDuty.ForBatteryPower(powerMilliwatts, _ratedMilliwatts));
        }
    }
}
