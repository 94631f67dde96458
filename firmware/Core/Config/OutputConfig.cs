namespace EdgeController.Core.Config
{
    /// <summary>A digital output (a relay or a MOSFET gate).</summary>
    public sealed class OutputConfig
    {
        /// <summary>The output's key ("charge-enable", "load-enable").</summary>
        public string Key { get; set; }

        /// <summary>Its GPIO.</summary>
        public int Gpio { get; set; }

        /// <summary>True when a high level switches it on.</summary>
        public bool ActiveHigh { get; set; }
    }
}
