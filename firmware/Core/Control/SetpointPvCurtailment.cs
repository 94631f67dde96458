using EdgeController.Hal;

namespace EdgeController.Core.Control
{
    /// <summary>
    /// The PV controller's output limit through its analog limit input, driven by a duty output:
    /// the duty is the limit over the controller's rating, full scale for no limit
    /// (<see cref="SetpointDuty.ForPvLimit"/>). The output starts at full scale, so until the first
    /// tick the PV charges as it would without the controller.
    /// </summary>
    public sealed class SetpointPvCurtailment : IPvCurtailment
    {
        private readonly IDutyCycleOutput _output;
        private readonly int _ratedMilliwatts;

        /// <summary>The output and the PV controller's rated output (full scale of the input), W.</summary>
        public SetpointPvCurtailment(IDutyCycleOutput output, int ratedWatts)
        {
            _output = output;
            _ratedMilliwatts = ratedWatts * 1000;
        }

        /// <inheritdoc />
        public bool SetLimitMilliwatts(int limitMilliwatts)
        {
            return _output.TrySetDutyPerTenThousand(SetpointDuty.ForPvLimit(limitMilliwatts, _ratedMilliwatts));
        }
    }
}
