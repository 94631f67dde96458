namespace EdgeController.Core.Config
{
    /// <summary>The battery's chemistry and the limits the controller must respect.</summary>
    public sealed class BatteryConfig
    {
        /// <summary>"LiFePO4", "li-ion" or "lead-acid".</summary>
        public string Chemistry { get; set; }

        /// <summary>Cells in series.</summary>
        public int Cells { get; set; }

        /// <summary>Rated capacity, mAh (what state of charge counts against, and what the plan sizes energy by).</summary>
        public int CapacityMilliampHours { get; set; }

        /// <summary>Coulombic efficiency on charge, per mille; 0 (the field left out) takes the chemistry's default.</summary>
        public int ChargeEfficiencyPerMille { get; set; }

        /// <summary>Absorption (end of bulk charge) voltage per cell, mV.</summary>
        public int ChargeMillivoltsPerCell { get; set; }

        /// <summary>Float voltage per cell, mV.</summary>
        public int FloatMillivoltsPerCell { get; set; }

        /// <summary>Discharge cut-off per cell, mV.</summary>
        public int CutoffMillivoltsPerCell { get; set; }

        /// <summary>Largest charge current, mA.</summary>
        public int MaxChargeMilliamps { get; set; }

        /// <summary>Largest discharge current, mA.</summary>
        public int MaxDischargeMilliamps { get; set; }

        /// <summary>Lowest cell temperature at which charging is allowed, deci-°C.</summary>
        public int MinChargeDeciCelsius { get; set; }

        /// <summary>Highest cell temperature at which charging is allowed, deci-°C.</summary>
        public int MaxChargeDeciCelsius { get; set; }

        /// <summary>Lowest cell temperature at which discharging is allowed, deci-°C.</summary>
        public int MinDischargeDeciCelsius { get; set; }

        /// <summary>Highest cell temperature at which discharging is allowed, deci-°C.</summary>
        public int MaxDischargeDeciCelsius { get; set; }
    }
}
