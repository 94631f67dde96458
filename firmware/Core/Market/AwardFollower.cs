using EdgeController.Core.Commands;

namespace EdgeController.Core.Market
{
    /// <summary>
    /// Turns the market's award for the running slot into the battery power the dispatch should
    /// aim for, in place of the planner's preference. The award's net export (sold − bought) is
    /// a target for the slot's grid energy: what is still to deliver, read from the grid
    /// registers since the slot began, is spread over the time left, and the battery makes up
    /// the difference between that grid power and the load less PV. It stays a preference: the
    /// dispatch keeps every limit and protection gate, and the battery discharges for an award
    /// only while it holds energy above the planner's reserve. What the device cannot deliver
    /// is settled as deviation at the grid's prices. Outside an award's slot the planner's
    /// preference passes unchanged. Allocation-free per tick.
    /// </summary>
    public sealed class AwardFollower
    {
        private const long MillisecondsPerHour = 3600000;

        /// <summary>The least time left the rate is spread over, ms: the last second of a slot must not ask for a huge power.</summary>
        public const long MinimumRemainingMilliseconds = 10000;

        private readonly AwardCommand _award = new AwardCommand();
        private bool _hasAward;
        private long _baselineSlot = long.MinValue;
        private long _baselineImportMilliwattHours;
        private long _baselineExportMilliwattHours;

        /// <summary>The cmdseq of the award in force (0 before any).</summary>
        public long AppliedCommandSequence { get; private set; }

        /// <summary>True while the last call followed an award.</summary>
        public bool Following { get; private set; }

        /// <summary>
        /// Takes a verified award (read by <see cref="AwardCommandReader"/>): applied only with a
        /// synchronised clock, a cmdseq above the last applied, and before its slot ends.
        /// </summary>
        public CommandRejection Accept(AwardCommand award, long nowUnixMilliseconds, bool wallClockSynchronized)
        {
            if (!wallClockSynchronized)
            {
                return CommandRejection.ClockNotSynchronized;
            }

            if (award.CommandSequence <= AppliedCommandSequence)
            {
                return CommandRejection.Replayed;
            }

            if (nowUnixMilliseconds >= award.ValidUntilUnixMilliseconds)
            {
                return CommandRejection.Expired;
            }

            _award.CopyFrom(award);
            _hasAward = true;
            AppliedCommandSequence = award.CommandSequence;
            return CommandRejection.None;
        }

        /// <summary>
        /// The battery power to aim for now, mW, positive = discharge.
        /// </summary>
        /// <param name="nowUnixMilliseconds">Wall clock now.</param>
        /// <param name="plannerPreferredMilliwatts">The planner's preference (what passes when no award runs).</param>
        /// <param name="loadMilliwatts">Load now, mW.</param>
        /// <param name="pvMilliwatts">PV now, mW.</param>
        /// <param name="gridImportMilliwattHours">The grid channel's import register (forward), mWh.</param>
        /// <param name="gridExportMilliwattHours">The grid channel's export register (reverse), mWh.</param>
        /// <param name="energyAboveReserveMilliwattHours">Energy the battery holds above the planner's reserve, mWh.</param>
        public int PreferredBatteryDischargeMilliwatts(
            long nowUnixMilliseconds, int plannerPreferredMilliwatts, int loadMilliwatts, int pvMilliwatts,
            long gridImportMilliwattHours, long gridExportMilliwattHours, long energyAboveReserveMilliwattHours)
        {
            Following = false;
            if (!_hasAward || nowUnixMilliseconds < _award.ValidFromUnixMilliseconds || nowUnixMilliseconds >= _award.ValidUntilUnixMilliseconds)
            {
                return plannerPreferredMilliwatts;
            }

            if (_baselineSlot != _award.SlotStartUnixMilliseconds)
            {
                // The first tick inside the slot: the registers now are its start (within one tick).
                _baselineSlot = _award.SlotStartUnixMilliseconds;
                _baselineImportMilliwattHours = gridImportMilliwattHours;
                _baselineExportMilliwattHours = gridExportMilliwattHours;
            }

            long targetExportMilliwattHours = (_award.SellWattHours - _award.BuyWattHours) * 1000;
            long deliveredMilliwattHours = (gridExportMilliwattHours - _baselineExportMilliwattHours) - (gridImportMilliwattHours - _baselineImportMilliwattHours);
            long remainingMilliseconds = _award.ValidUntilUnixMilliseconds - nowUnixMilliseconds;
            if (remainingMilliseconds < MinimumRemainingMilliseconds)
            {
                remainingMilliseconds = MinimumRemainingMilliseconds;
            }

            long exportMilliwatts = (targetExportMilliwattHours - deliveredMilliwattHours) * MillisecondsPerHour / remainingMilliseconds;
            long batteryDischargeMilliwatts = exportMilliwatts + loadMilliwatts - pvMilliwatts;
            if (batteryDischargeMilliwatts > 0 && energyAboveReserveMilliwattHours <= 0)
            {
                // The reserve is the planner's: the award never draws the battery below it.
                batteryDischargeMilliwatts = plannerPreferredMilliwatts > 0 ? plannerPreferredMilliwatts : 0;
            }

            Following = true;
            return batteryDischargeMilliwatts > int.MaxValue ? int.MaxValue : (batteryDischargeMilliwatts < int.MinValue ? int.MinValue : (int)batteryDischargeMilliwatts);
        }
    }
}
