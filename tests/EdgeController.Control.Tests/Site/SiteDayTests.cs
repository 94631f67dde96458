using EdgeController.Simulator;

namespace EdgeController.Control.Tests.Site;

/// <summary>The firmware's dispatch running a simulated site for whole days, through the device's real tick.</summary>
public sealed class SiteDayTests
{
    [Fact]
    public void SunnyDay_PvSurplusIsStoredForTheEvening_ImportFarBelowTheSameSiteWithoutABattery()
    {
        SiteRig rig = new();
        double importWithoutBatteryWattHours = 0;
        double exportWithoutBatteryWattHours = 0;
        double worstSocErrorPerMille = 0;
        rig.RunSeconds(86_400, device =>
        {
            // The same sun and load with the battery idle: the grid takes every difference.
            double netWatts = device.Plant.LoadWatts - device.Plant.PvAvailableWatts;
            importWithoutBatteryWattHours += Math.Max(0, netWatts) / 3600;
            exportWithoutBatteryWattHours += Math.Max(0, -netWatts) / 3600;
            double error = Math.Abs(device.Controller.EnergyControl!.Loop.Soc.SocPerMille - (device.Plant.Pack.Soc * 1000));
            worstSocErrorPerMille = Math.Max(worstSocErrorPerMille, error);
        });

        // Seed 1 measured 72 Wh imported and 72 Wh exported, against 1090 and 1056 Wh without
        // the battery; the worst SOC error was 34 per mille.
        Assert.True(rig.Plant.GridImportWattHours < 0.2 * importWithoutBatteryWattHours,
            $"imported {rig.Plant.GridImportWattHours:F0} Wh, {importWithoutBatteryWattHours:F0} Wh without a battery");
        Assert.True(rig.Plant.GridExportWattHours < 0.2 * exportWithoutBatteryWattHours,
            $"exported {rig.Plant.GridExportWattHours:F0} Wh, {exportWithoutBatteryWattHours:F0} Wh without a battery");
        Assert.True(worstSocErrorPerMille < 50, $"SOC estimate off by {worstSocErrorPerMille:F0} per mille at worst");
        Assert.Empty(rig.ProtectionEvents());
        Assert.Equal(8640, rig.Readings);
    }
}
