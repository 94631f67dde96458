using EdgeController.Core.Planning;
using EdgeController.Hal.Simulation.Storage;
using EdgeController.Simulator;

namespace EdgeController.Control.Tests.Site;

/// <summary>What the energy control does around its loop: persistence, time, modes, curtailment, tariffs, allocation.</summary>
public sealed class SiteControlBehaviourTests
{
    private const long LocalNoonUnixMilliseconds = SiteRig.LocalMidnightUnixMilliseconds + (12 * 3_600_000);

    [Fact]
    public void Reboot_StateOfChargeAndHealthComeBackFromFlash_NotFromTheVoltage()
    {
        SiteRig rig = new(new SimulatedPlant(seed: 1, initialSoc: 0.4), startUnixMilliseconds: LocalNoonUnixMilliseconds);
        rig.RunSeconds(2 * 3600);
        int socBefore = rig.Device.Controller.EnergyControl!.Loop.Soc.SocPerMille;
        Assert.True(socBefore > 450, $"the noon sun charged the pack: {socBefore}");

        rig.Reboot();

        Assert.True(rig.Device.Controller.EnergyControl!.StartedFromSavedState);
        Assert.Equal(socBefore, rig.Device.Controller.EnergyControl.Loop.Soc.SocPerMille);
        Assert.Equal(2, rig.Device.Controller.BootCount);
    }

    [Fact]
    public void FirstBoot_StartsFromTheOpenCircuitVoltage()
    {
        SiteRig rig = new(new SimulatedPlant(seed: 1, initialSoc: 0.75));

        Assert.False(rig.Device.Controller.EnergyControl!.StartedFromSavedState);
        Assert.InRange(rig.Device.Controller.EnergyControl.Loop.Soc.SocPerMille, 650, 850);
    }

    [Fact]
    public void ClockNotSynchronised_AutoRunsAsSelfConsumption_UntilSntpSetsTheClock()
    {
        SiteRig rig = new(startUnixMilliseconds: LocalNoonUnixMilliseconds, clockSynchronized: false);
        rig.RunSeconds(5);
        Assert.Equal(OperatingMode.SelfConsumption, rig.Device.Controller.EnergyControl!.Loop.Planner.Mode);

        rig.Device.Clock.SetWallClock(rig.Device.Clock.UnixTimeMilliseconds, synchronized: true);
        rig.RunSeconds(1);

        Assert.Equal(OperatingMode.Auto, rig.Device.Controller.EnergyControl.Loop.Planner.Mode);
    }

    [Fact]
    public void MaintenanceMode_TheBatteryRestsWhateverTheSunDoes()
    {
        SiteRig rig = new(startUnixMilliseconds: LocalNoonUnixMilliseconds);
        rig.RunSeconds(30);
        Assert.NotEqual(0, rig.Plant.Converter.ActualMilliwatts);

        rig.Device.Controller.Mode = "maintenance";
        rig.RunSeconds(1);

        Assert.Equal(0, rig.Plant.Converter.ActualMilliwatts);
        Assert.Equal(OperatingMode.Maintenance, rig.Device.Controller.OperatingMode);
        Assert.Equal(OperatingMode.Maintenance, rig.Device.Controller.EnergyControl!.Loop.Planner.Mode);
    }

    [Fact]
    public void FullPackAndMorePvThanTheExportLimit_PvIsCurtailed_ExportHeldToTheLimitPlusOneTickOfLoadChange()
    {
        // 450 W of PV (inside the 40 A channels' range) on a full pack: what the load and the
        // pack do not take beyond the 100 W export limit must be curtailed.
        SiteRig rig = new(new SimulatedPlant(seed: 1, initialSoc: 1.0, pvPeakWatts: 450), startUnixMilliseconds: LocalNoonUnixMilliseconds);
        int exportLimitWatts = SimulatedBoard.Config.Site.GridExportLimitWatts;
        // Before its first tick the device has commanded nothing; the stage runs on its own.
        rig.RunSeconds(1);
        double previousLoadWatts = rig.Plant.LoadWatts;
        double worstExcessWatts = double.MinValue;
        double curtailedWattHours = 0;
        rig.RunSeconds(3600, device =>
        {
            // The limit is set from the last tick's load: the export may be off by the load's
            // change since (the household jitters by up to ±15 % a second), not by more.
            double loadStepWatts = Math.Abs(device.Plant.LoadWatts - previousLoadWatts);
            worstExcessWatts = Math.Max(worstExcessWatts, -device.Plant.GridWatts - exportLimitWatts - loadStepWatts);
            previousLoadWatts = device.Plant.LoadWatts;
            curtailedWattHours += (device.Plant.PvAvailableWatts - device.Plant.PvWatts) / 3600;
        });

        Assert.True(curtailedWattHours > 50, $"curtailed {curtailedWattHours:F0} Wh in the hour");
        Assert.True(worstExcessWatts < 2, $"exported up to {worstExcessWatts:F1} W beyond the limit and the load step");

        rig.RunSeconds(8 * 3600);
        Assert.Equal(int.MaxValue, rig.Plant.PvCurtailment.LimitMilliwatts);
    }

    [Fact]
    public void GatewaySchedule_ReplacesTheConfigPrices_ThenExpires()
    {
        SiteRig rig = new(startUnixMilliseconds: LocalNoonUnixMilliseconds);
        long now = rig.Device.Clock.UnixTimeMilliseconds;
        long[] pricesUtc = Enumerable.Range(0, 24).Select(hour => 1_000_000L + hour).ToArray();
        rig.Device.Tariff.Set(7, now, now + 3_600_000, pricesUtc);

        rig.RunSeconds(1);
        TimeOfUseTariff tariff = TariffOf(rig);
        // Local noon is 11:00 UTC on the UTC+1 site.
        Assert.Equal(1_000_011, tariff.ImportPriceAt(12));
        Assert.Equal(7, rig.Device.Controller.EnergyControl!.TariffFollower!.AppliedCommandSequence);

        rig.RunSeconds(3601);
        Assert.Equal(SimulatedBoard.Config.Site.ImportMicrocurrencyPerKilowattHour, TariffOf(rig).ImportPriceAt(12));
        Assert.Equal(0, rig.Device.Controller.EnergyControl.TariffFollower.AppliedCommandSequence);
    }

    [Fact]
    public void SteadyStateTick_WithTheEnergyControl_AllocatesNothing()
    {
        SiteRig rig = new(flash: new PreallocatedNonVolatileStore(), startUnixMilliseconds: LocalNoonUnixMilliseconds);
        // Long enough for every record and outbox slot to have been written once.
        rig.RunSeconds(3600);

        long allocated = 0;
        for (int i = 0; i < 600; i++)
        {
            rig.Device.AdvanceWorld(1000);
            long before = GC.GetAllocatedBytesForCurrentThread();
            rig.Device.Controller.Tick();
            allocated += GC.GetAllocatedBytesForCurrentThread() - before;
            rig.DrainOutbox();
        }

        Assert.Equal(0, allocated);
    }

    private static TimeOfUseTariff TariffOf(SiteRig rig) => rig.Device.Controller.EnergyControl!.Loop.Tariff;
}
