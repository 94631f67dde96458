namespace EdgeController.Core.Planning
{
    /// <summary>
    /// The names of the operating modes on the console, in the settings and in each reading's
    /// "mode". "standby" is the name settings written before the planner existed used for a
    /// battery that must not move; it still loads, as <see cref="OperatingMode.Maintenance"/>.
    /// </summary>
    public static class OperatingModeNames
    {
        /// <summary>Every accepted name, the console's list in this order.</summary>
        public static readonly string[] All = new string[]
        {
            "auto", "self_consumption", "tou", "backup", "manual", "maintenance", "standby",
        };

        private static readonly OperatingMode[] s_modes = new OperatingMode[]
        {
            OperatingMode.Auto, OperatingMode.SelfConsumption, OperatingMode.TimeOfUseArbitrage, OperatingMode.BackupReserve,
            OperatingMode.Manual, OperatingMode.Maintenance, OperatingMode.Maintenance,
        };

        /// <summary>The mode of a name; false (and Auto) for a name not in <see cref="All"/>.</summary>
        public static bool TryParse(string name, out OperatingMode mode)
        {
            for (int i = 0; i < All.Length; i++)
            {
                if (All[i] == name)
                {
                    mode = s_modes[i];
                    return true;
                }
            }

            mode = OperatingMode.Auto;
            return false;
        }
    }
}
