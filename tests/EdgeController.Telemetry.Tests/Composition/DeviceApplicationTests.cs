using EdgeController.Core.Composition;
using EdgeController.Core.Storage;
using EdgeController.Hal.Simulation;
using EdgeController.Hal.Simulation.Mqtt;
using EdgeController.Hal.Simulation.Sensors;
using EdgeController.Hal.Simulation.Serial;
using EdgeController.Hal.Simulation.Storage;
using EdgeController.Ledger;
using EdgeController.Simulator;

namespace EdgeController.Telemetry.Tests.Composition;

/// <summary>
/// Core's composition root as the ESP32 app drives it, on simulated hal: the watchdog, a failing
/// tick, a console reboot and the MQTT session it derives from the settings.
/// </summary>
public sealed class DeviceApplicationTests
{
    /// <summary>Local noon on the simulated site (UTC+1): PV is up and the battery busy.</summary>
    private const long NoonUnixMilliseconds = 1_782_036_000_000;

    private static SimulatedDevice Boot(InMemoryNonVolatileStore flash, SimulatedConsolePort? console = null, PreparedMqttLinkFactory? links = null)
    {
        SimulatedProvisioning.EnsureProvisioned(flash, KeyRegistry.Empty(), "site1", "dev-01", "k1");
        return new SimulatedDevice(flash, links ?? new PreparedMqttLinkFactory(new OfflineMqttLink()), new SimulatedClock(NoonUnixMilliseconds), seed: 1, console: console);
    }

    private static void WaitFor(Func<bool> condition)
    {
        DateTime deadline = DateTime.UtcNow.AddSeconds(10);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "timed out");
            Thread.Sleep(5);
        }
    }

    [Fact]
    public void Watchdog_WhenTheControlTickHangs_RecordsWhyInTheBootJournal_AndResets()
    {
        InMemoryNonVolatileStore flash = new();
        using SimulatedDevice device = Boot(flash);
        for (int second = 0; second < 5; second++)
        {
            device.Step(1000);
        }

        Assert.False(device.App.SuperviseControl());
        long limit = device.App.Watchdog.StalledLimitMilliseconds;
        device.BatteryAdc.Hang();
        Thread control = new(() => device.App.ControlTick()) { IsBackground = true };
        control.Start();
        WaitFor(() => device.BatteryAdc.HungReads == 1);

        device.Clock.Advance(limit - 1000);
        Assert.False(device.App.SuperviseControl());
        Assert.False(device.RebootHook.RebootRequested);
        device.Clock.Advance(1000);
        Assert.True(device.App.SuperviseControl());

        Assert.True(device.RebootHook.RebootRequested);
        Assert.Equal(DeviceApplication.WatchdogReasonPrefix + limit + " ms", new BootJournal(flash).LastResetReason);
        device.BatteryAdc.Release();
        Assert.True(control.Join(TimeSpan.FromSeconds(10)));
    }

    [Fact]
    public void Watchdog_NeverResetsALoopThatKeepsTicking_EvenWhenTicksFail()
    {
        InMemoryNonVolatileStore flash = new();
        using SimulatedDevice device = Boot(flash);
        device.BatteryAdc.Fault = SimulatedBusFault.DriverException;
        for (int second = 0; second < 300; second++)
        {
            device.Step(1000);
        }

        Assert.False(device.RebootHook.RebootRequested);
        Assert.Equal(300, device.App.Ticker.Failures);
    }

    [Fact]
    public void AFailingTick_IsCountedAndShownInStatus_IdlesThePowerStage_AndTheNextTickRecovers()
    {
        SimulatedConsolePort port = new();
        using SimulatedDevice device = Boot(new InMemoryNonVolatileStore(), port);
        for (int second = 0; second < 120; second++)
        {
            device.Step(1000);
        }

        Assert.True(device.Plant.Contactor.IsClosed);
        device.BatteryAdc.Fault = SimulatedBusFault.DriverException;
        device.Step(1000);

        Assert.Equal(1, device.App.Ticker.Failures);
        Assert.Contains("simulated driver failure", device.App.Ticker.LastFailure);
        Assert.False(device.Plant.Contactor.IsClosed);
        Assert.Equal(0, device.Plant.Converter.ActualMilliwatts);
        port.TakeOutput();
        port.Type("status\r");
        device.PollConsole();
        string status = port.TakeOutput();
        Assert.Contains("tick_failures=1", status);
        Assert.Contains("last_tick_failure=simulated driver failure", status);

        device.BatteryAdc.Fault = SimulatedBusFault.None;
        long ticksBefore = device.App.Ticker.Ticks;
        for (int second = 0; second < 30; second++)
        {
            device.Step(1000);
        }

        Assert.Equal(1, device.App.Ticker.Failures);
        Assert.Equal(ticksBefore + 30, device.App.Ticker.Ticks);
        Assert.True(device.Plant.Contactor.IsClosed);
    }

    [Fact]
    public void ConsoleReboot_ResetsOutsideTheControlLock_SoTheLoopKeepsTickingMeanwhile()
    {
        InMemoryNonVolatileStore flash = new();
        SimulatedConsolePort port = new();
        using SimulatedDevice device = Boot(flash, port);
        device.Step(1000);
        bool tickedDuringReset = false;
        device.RebootHook.WhileResetting = () =>
        {
            Thread control = new(() => device.App.ControlTick());
            control.Start();
            tickedDuringReset = control.Join(TimeSpan.FromSeconds(5));
        };

        port.Type("unlock 0000\rreboot\r");
        device.PollConsole();

        Assert.True(device.RebootHook.RebootRequested);
        Assert.True(tickedDuringReset);
        Assert.Equal(DeviceApplication.ConsoleRebootReason, new BootJournal(flash).LastResetReason);
    }

    [Fact]
    public void TheMqttSession_ComesFromTheSettings_WithTheDeviceIdAndItsStatusAsLastWill()
    {
        PreparedMqttLinkFactory links = new(new OfflineMqttLink());
        using SimulatedDevice device = Boot(new InMemoryNonVolatileStore(), links: links);

        Assert.NotNull(links.LastSettings);
        Assert.Equal("dev-01", links.LastSettings!.ClientId);
        Assert.Equal("ec/v1/site1/dev-01/status", links.LastSettings.StatusTopic);
        Assert.Equal(device.SettingsStore.Load().MqttHost, links.LastSettings.Host);
    }
}
