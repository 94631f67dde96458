namespace EdgeController.Core.Config
{
    /// <summary>Reads and checks a board config's "battery" section.</summary>
    internal static class BatteryConfigReader
    {
        private static readonly string[] s_chemistries = new string[] { "LiFePO4", "li-ion", "lead-acid" };

        internal static BatteryConfig Read(ConfigSection section)
        {
            if (section == null)
            {
                return null;
            }

            section.RejectUnknownKeys(new string[]
            {
                "chemistry", "cells", "capacityMilliampHours", "chargeEfficiencyPerMille", "chargeMillivoltsPerCell", "floatMillivoltsPerCell", "cutoffMillivoltsPerCell",
                "maxChargeMilliamps", "maxDischargeMilliamps", "minChargeDeciCelsius", "maxChargeDeciCelsius",
                "minDischargeDeciCelsius", "maxDischargeDeciCelsius",
            });
            BatteryConfig battery = new BatteryConfig();
            battery.Chemistry = section.ReadChoice("chemistry", s_chemistries);
            battery.Cells = section.ReadInt("cells", 1, 32);
            battery.CapacityMilliampHours = section.ReadInt("capacityMilliampHours", 100, 100000000);
            battery.ChargeEfficiencyPerMille = section.Has("chargeEfficiencyPerMille") ? section.ReadInt("chargeEfficiencyPerMille", 500, 1000) : 0;
            battery.ChargeMillivoltsPerCell = section.ReadInt("chargeMillivoltsPerCell", 1000, 5000);
            battery.FloatMillivoltsPerCell = section.ReadInt("floatMillivoltsPerCell", 1000, 5000);
            battery.CutoffMillivoltsPerCell = section.ReadInt("cutoffMillivoltsPerCell", 1000, 5000);
            battery.MaxChargeMilliamps = section.ReadInt("maxChargeMilliamps", 1, 1000000);
            battery.MaxDischargeMilliamps = section.ReadInt("maxDischargeMilliamps", 1, 1000000);
            battery.MinChargeDeciCelsius = section.ReadInt("minChargeDeciCelsius", -400, 1000);
            battery.MaxChargeDeciCelsius = section.ReadInt("maxChargeDeciCelsius", -400, 1000);
            battery.MinDischargeDeciCelsius = section.ReadInt("minDischargeDeciCelsius", -400, 1000);
            battery.MaxDischargeDeciCelsius = section.ReadInt("maxDischargeDeciCelsius", -400, 1000);
            if (section.Has("floatMillivoltsPerCell") && section.Has("chargeMillivoltsPerCell")
                && battery.FloatMillivoltsPerCell > battery.ChargeMillivoltsPerCell)
            {
                section.Fail("floatMillivoltsPerCell", "cannot exceed chargeMillivoltsPerCell");
            }

            if (section.Has("cutoffMillivoltsPerCell") && section.Has("floatMillivoltsPerCell")
                && battery.CutoffMillivoltsPerCell >= battery.FloatMillivoltsPerCell)
            {
                section.Fail("cutoffMillivoltsPerCell", "must be below floatMillivoltsPerCell");
            }

            if (section.Has("minChargeDeciCelsius") && section.Has("maxChargeDeciCelsius")
                && battery.MinChargeDeciCelsius >= battery.MaxChargeDeciCelsius)
            {
                section.Fail("maxChargeDeciCelsius", "must be above minChargeDeciCelsius");
            }

            if (section.Has("minDischargeDeciCelsius") && section.Has("maxDischargeDeciCelsius")
                && battery.MinDischargeDeciCelsius >= battery.MaxDischargeDeciCelsius)
            {
                section.Fail("maxDischargeDeciCelsius", "must be above minDischargeDeciCelsius");
            }

            return battery;
        }
    }
}
