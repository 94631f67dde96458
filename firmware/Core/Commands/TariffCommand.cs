using EdgeController.Core.Tariffs;

namespace EdgeController.Core.Commands
{
    /// <summary>
    /// A "tariff" command as the gateway signs it (payload of the EC1 envelope on .../cmd/tariff), keys
    /// in this fixed order, no whitespace, integers only:
    /// <c>{"v":1,"dev":"&lt;device id&gt;","cmdseq":&lt;n&gt;,"from":&lt;unix ms&gt;,"until":&lt;unix ms&gt;,"cmd":"tariff","tou":[&lt;24 prices&gt;]}</c>.
    /// cmdseq increases with every command the gateway sends the device; the prices are
    /// microcurrencyPerKilowattHour for hours 0..23 UTC; the table applies in [from, until).
    /// One spelling per command, like a reading's: the reader below accepts exactly this form.
    /// Version 2 carries a schedule of up to 144 slots of 15 or 60 minutes from "from" (the
    /// window ends after the last slot), import and optionally export prices:
    /// <c>{"v":2,"dev":"&lt;id&gt;","cmdseq":&lt;n&gt;,"from":&lt;unix ms&gt;,"step":&lt;15|60&gt;,"cmd":"tariff","import":[&lt;1..144 prices&gt;],"export":[&lt;as many&gt;]}</c>
    /// ("export" may be left out), each price of at most 8 digits, the payload at most
    /// <see cref="MaximumVersion2PayloadBytes"/> bytes.
    /// </summary>
    public sealed class TariffCommand
    {
        /// <summary>The "cmd" value.</summary>
        public const string CommandName = "tariff";

        /// <summary>"cmdseq".</summary>
        public long CommandSequence;

        /// <summary>"from", Unix milliseconds.</summary>
        public long ValidFromUnixMilliseconds;

        /// <summary>"until", Unix milliseconds (exclusive).</summary>
        public long ValidUntilUnixMilliseconds;

        /// <summary>"tou": the price of each UTC hour of day, microcurrencyPerKilowattHour (version 1).</summary>
        public readonly long[] PricesMicrocurrencyPerKilowattHour = new long[TariffSchedule.HoursPerDay];

        /// <summary>
        /// Largest version-2 payload, bytes: 288 prices of 8 digits, a sign and a comma (2,880)
        /// and the keys (about 150) fit; the device's command buffer must hold this plus the envelope.
        /// </summary>
        public const int MaximumVersion2PayloadBytes = 3072;

        /// <summary>"v": 1 (hourly table) or 2 (slots).</summary>
        public int Version;

        /// <summary>"step": minutes per slot, 15 or 60 (version 2).</summary>
        public int StepMinutes;

        /// <summary>Slots carried (version 2).</summary>
        public int SlotCount;

        /// <summary>True when "export" was sent (version 2).</summary>
        public bool HasExport;

        /// <summary>"import": the price of each slot (version 2).</summary>
        public readonly long[] ImportMicrocurrencyPerKilowattHour = new long[TariffSchedule.MaximumSlots];

        /// <summary>"export": the price paid for export in each slot (version 2, when <see cref="HasExport"/>).</summary>
        public readonly long[] ExportMicrocurrencyPerKilowattHour = new long[TariffSchedule.MaximumSlots];

        /// <summary>
        /// Writes the command into schedule, as the command processor must after verifying it:
        /// version 1 through <see cref="TariffSchedule.Set"/>, version 2 through <see cref="TariffSchedule.SetSlots"/>.
        /// </summary>
        public void ApplyTo(TariffSchedule schedule)
        {
            if (Version == 2)
            {
                schedule.SetSlots(CommandSequence, ValidFromUnixMilliseconds, StepMinutes, ImportMicrocurrencyPerKilowattHour, HasExport ? ExportMicrocurrencyPerKilowattHour : null, SlotCount);
            }
            else
            {
                schedule.Set(CommandSequence, ValidFromUnixMilliseconds, ValidUntilUnixMilliseconds, PricesMicrocurrencyPerKilowattHour);
            }
        }

        /// <summary>Makes this a copy of other, either version.</summary>
        public void CopyFrom(TariffCommand other)
        {
            CommandSequence = other.CommandSequence;
            ValidFromUnixMilliseconds = other.ValidFromUnixMilliseconds;
            ValidUntilUnixMilliseconds = other.ValidUntilUnixMilliseconds;
            System.Array.Copy(other.PricesMicrocurrencyPerKilowattHour, PricesMicrocurrencyPerKilowattHour, TariffSchedule.HoursPerDay);
            Version = other.Version;
            StepMinutes = other.StepMinutes;
            SlotCount = other.SlotCount;
            HasExport = other.HasExport;
            System.Array.Copy(other.ImportMicrocurrencyPerKilowattHour, ImportMicrocurrencyPerKilowattHour, TariffSchedule.MaximumSlots);
            System.Array.Copy(other.ExportMicrocurrencyPerKilowattHour, ExportMicrocurrencyPerKilowattHour, TariffSchedule.MaximumSlots);
        }
    }
}
