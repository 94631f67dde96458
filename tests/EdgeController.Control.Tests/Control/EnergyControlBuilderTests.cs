using EdgeController.Core.Battery;
using EdgeController.Core.Charging;
using EdgeController.Core.Config;
using EdgeController.Core.Control;
using EdgeController.Core.Planning;
using EdgeController.Core.Protection;

namespace EdgeController.Control.Tests.Control;

/// <summary>The loop's limits from board-configs/simulator.json, read through the loader as the simulator reads it.</summary>
public sealed class EnergyControlBuilderTests
{
    private readonly BoardConfig _config;

    public EnergyControlBuilderTests()
    {
        BoardConfigLoadResult result = BoardConfigLoader.Load(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "board-configs", "simulator.json")));
        Assert.True(result.IsValid, string.Join("\n", result.Errors));
        _config = result.Config;
    }

    private BatteryConfig Battery => _config.Battery;

    [Fact]
    public void ProtectionOf_TripsVoltagesByTheNamedMarginsAroundTheFileVoltages()
    {
        ProtectionLimits limits = EnergyControlBuilder.ProtectionOf(Battery);

        int cells = Battery.Cells;
        Assert.Equal(cells * (Battery.ChargeMillivoltsPerCell + EnergyControlBuilder.OverVoltageMarginCellMillivolts), limits.OverVoltageTripMillivolts);
        Assert.Equal(cells * (Battery.ChargeMillivoltsPerCell + EnergyControlBuilder.OverVoltageHardMarginCellMillivolts), limits.OverVoltageHardMillivolts);
        Assert.Equal(cells * (Battery.CutoffMillivoltsPerCell - EnergyControlBuilder.UnderVoltageMarginCellMillivolts), limits.UnderVoltageTripMillivolts);
        // Ordered as the protection needs them: hard trip above the trip above its release, and
        // the under-voltage release above its trip.
        Assert.True(limits.OverVoltageHardMillivolts > limits.OverVoltageTripMillivolts);
        Assert.True(limits.OverVoltageTripMillivolts > limits.OverVoltageReleaseMillivolts);
        Assert.True(limits.UnderVoltageReleaseMillivolts > limits.UnderVoltageTripMillivolts);
    }

    [Fact]
    public void ProtectionOf_TripsOverCurrentAt125PerCentOfTheFileMaxima()
    {
        ProtectionLimits limits = EnergyControlBuilder.ProtectionOf(Battery);

        Assert.Equal(Battery.MaxChargeMilliamps * 125 / 100, limits.OverCurrentChargeMilliamps);
        Assert.Equal(Battery.MaxDischargeMilliamps * 125 / 100, limits.OverCurrentDischargeMilliamps);
    }

    [Fact]
    public void ProtectionOf_TakesTheTemperatureTripsFromTheBatterySection()
    {
        ProtectionLimits limits = EnergyControlBuilder.ProtectionOf(Battery);

        // simulator.json: charge 0..45 °C, discharge -20..60 °C; over-temperature is the wider of the two maxima.
        Assert.Equal(Battery.MaxDischargeDeciCelsius, limits.OverTemperatureTripDeciCelsius);
        Assert.Equal(Battery.MinChargeDeciCelsius, limits.UnderTemperatureChargeTripDeciCelsius);
        Assert.Equal(Battery.MinDischargeDeciCelsius, limits.UnderTemperatureDischargeTripDeciCelsius);
        Assert.True(limits.OverTemperatureReleaseDeciCelsius < limits.OverTemperatureTripDeciCelsius);
        Assert.True(limits.UnderTemperatureChargeReleaseDeciCelsius > limits.UnderTemperatureChargeTripDeciCelsius);
        Assert.True(limits.UnderTemperatureDischargeReleaseDeciCelsius > limits.UnderTemperatureDischargeTripDeciCelsius);
    }

    [Fact]
    public void ProtectionOf_ChargeMaximumAboveDischargeMaximum_TripsAtTheChargeMaximum()
    {
        Battery.MaxChargeDeciCelsius = 650;
        Battery.MaxDischargeDeciCelsius = 550;

        Assert.Equal(650, EnergyControlBuilder.ProtectionOf(Battery).OverTemperatureTripDeciCelsius);
    }

    [Fact]
    public void ChargeProfileOf_TakesTheFileVoltagesAndWindow_NotTheChemistryDefaults()
    {
        // Unlike LiFePO4's defaults (3500/3375 mV, 0..55 °C), so a profile that ignored the file shows.
        Battery.ChargeMillivoltsPerCell = 3600;
        Battery.FloatMillivoltsPerCell = 3400;
        Battery.MinChargeDeciCelsius = 50;
        Battery.MaxChargeDeciCelsius = 400;

        ChargeProfile profile = EnergyControlBuilder.ChargeProfileOf(Battery);

        Assert.Equal(3600, profile.AbsorptionCellMillivolts);
        Assert.Equal(3400, profile.FloatCellMillivolts);
        Assert.Equal(50, profile.NoChargeBelowDeciCelsius);
        Assert.Equal(400, profile.NoChargeAboveDeciCelsius);
        // Full current 10 °C inside each edge.
        Assert.Equal(150, profile.FullChargeFromDeciCelsius);
        Assert.Equal(300, profile.FullChargeUpToDeciCelsius);
        Assert.Equal(Battery.MaxChargeMilliamps, profile.MaximumChargeMilliamps);
    }

    [Fact]
    public void ChargeProfileOf_NarrowWindow_DeratesToItsMiddle()
    {
        // A 10 °C window has no room for 10 °C of derating at each edge: full current only at 5 °C.
        Battery.MinChargeDeciCelsius = 0;
        Battery.MaxChargeDeciCelsius = 100;

        ChargeProfile profile = EnergyControlBuilder.ChargeProfileOf(Battery);

        Assert.Equal(50, profile.FullChargeFromDeciCelsius);
        Assert.Equal(50, profile.FullChargeUpToDeciCelsius);
    }

    [Fact]
    public void PlanOf_SizesTheCapacityInEnergyAtTheNominalCellVoltage()
    {
        BatteryPlanParameters plan = EnergyControlBuilder.PlanOf(Battery, _config.Site);

        // LiFePO4 is 3.2 V a cell nominal: mWh = mAh × cells × 3200 mV / 1000.
        Assert.Equal((long)Battery.CapacityMilliampHours * Battery.Cells * 3200 / 1000, plan.CapacityMilliwattHours);
        Assert.Equal(_config.Site.FloorSocPerMille, plan.FloorSocPerMille);
        Assert.Equal(_config.Site.BackupReserveSocPerMille, plan.BackupReserveSocPerMille);
        Assert.Equal((long)Battery.MaxDischargeMilliamps * Battery.Cells * 3200 / 1000, plan.MaximumDischargeMilliwatts);
    }

    [Fact]
    public void MissingForControl_SimulatorBoard_HasEverything()
    {
        Assert.Null(EnergyControlBuilder.MissingForControl(_config));
    }

    [Fact]
    public void MissingForControl_WithoutTheContactorOutput_NamesIt()
    {
        _config.Outputs = _config.Outputs.Where(o => o.Key != EnergyControlBuilder.ContactorOutputKey).ToArray();

        Assert.StartsWith("outputs: needs one with key \"contactor\"", EnergyControlBuilder.MissingForControl(_config), StringComparison.Ordinal);
    }

    [Fact]
    public void MissingForControl_WithoutThePackNtc_NamesIt()
    {
        _config.Adc = _config.Adc.Where(a => a.Key != EnergyControlBuilder.TemperatureInputKey).ToArray();

        Assert.StartsWith("adc: needs an \"ntc\" input with key \"temp\"", EnergyControlBuilder.MissingForControl(_config), StringComparison.Ordinal);
    }

    [Fact]
    public void MissingForControl_TemperatureInputThatIsNotAnNtc_NamesIt()
    {
        _config.AdcInput(EnergyControlBuilder.TemperatureInputKey).Kind = AdcInputConfig.KindDivider;

        Assert.StartsWith("adc: needs an \"ntc\" input", EnergyControlBuilder.MissingForControl(_config), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(EnergyControlBuilder.ForwardGeneration)]
    [InlineData(EnergyControlBuilder.ForwardConsumption)]
    [InlineData(EnergyControlBuilder.ForwardCharge)]
    public void MissingForControl_WithoutAChannelRole_NamesTheRoles(string forward)
    {
        _config.Ina219[EnergyControlBuilder.ChannelIndexOf(_config, forward)].Forward = "import";

        Assert.StartsWith("ina219: needs channels with forward", EnergyControlBuilder.MissingForControl(_config), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("LiFePO4", BatteryChemistry.LiFePO4)]
    [InlineData("li-ion", BatteryChemistry.Nmc)]
    [InlineData("lead-acid", BatteryChemistry.LeadAcid)]
    public void ChemistryOf_EachConfigName_GivesItsChemistry(string configName, BatteryChemistry expected)
    {
        Assert.Equal(expected, EnergyControlBuilder.ChemistryOf(configName));
    }
}
