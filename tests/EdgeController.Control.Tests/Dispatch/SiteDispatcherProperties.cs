using EdgeController.Core.Dispatch;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace EdgeController.Control.Tests.Dispatch;

/// <summary>Invariants of the site mapping over random site states.</summary>
public sealed class SiteDispatcherProperties
{
    private static Arbitrary<SiteDispatchInput> Inputs() =>
        (from load in Gen.Choose(0, 20_000_000)
         from pv in Gen.Choose(0, 15_000_000)
         from discharge in Gen.Choose(0, 5_000_000)
         from charge in Gen.Choose(0, 5_000_000)
         from preferred in Gen.Choose(-6_000_000, 6_000_000)
         from value in Gen.Choose(-100_000, 600_000)
         from importLimit in Gen.Choose(0, 20_000_000)
         from exportLimit in Gen.Choose(0, 10_000_000)
         from importPrice in Gen.Choose(0, 600_000)
         from exportPrice in Gen.Choose(-100_000, 200_000)
         select new SiteDispatchInput
         {
             LoadMilliwatts = load,
             PvAvailableMilliwatts = pv,
             BatteryDischargeLimitMilliwatts = discharge,
             BatteryChargeLimitMilliwatts = charge,
             BatteryPreferredDischargeMilliwatts = preferred,
             BatteryEnergyValueMicrocurrencyPerKilowattHour = value,
             GridImportLimitMilliwatts = importLimit,
             GridExportLimitMilliwatts = exportLimit,
             ImportPriceMicrocurrencyPerKilowattHour = importPrice,
             ExportPriceMicrocurrencyPerKilowattHour = exportPrice,
         }).ToArbitrary();

    [Property(MaxTest = 500)]
    public Property Dispatch_AnySiteState_BalancesAndRespectsEveryLimit() =>
        Prop.ForAll(Inputs(), input =>
        {
            var setpoints = new SiteSetpoints();
            new SiteDispatcher(new SiteDispatchWeights()).Dispatch(input, setpoints);
            long supplied = (long)setpoints.PvMilliwatts + setpoints.BatteryDischargeMilliwatts + setpoints.GridMilliwatts;
            return supplied + setpoints.UnservedLoadMilliwatts - setpoints.UnabsorbedMilliwatts == input.LoadMilliwatts
                && setpoints.PvMilliwatts >= 0 && setpoints.PvMilliwatts <= input.PvAvailableMilliwatts
                && setpoints.PvCurtailedMilliwatts == input.PvAvailableMilliwatts - setpoints.PvMilliwatts
                && setpoints.BatteryDischargeMilliwatts <= input.BatteryDischargeLimitMilliwatts
                && setpoints.BatteryDischargeMilliwatts >= -input.BatteryChargeLimitMilliwatts
                && setpoints.GridMilliwatts <= input.GridImportLimitMilliwatts
                && setpoints.GridMilliwatts >= -input.GridExportLimitMilliwatts;
        });

    [Property(MaxTest = 300)]
    public Property Dispatch_ExportPaysAndBatteryHasRoom_NeverCurtailsPv() =>
        Prop.ForAll(Inputs(), input =>
        {
            // Curtailment is only for a negative marginal price: with export paid and room to
            // export what the battery cannot take, PV is never thrown away.
            input.ExportPriceMicrocurrencyPerKilowattHour = Math.Abs(input.ExportPriceMicrocurrencyPerKilowattHour);
            input.BatteryEnergyValueMicrocurrencyPerKilowattHour = Math.Abs(input.BatteryEnergyValueMicrocurrencyPerKilowattHour);
            input.GridExportLimitMilliwatts = 20_000_000;
            var setpoints = new SiteSetpoints();
            new SiteDispatcher(new SiteDispatchWeights()).Dispatch(input, setpoints);
            return setpoints.PvCurtailedMilliwatts == 0;
        });
}
