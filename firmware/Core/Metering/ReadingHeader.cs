namespace EdgeController.Core.Metering
{
    /// <summary>The identifying fields of one reading, filled by the controller before formatting.</summary>
    public sealed class ReadingHeader
    {
        /// <summary>"boot": the boot counter.</summary>
        public long BootCount;

        /// <summary>"seq": the reading counter, strictly increasing for the device's life.</summary>
        public long Sequence;

        /// <summary>"ts": device time at the end of the period, Unix ms.</summary>
        public long UnixTimeMilliseconds;

        /// <summary>"tq": whether the wall clock was synchronized.</summary>
        public bool TimeSynchronized;

        /// <summary>"per": length of the interval the reading covers, ms.</summary>
        public long PeriodMilliseconds;
    }
}
