using EdgeController.Core.Battery;
using EdgeController.Core.Charging;
using EdgeController.Hal.Simulation.Models;

namespace EdgeController.Control.Tests.Charging;

public sealed class ChargeControllerTests
{
    private const int Cells = 16;
    private const int CapacityMilliampHours = 100_000;
    private const int MaximumChargeMilliamps = 50_000;

    private static ChargeController Lfp() =>
        new(ChargeProfile.For(BatteryChemistry.LiFePO4, CapacityMilliampHours, MaximumChargeMilliamps), Cells);

    private const int AbsorptionMillivolts = Cells * 3500;
    private const int FloatSettleSeconds = 600;

    /// <summary>
    /// 1 % of the absorption voltage (35 mV per cell): the transient as the pack leaves the end of
    /// its curve at 0.5 C is about half of it, and the protection's trip (3.60 V per cell) is 100 mV
    /// per cell above the target.
    /// </summary>
    private const int AllowedOvershootMillivolts = AbsorptionMillivolts / 100;

    /// <summary>
    /// Charges a simulated pack with whatever the controller allows, up to the available current.
    /// Returns the most the pack ever stood above the absorption voltage, mV, and the most it stood
    /// above the float voltage while still charging once float has lasted ten minutes (int.MinValue if never).
    /// </summary>
    private static int ChargeInClosedLoop(ChargeController controller, EquivalentCircuitBattery pack, Func<int, double> availableAmps, int seconds, out int floatDeviationMillivolts)
    {
        int overshootMillivolts = int.MinValue;
        int floatSeconds = 0;
        floatDeviationMillivolts = int.MinValue;
        for (int second = 0; second < seconds; second++)
        {
            int millivolts = (int)Math.Round(pack.TerminalVolts * 1000);
            controller.Update(millivolts, (int)Math.Round(pack.CurrentAmps * 1000), 250, (int)(pack.Soc * 1000), 1000);
            double amps = Math.Min(controller.ChargeLimitMilliamps / 1000.0, availableAmps(second));
            pack.Step(amps, 1);
            int after = (int)Math.Round(pack.TerminalVolts * 1000);
            overshootMillivolts = Math.Max(overshootMillivolts, after - AbsorptionMillivolts);
            floatSeconds = controller.Stage == ChargeStage.Float ? floatSeconds + 1 : 0;
            // Float is a ceiling: the loop can only let current in, so only charging above it counts.
            if (floatSeconds > FloatSettleSeconds && amps > 0)
            {
                floatDeviationMillivolts = Math.Max(floatDeviationMillivolts, after - controller.TargetMillivolts);
            }
        }

        return overshootMillivolts;
    }

    [Fact]
    public void Update_AmpleSurplus_GoesBulkAbsorptionFloatWithoutOvershootingTheTarget()
    {
        ChargeController controller = Lfp();
        var pack = EquivalentCircuitBattery.Create(CellChemistry.LiFePO4, Cells, 100, initialSoc: 0.6);

        int overshoot = ChargeInClosedLoop(controller, pack, _ => 60, 4 * 3600, out int floatDeviation);

        Assert.Equal(ChargeStage.Float, controller.Stage);
        Assert.True(pack.Soc > 0.99, $"soc {pack.Soc}");
        Assert.InRange(overshoot, int.MinValue, AllowedOvershootMillivolts);
        Assert.InRange(floatDeviation, int.MinValue, 100);
    }

    [Fact]
    public void Update_CloudsDuringAbsorption_KeepThePackWithinOnePerCentOfTheAbsorptionVoltage()
    {
        ChargeController controller = Lfp();
        var pack = EquivalentCircuitBattery.Create(CellChemistry.LiFePO4, Cells, 100, initialSoc: 0.9);

        // Surplus drops to 3 A for a minute out of every two: each time the sun returns, a wound-up
        // integrator or the proportional kick of the error built up in the shade would let the
        // full surplus in at once; anti-windup and the ramp hold it back.
        int overshoot = ChargeInClosedLoop(controller, pack, second => second / 60 % 2 == 0 ? 60 : 3, 3 * 3600, out _);

        Assert.InRange(overshoot, int.MinValue, AllowedOvershootMillivolts);
    }

    [Theory]
    [InlineData(-50, 0)]
    [InlineData(0, 0)]
    [InlineData(50, 25_000)]
    [InlineData(250, 50_000)]
    [InlineData(500, 25_000)]
    [InlineData(560, 0)]
    public void DeratedMaximum_LiFePO4_FollowsTheTemperatureWindow(int deciCelsius, int expectedMilliamps)
    {
        Assert.Equal(expectedMilliamps, Lfp().DeratedMaximum(deciCelsius));
    }

    [Fact]
    public void Update_LeadAcidAtThirtyFiveDegrees_LowersTheAbsorptionVoltageByThreeMillivoltsPerDegreePerCell()
    {
        var controller = new ChargeController(ChargeProfile.For(BatteryChemistry.LeadAcid, 200_000, 30_000), 24);

        controller.Update(50_000, 10_000, 350, 500, 1000);

        Assert.Equal((24 * 2400) - (24 * 3 * 10), controller.TargetMillivolts);
    }

    [Fact]
    public void Update_FloatingPackDischargedBelowRebulk_GoesBackToBulk()
    {
        ChargeController controller = Lfp();
        var pack = EquivalentCircuitBattery.Create(CellChemistry.LiFePO4, Cells, 100, initialSoc: 0.95);
        ChargeInClosedLoop(controller, pack, _ => 60, 3 * 3600, out _);
        Assert.Equal(ChargeStage.Float, controller.Stage);

        controller.Update(52_000, -20_000, 250, 850, 1000);

        Assert.Equal(ChargeStage.Bulk, controller.Stage);
        Assert.Equal(MaximumChargeMilliamps, controller.ChargeLimitMilliamps);
    }
}
