using EdgeController.Core.FixedPoint;

namespace EdgeController.Core.Planning
{
    /// <summary>The device's slot forecast: the hourly profile of a <see cref="DayProfileForecaster"/>, by local hour.</summary>
    public sealed class ProfileSlotForecast : ISlotForecast
    {
        private const int MinutesPerHour = 60;
        private readonly DayProfileForecaster _forecaster;

        /// <summary>Reads forecaster.</summary>
        public ProfileSlotForecast(DayProfileForecaster forecaster)
        {
            _forecaster = forecaster;
        }

        /// <inheritdoc />
        public int LoadMilliwattsAt(int minuteOfDay, int slotsAhead)
        {
            return _forecaster.LoadMilliwattsAt(HourOf(minuteOfDay, slotsAhead));
        }

        /// <inheritdoc />
        public int PvMilliwattsAt(int minuteOfDay, int slotsAhead)
        {
            return Q16.Scale(_forecaster.PvMilliwattsAt(HourOf(minuteOfDay, slotsAhead)), PvConfidenceQ16());
        }

        /// <summary>
        /// The share of the profile's PV the plan counts on: 1 less PvErrorDiscountFactor times the
        /// recent relative error, at least MinimumPvConfidence. Counting on PV that does not come
        /// leaves the battery short at the peak, which costs more than holding a little too much.
        /// </summary>
        public int PvConfidenceQ16()
        {
            int confidence = Q16.One - (PvErrorDiscountFactor * _forecaster.PvRelativeErrorQ16);
            return confidence < MinimumPvConfidenceQ16 ? MinimumPvConfidenceQ16 : confidence;
        }

        /// <summary>How many times the recent relative PV error the forecast PV is discounted by.</summary>
        public int PvErrorDiscountFactor = 1;

        /// <summary>The plan counts on at least half the profile's PV.</summary>
        public static readonly int MinimumPvConfidenceQ16 = Q16.FromRatio(1, 2);

        private static int HourOf(int minuteOfDay, int slotsAhead)
        {
            int slotStart = minuteOfDay - (minuteOfDay % ForwardPrices.SlotMinutes);
            return (slotStart + (slotsAhead * ForwardPrices.SlotMinutes)) / MinutesPerHour;
        }
    }
}
