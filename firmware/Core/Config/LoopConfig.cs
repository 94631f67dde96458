namespace EdgeController.Core.Config
{
    /// <summary>The loop's periods.</summary>
    public sealed class LoopConfig
    {
        /// <summary>Period of the control loop (one Controller.Tick), ms.</summary>
        public int ControlPeriodMilliseconds { get; set; }

        /// <summary>Period of signed readings, ms (a multiple of the control period).</summary>
        public int ReportPeriodMilliseconds { get; set; }
    }
}
