using EdgeController.Hal.Simulation.Sensors;

namespace EdgeController.Console.Tests;

/// <summary>The energy control as a technician meets it on the console: status, faults by name, clearing a latch, modes.</summary>
public sealed class EnergyConsoleTests
{
    [Fact]
    public void Status_ShowsTheBatteryAtAGlance()
    {
        using ConsoleHarness console = new();
        console.Run(60);

        Dictionary<string, string> status = console.Values("status");

        Assert.Equal("on", status["energy"]);
        Assert.InRange(int.Parse(status["soc_permille"]), 1, 1000);
        // The simulated pack sits at 25 °C; the NTC path reads it to a few tenths.
        Assert.InRange(int.Parse(status["tbat_decicelsius"]), 240, 270);
        Assert.Equal("closed", status["contactor"]);
        Assert.Equal("none", status["protection"]);
        Assert.Contains(status["charge_stage"], new[] { "bulk", "absorption", "float" });
    }

    [Fact]
    public void UnpluggedThermistor_FaultShowNamesIt_AndOnlyFaultClearReleasesTheLatch()
    {
        using ConsoleHarness console = new();
        console.Run(10);
        console.Device.TemperatureAdc.Fault = SimulatedBusFault.Timeout;
        console.Run(5);

        Assert.Contains("fault=protection_sensor_loss\r\n", console.Send("fault show"));
        Assert.Equal("open", console.Values("status")["contactor"]);

        console.Device.TemperatureAdc.Fault = SimulatedBusFault.None;
        console.Run(5);
        Assert.Equal("open", console.Values("status")["contactor"]);

        console.Unlock();
        console.Values("fault clear");
        console.Run(1);

        Dictionary<string, string> status = console.Values("status");
        Assert.Equal("closed", status["contactor"]);
        Assert.Equal("none", status["protection"]);
    }

    [Fact]
    public void Mode_Maintenance_RestsTheBattery_AndAnUnknownModeIsRefusedWithTheList()
    {
        using ConsoleHarness console = new();
        console.Run(30);
        console.Unlock();

        Assert.Equal("maintenance", console.Values("mode maintenance")["mode"]);
        console.Run(2);

        Assert.Equal(0, console.Device.Plant.Converter.ActualMilliwatts);
        Assert.Equal("0", console.Values("status")["bat_set_mw"]);
        Assert.StartsWith("ERR bad_args usage: mode [auto|self_consumption|tou|backup|manual [W]|maintenance]", console.Send("mode turbo"));
        Assert.StartsWith("ERR bad_args", console.Send("mode auto 100"));
        Assert.StartsWith("ERR bad_args", console.Send("mode manual lots"));
    }

    [Fact]
    public void ModeManual_HoldsTheBatteryPowerGiven_AndKeepsItAcrossAReboot()
    {
        using ConsoleHarness console = new();
        console.Run(30);
        console.Unlock();

        Dictionary<string, string> reply = console.Values("mode manual -150");
        Assert.Equal("-150", reply["manual_w"]);
        console.Run(5);
        // Charging 150 W at noon (the converter's command is + = discharge). Manual power is the
        // dispatch's preferred battery power, weighed against the grid's prices: it may bend by a
        // few per cent when the surplus would otherwise be exported cheaply.
        Assert.InRange(console.Device.Plant.Converter.ActualMilliwatts, -165_000, -135_000);

        console.Reboot();
        console.Run(5);
        Assert.Equal("manual", console.Values("mode")["mode"]);
        Assert.Equal("-150", console.Values("config get manual_w")["manual_w"]);
        Assert.InRange(console.Device.Plant.Converter.ActualMilliwatts, -165_000, -135_000);
    }
}
