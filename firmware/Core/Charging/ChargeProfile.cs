using EdgeController.Core.Battery;
using EdgeController.Core.FixedPoint;

namespace EdgeController.Core.Charging
{
    /// <summary>
    /// Voltages, currents and temperature behaviour of charging for one pack. Per-cell voltages
    /// come from the chemistry (see <see cref="For"/>); the pack's currents and the loop gains
    /// from the board config.
    /// </summary>
    public sealed class ChargeProfile
    {
        /// <summary>Absorption (CV) voltage per cell, mV.</summary>
        public int AbsorptionCellMillivolts;

        /// <summary>Float voltage per cell, mV.</summary>
        public int FloatCellMillivolts;

        /// <summary>State of charge below which a floating pack goes back to bulk, per mille.</summary>
        public int RebulkSocPerMille;

        /// <summary>Largest charge current at a comfortable temperature, mA.</summary>
        public int MaximumChargeMilliamps;

        /// <summary>Current below which absorption is done (the tail), mA.</summary>
        public int TailMilliamps;

        /// <summary>How long the loop must hold the current under the tail before float, ms.</summary>
        public int TailMilliseconds;

        /// <summary>
        /// Longest absorption, ms: a pack fed less than the tail by a small surplus never pulls
        /// the loop's limit under the tail, yet is full; after this long it floats anyway.
        /// </summary>
        public int MaximumAbsorptionMilliseconds;

        /// <summary>Temperature at and below which no charge is allowed, 0.1 °C.</summary>
        public int NoChargeBelowDeciCelsius;

        /// <summary>Temperature from which the full current is allowed, 0.1 °C (linear derating below, down to the no-charge temperature).</summary>
        public int FullChargeFromDeciCelsius;

        /// <summary>Temperature up to which the full current is allowed, 0.1 °C (linear derating above).</summary>
        public int FullChargeUpToDeciCelsius;

        /// <summary>Temperature at and above which no charge is allowed, 0.1 °C.</summary>
        public int NoChargeAboveDeciCelsius;

        /// <summary>Voltage temperature compensation per cell, µV per 0.1 °C above 25 °C (negative for lead-acid; 0 for lithium).</summary>
        public int CompensationMicrovoltsPerDeciCelsiusPerCell;

        /// <summary>How fast the limit may rise above the current actually flowing under voltage control, mA per second.</summary>
        public int RampMilliampsPerSecond;

        /// <summary>Ramp as a divisor of capacity: C/20 per second, so the limit reaches 0.5 C from nothing in ten seconds.</summary>
        public const int RampCapacityDivisor = 20;

        /// <summary>Proportional gain of the voltage loop, mA per mV, Q16.16.</summary>
        public int ProportionalGainQ16;

        /// <summary>Integral gain of the voltage loop, mA per mV per second, Q16.16.</summary>
        public int IntegralGainPerSecondQ16;

        /// <summary>Reference temperature of voltage compensation: 25 °C, where datasheet voltages are given.</summary>
        public const int ReferenceDeciCelsius = 250;

        /// <summary>Tail current as a divisor of capacity: C/20, the usual end of absorption for lithium and lead-acid alike.</summary>
        public const int TailCapacityDivisor = 20;

        /// <summary>A floating pack goes back to bulk below 90 %: a day's small discharges do not restart absorption, a real one does.</summary>
        public const int DefaultRebulkSocPerMille = 900;

        /// <summary>Two hours of absorption at most (the usual fixed absorption time of lithium and AGM chargers).</summary>
        public const int DefaultMaximumAbsorptionMilliseconds = 2 * 60 * 60 * 1000;

        /// <summary>The tail must hold two minutes: a passing cloud must not end absorption.</summary>
        public const int DefaultTailMilliseconds = 2 * 60 * 1000;

        /// <summary>
        /// Default loop gains for a 48 V, 100 Ah pack (about 20 mΩ): Kp 20 mA/mV gives a loop gain of
        /// about 0.4 on the ohmic drop (stable with margin at a 1 s tick); Ki 5 mA/mV/s settles the
        /// slower relaxation in a minute or two. Scale with capacity over cells for other packs.
        /// </summary>
        public const int DefaultProportionalGainMilliampsPerMillivolt = 20;

        /// <summary>See <see cref="DefaultProportionalGainMilliampsPerMillivolt"/>.</summary>
        public const int DefaultIntegralGainMilliampsPerMillivoltSecond = 5;

        /// <summary>
        /// Typical profile for a chemistry. LiFePO4: 3.50 V absorption, 3.375 V float, charge 0..55 °C
        /// with derating below 10 °C and above 45 °C (common LFP cell datasheets). NMC: 4.10 V
        /// absorption (below the 4.20 V maximum for cycle life), 4.00 V float, same window.
        /// Lead-acid: 2.40 V absorption, 2.25 V float, -3 mV/°C per cell compensation, charge
        /// -20..50 °C (usual AGM datasheet values).
        /// </summary>
        public static ChargeProfile For(BatteryChemistry chemistry, int capacityMilliampHours, int maximumChargeMilliamps)
        {
            ChargeProfile profile = new ChargeProfile();
            profile.MaximumChargeMilliamps = maximumChargeMilliamps;
            profile.TailMilliamps = capacityMilliampHours / TailCapacityDivisor;
            profile.TailMilliseconds = DefaultTailMilliseconds;
            profile.MaximumAbsorptionMilliseconds = DefaultMaximumAbsorptionMilliseconds;
            profile.RampMilliampsPerSecond = capacityMilliampHours / RampCapacityDivisor;
            profile.RebulkSocPerMille = DefaultRebulkSocPerMille;
            profile.ProportionalGainQ16 = Q16.FromInteger(DefaultProportionalGainMilliampsPerMillivolt);
            profile.IntegralGainPerSecondQ16 = Q16.FromInteger(DefaultIntegralGainMilliampsPerMillivoltSecond);
            switch (chemistry)
            {
                case BatteryChemistry.LeadAcid:
                    profile.AbsorptionCellMillivolts = 2400;
                    profile.FloatCellMillivolts = 2250;
                    profile.CompensationMicrovoltsPerDeciCelsiusPerCell = -300;
                    profile.NoChargeBelowDeciCelsius = -200;
                    profile.FullChargeFromDeciCelsius = 0;
                    profile.FullChargeUpToDeciCelsius = 400;
                    profile.NoChargeAboveDeciCelsius = 500;
                    break;
                case BatteryChemistry.Nmc:
                    profile.AbsorptionCellMillivolts = 4100;
                    profile.FloatCellMillivolts = 4000;
                    SetLithiumWindow(profile);
                    break;
                default:
                    profile.AbsorptionCellMillivolts = 3500;
                    profile.FloatCellMillivolts = 3375;
                    SetLithiumWindow(profile);
                    break;
            }

            return profile;
        }

        private static void SetLithiumWindow(ChargeProfile profile)
        {
            profile.NoChargeBelowDeciCelsius = 0;
            profile.FullChargeFromDeciCelsius = 100;
            profile.FullChargeUpToDeciCelsius = 450;
            profile.NoChargeAboveDeciCelsius = 550;
        }
    }
}
