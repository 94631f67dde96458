using EdgeController.Core;
using EdgeController.Core.Commands;
using EdgeController.Core.Composition;
using EdgeController.Core.Config;
using EdgeController.Core.Console;
using EdgeController.Core.Control;
using EdgeController.Core.Settings;
using EdgeController.Core.Storage;
using EdgeController.Core.Tariffs;
using EdgeController.Core.Telemetry;
using EdgeController.Hal;
using EdgeController.Hal.Simulation;
using EdgeController.Hal.Simulation.Mqtt;
using EdgeController.Hal.Simulation.Platform;
using EdgeController.Hal.Simulation.Sensors;
using EdgeController.Hal.Simulation.Signing;

namespace EdgeController.Simulator;

/// <summary>
/// One simulated edge controller: the firmware's composition root (<see cref="DeviceApplication"/>,
/// the same one the ESP32 app boots) on simulated hal: register-level INA219s and ADC channels
/// fed by a <see cref="SimulatedPlant"/>, whose power stage the firmware drives, a drivable
/// clock, a store as its flash, the BCL's HMAC and an MQTT link. This class builds only the hal
/// and moves simulated time; <see cref="Step"/> advances the world, then runs the root's entry
/// points in the order the device's threads would. Like the device, it boots from its flash
/// (settings, key, mode, calibration); a `reboot` on its console shows in <see cref="RebootHook"/>,
/// and the owner then builds a new device on the same flash.
/// </summary>
public sealed class SimulatedDevice : IDisposable
{
    private readonly SimulatedIna219[] _chips;
    private readonly SimulatedAdcChannel _batteryAdc;
    private readonly SimulatedAdcChannel _temperatureAdc;

    /// <summary>Builds the device's hal and boots the firmware on it.</summary>
    /// <param name="flash">The device's flash: settings, meter state, outbox.</param>
    /// <param name="link">Its MQTT link (reconnected and receiving when it implements IMqttConnection and IMqttInbox).</param>
    /// <param name="clock">Its clock.</param>
    /// <param name="seed">Seed of its site model and of its reconnect jitter.</param>
    /// <param name="console">The serial console, or null for none.</param>
    /// <param name="reportPeriodMillisecondsOverride">A reading period that wins over the settings' report_ms (0: use the settings).</param>
    /// <param name="plant">The site it controls; pass the same one again after a reboot (null: a new site from seed).</param>
    public SimulatedDevice(INonVolatileStore flash, IMqttLink link, SimulatedClock clock, int seed,
        IConsolePort? console = null, int reportPeriodMillisecondsOverride = 0, SimulatedPlant? plant = null,
        OutboxReleaseMode outboxRelease = OutboxReleaseMode.AtBrokerAcknowledgement)
        : this(flash, new PreparedMqttLinkFactory(link), clock, seed, console, reportPeriodMillisecondsOverride, plant, outboxRelease)
    {
    }

    /// <summary>Builds the device's hal, with a link the root opens from the settings, and boots the firmware on it.</summary>
    /// <param name="outboxRelease">When the outbox forgets a message: at the broker's PUBACK, or at the ledger's acknowledgement.</param>
    public SimulatedDevice(INonVolatileStore flash, IMqttLinkFactory links, SimulatedClock clock, int seed,
        IConsolePort? console = null, int reportPeriodMillisecondsOverride = 0, SimulatedPlant? plant = null,
        OutboxReleaseMode outboxRelease = OutboxReleaseMode.AtBrokerAcknowledgement)
    {
        Plant = plant ?? new SimulatedPlant(seed);
        Clock = clock;
        // The board's measurement points, as its config names them (the simulator's own board, or ec-sim --board).
        BoardConfig board = Plant.Board;
        _chips = new SimulatedIna219[board.Ina219.Length];
        IPowerSensor[] sensors = new IPowerSensor[_chips.Length];
        for (int i = 0; i < _chips.Length; i++)
        {
            Ina219Config chip = board.Ina219[i];
            _chips[i] = new SimulatedIna219(chip.ShuntMilliohms);
            sensors[i] = new SimulatedIna219Sensor(_chips[i], chip.ShuntMilliohms, chip.MaxCurrentMilliamps);
        }

        _batteryAdc = new SimulatedAdcChannel(board.AdcInput("vbat").FullScaleMillivolts / 1000.0);
        AdcInputConfig? ntc = board.AdcInput(EnergyControlBuilder.TemperatureInputKey);
        _temperatureAdc = new SimulatedAdcChannel((ntc?.FullScaleMillivolts ?? board.AdcInput("vbat").FullScaleMillivolts) / 1000.0);
        DeviceHardware hardware = new()
        {
            PowerSensors = sensors,
            BatteryVoltageAdc = _batteryAdc,
            TemperatureAdc = _temperatureAdc,
            BatteryConverter = Plant.Converter,
            PvCurtailment = Plant.PvCurtailment,
            Contactor = Plant.Contactor,
            Flash = flash,
            Links = links,
            ConsolePort = console,
            Clock = clock,
            Random = new SeededRandomSource(seed),
            Reset = RebootHook,
            Signers = new HmacSha256SignerFactory(),
        };
        DeviceSizing sizing = DeviceSizing.ForEsp32();
        sizing.ReportPeriodOverrideMilliseconds = reportPeriodMillisecondsOverride;
        sizing.OutboxRelease = outboxRelease;

        // The sensors see the world before the first sample the boot takes.
        ApplyPhysics(0);
        App = DeviceApplication.Boot(board, hardware, sizing, new BootJournal(flash));
    }

    /// <summary>The firmware as booted by its composition root.</summary>
    public DeviceApplication App { get; }

    /// <summary>The site the device controls (pack, PV, load, power stage, grid).</summary>
    public SimulatedPlant Plant { get; }

    /// <summary>The protection's signed events.</summary>
    public ProtectionEventReporter ProtectionEvents => App.ProtectionEvents;

    /// <summary>The settings store on the device's flash.</summary>
    public SettingsStore SettingsStore => App.SettingsStore;

    /// <summary>The device's signer (its key comes from the settings).</summary>
    public IKeyedMessageSigner Signer => App.Signer;

    /// <summary>The device's signed events.</summary>
    public DeviceEvents Events => App.Events;

    /// <summary>What the console sees of the device.</summary>
    public ConsoleDevice ConsoleDevice => App.ConsoleDevice;

    /// <summary>The console session, or null without a console port.</summary>
    public ConsoleSession? Console => App.Console;

    /// <summary>The hardware reset: set when the firmware rebooted (console or watchdog).</summary>
    public SimulatedRebootHook RebootHook { get; } = new();

    /// <summary>Site and device id.</summary>
    public DeviceIdentity Identity => App.Identity;

    /// <summary>The device's topics.</summary>
    public TopicNames Topics => App.Topics;

    /// <summary>The tariff dispatch reads, set by verified commands once <see cref="AcceptCommands"/> was called.</summary>
    public TariffSchedule Tariff => App.Tariff;

    /// <summary>The cmd topic's processor (counts, last applied cmdseq), or null.</summary>
    public CommandProcessor? Commands => App.Commands;

    /// <summary>Lets the device take the gateway's signed commands, verified with gatewayKey. Needs a link that can receive.</summary>
    public void AcceptCommands(IMessageSigner gatewayKey) => App.AcceptCommands(gatewayKey);

    /// <summary>The device's clock.</summary>
    public SimulatedClock Clock { get; }

    /// <summary>The firmware's controller.</summary>
    public Controller Controller => App.Controller;

    /// <summary>Readings the broker acknowledged (a reading sent again after a reboot counts again).</summary>
    public long ReadingsPublished => App.Publisher.PublishedReadings;

    /// <summary>Seq of the device's last dropped-readings report; 0 if none ever.</summary>
    public long LastEventSequence => App.DroppedReadings.LastEventSequence;

    /// <summary>Reconnection attempts and link losses, when the link can reconnect.</summary>
    public LinkSupervisor? Supervisor => App.Supervisor;

    /// <summary>Readings waiting in the outbox.</summary>
    public int ReadingsQueued => App.Outbox.Count;

    /// <summary>Readings dropped by a full outbox.</summary>
    public long ReadingsDropped => App.Outbox.DroppedCount;

    /// <summary>The battery voltage's ADC channel, to inject faults.</summary>
    public SimulatedAdcChannel BatteryAdc => _batteryAdc;

    /// <summary>The pack NTC's ADC channel, to inject faults.</summary>
    public SimulatedAdcChannel TemperatureAdc => _temperatureAdc;

    /// <summary>The power chip of a channel, to inject faults.</summary>
    public SimulatedIna219 Chip(string channelKey) => _chips[Array.IndexOf(Plant.Board.ChannelKeys(), channelKey)];

    /// <summary>Advances the device's world and clock by elapsedMilliseconds and runs one loop pass.</summary>
    public void Step(int elapsedMilliseconds)
    {
        AdvanceWorld(elapsedMilliseconds);
        RunLoopPass();
    }

    /// <summary>Moves the clock and the site forward: the pack under the commands in force, then new values at the sensors.</summary>
    public void AdvanceWorld(int elapsedMilliseconds)
    {
        Clock.Advance(elapsedMilliseconds);
        ApplyPhysics(elapsedMilliseconds / 1000.0);
    }

    /// <summary>One pass of the device's threads, in order: the control tick, the console, the communication pass, the watchdog.</summary>
    public void RunLoopPass()
    {
        App.ControlTick();
        App.PollConsole();
        App.CommunicationPass();
        App.SuperviseControl();
    }

    /// <summary>Serves the console between loop passes (a person types faster than the loop period).</summary>
    public void PollConsole() => App.PollConsole();

    /// <summary>Messages waiting in the outbox, readings and events.</summary>
    public TelemetryOutbox Outbox => App.Outbox;

    /// <summary>Publishes whatever is still queued (at the end of a run), forgets on flash what the broker took, saves the state.</summary>
    public void Flush() => App.Shutdown();

    /// <inheritdoc />
    public void Dispose() => (App.Link as IDisposable)?.Dispose();

    private void ApplyPhysics(double elapsedSeconds)
    {
        // The site's day is local time, as the firmware's tariff hours are.
        long localSeconds = (Clock.UnixTimeMilliseconds / 1000) + ((Plant.Board.Site?.UtcOffsetMinutes ?? 0) * 60L);
        Plant.Advance(elapsedSeconds, ((localSeconds % 86400) + 86400) % 86400);
        double busVolts = Plant.Pack.TerminalVolts;
        for (int i = 0; i < _chips.Length; i++)
        {
            _chips[i].SetInputs(busVolts, Plant.CurrentAmps(Plant.Board.Ina219[i].Forward));
        }

        _batteryAdc.PinVolts = Plant.BatteryPinVolts();
        _temperatureAdc.PinVolts = Plant.ThermistorPinVolts();
    }
}
