using EdgeController.Core;
using EdgeController.Core.Commands;
using EdgeController.Core.Console;
using EdgeController.Core.Control;
using EdgeController.Core.FixedPoint;
using EdgeController.Core.Config;
using EdgeController.Core.Metering;
using EdgeController.Core.Settings;
using EdgeController.Core.Signing;
using EdgeController.Core.Tariffs;
using EdgeController.Core.Telemetry;
using EdgeController.Hal;
using EdgeController.Hal.Simulation;
using EdgeController.Hal.Simulation.Models;
using EdgeController.Hal.Simulation.Platform;
using EdgeController.Hal.Simulation.Sensors;
using EdgeController.Hal.Simulation.Signing;
using EdgeController.Hal.Simulation.Storage;

namespace EdgeController.Simulator;

/// <summary>
/// One simulated edge controller: the firmware's Core (Controller with its dispatch and charge
/// loop, outbox, publisher) wired to simulated INA219s and ADC channels, the power stage of a
/// <see cref="SimulatedPlant"/>, a drivable clock, a folder as its flash, a BCL HMAC signer and
/// an MQTT link. <see cref="Step"/> moves its world and its loop forward.
/// Like the device, it boots from its flash: identity, key, mode and calibration come from
/// the settings record there (factory defaults and no key when there is none). With a console
/// port it also runs the field console; a `reboot` there shows in <see cref="RebootHook"/>,
/// and the owner then builds a new device on the same flash.
/// </summary>
public sealed class SimulatedDevice : IDisposable
{
    /// <summary>Outbox RAM slots, also the readings of one flash segment.</summary>
    public const int OutboxCapacityMessages = 32;

    /// <summary>Flash segments the outbox keeps: 8192 readings, 2.2 hours of outage at 1 s, 22 hours at 10 s.</summary>
    public const int OutboxMaxSpilledSegments = 256;

    /// <summary>The largest signed message: a reading of four channels is about 600 bytes.</summary>
    public const int MaxMessageBytes = 1024;

    /// <summary>First reconnect wait after the broker is lost (half of it fixed, half jitter).</summary>
    public const int ReconnectInitialDelayMilliseconds = 2000;

    /// <summary>The longest reconnect wait.</summary>
    public const int ReconnectMaxDelayMilliseconds = 60_000;

    private const int MaxMessagesPerPump = 64;
    private const int MaxCommandsPerStep = 4;

    private readonly SimulatedIna219[] _chips;
    private readonly SimulatedAdcChannel _batteryAdc;
    private readonly SimulatedAdcChannel _temperatureAdc;
    private readonly IMqttLink _link;
    private readonly TelemetryPublisher _publisher;
    private readonly TelemetryOutbox _outbox;
    private readonly LinkSupervisor? _supervisor;
    private readonly DroppedReadingsReporter _dropReporter;
    private readonly INonVolatileStore _flash;
    private CommandProcessor? _commands;

    /// <summary>Builds the device from the settings in its flash and starts its controller (boot).</summary>
    /// <param name="flash">The device's flash: settings and meter state.</param>
    /// <param name="link">Its MQTT link.</param>
    /// <param name="clock">Its clock.</param>
    /// <param name="seed">Seed of its site model.</param>
    /// <param name="console">The serial console, or null for none.</param>
    /// <param name="reportPeriodMillisecondsOverride">A reading period that wins over the settings' report_ms (0: use the settings).</param>
    /// <param name="plant">The site it controls; pass the same one again after a reboot (null: a new site from seed).</param>
    public SimulatedDevice(INonVolatileStore flash, IMqttLink link, SimulatedClock clock, int seed,
        IConsolePort? console = null, int reportPeriodMillisecondsOverride = 0, SimulatedPlant? plant = null)
    {
        Plant = plant ?? new SimulatedPlant(seed);
        Clock = clock;
        _link = link;
        SettingsStore = new SettingsStore(flash);
        DeviceSettings settings = SettingsStore.Load();
        Identity = new DeviceIdentity(settings.SiteId, settings.DeviceId);
        Signer = settings.HasKey ? new HmacSha256Signer(settings.KeyId, settings.Key) : new HmacSha256Signer();
        _chips = new SimulatedIna219[SimulatedBoard.ChannelKeys.Length];
        CalibratedPowerSensor[] sensors = new CalibratedPowerSensor[_chips.Length];
        for (int i = 0; i < _chips.Length; i++)
        {
            _chips[i] = new SimulatedIna219(SimulatedBoard.ShuntMilliohms);
            sensors[i] = new CalibratedPowerSensor(
                new SimulatedIna219Sensor(_chips[i], SimulatedBoard.ShuntMilliohms, SimulatedBoard.MaxCurrentMilliamps),
                SimulatedBoard.ShuntMilliohms * 1000);
        }

        _batteryAdc = new SimulatedAdcChannel(SimulatedBoard.AdcFullScaleMillivolts / 1000.0);
        _temperatureAdc = new SimulatedAdcChannel(SimulatedBoard.AdcFullScaleMillivolts / 1000.0);
        ScaledVoltageInput batteryVoltage = new(
            _batteryAdc, SimulatedBoard.AdcFullScaleMillivolts, Q16.FromRatio(SimulatedBoard.BatteryDividerTotalOhms, SimulatedBoard.BatteryDividerBottomOhms));
        ConsoleDevice.ApplyCalibration(settings, sensors, batteryVoltage, SimulatedBoard.BatteryDividerPartsPerMillion);
        TopicNames topics = new(Identity.SiteId, Identity.DeviceId);
        Topics = topics;
        _flash = flash;
        // Store-and-forward: readings wait on the device's flash until the broker acknowledges them.
        _outbox = new TelemetryOutbox(OutboxCapacityMessages, MaxMessageBytes, flash, OutboxMaxSpilledSegments);
        _publisher = new TelemetryPublisher(_outbox, link, topics);
        SignedEnvelopeWriter envelopeWriter = new(Signer);
        int reportPeriodMilliseconds = reportPeriodMillisecondsOverride > 0 ? reportPeriodMillisecondsOverride : settings.ReportPeriodMilliseconds;
        Controller = new Controller(Identity, reportPeriodMilliseconds, clock, SimulatedBoard.ChannelKeys, sensors,
            batteryVoltage, new MeterStateStore(flash), envelopeWriter, _outbox);
        _dropReporter = new DroppedReadingsReporter(Identity, clock, envelopeWriter, _outbox, Controller);
        if (link is IMqttConnection connection)
        {
            _supervisor = new LinkSupervisor(link, connection,
                new ReconnectBackoff(ReconnectInitialDelayMilliseconds, ReconnectMaxDelayMilliseconds, new SeededRandomSource(seed)), clock);
        }

        ApplyPhysics(0);
        Controller.Start();
        if (SettingsStore.SettingsWereLost)
        {
            Controller.RaiseFault(FaultFlags.SettingsLost);
        }

        Events = new DeviceEvents(Identity.DeviceId, Controller, clock, envelopeWriter, _outbox);
        ProtectionEvents = new ProtectionEventReporter(Events);
        Controller.AttachEnergyControl(BuildEnergyControl(flash, batteryVoltage), ProtectionEvents);
        Controller.Mode = settings.Mode;
        Controller.ManualBatteryWatts = settings.ManualBatteryWatts;
        ConsoleDevice = new ConsoleDevice(Controller, Events, SettingsStore, settings, Signer, clock, RebootHook, sensors,
            batteryVoltage, SimulatedBoard.BatteryDividerPartsPerMillion, _outbox, _publisher, link);
        if (console is not null)
        {
            Console = new ConsoleSession(console, ConsoleDevice);
            Console.Start();
        }
    }

    /// <summary>The site the device controls (pack, PV, load, power stage, grid).</summary>
    public SimulatedPlant Plant { get; }

    /// <summary>The protection's signed events.</summary>
    public ProtectionEventReporter ProtectionEvents { get; }

    /// <summary>The settings store on the device's flash.</summary>
    public SettingsStore SettingsStore { get; }

    /// <summary>The device's signer (its key comes from the settings).</summary>
    public HmacSha256Signer Signer { get; }

    /// <summary>The device's signed events.</summary>
    public DeviceEvents Events { get; }

    /// <summary>What the console sees of the device.</summary>
    public ConsoleDevice ConsoleDevice { get; }

    /// <summary>The console session, or null without a console port.</summary>
    public ConsoleSession? Console { get; }

    /// <summary>Set when the firmware asked for a reboot.</summary>
    public SimulatedRebootHook RebootHook { get; } = new();

    /// <summary>Site and device id.</summary>
    public DeviceIdentity Identity { get; }

    /// <summary>The device's topics.</summary>
    public TopicNames Topics { get; }

    /// <summary>The tariff dispatch reads, set by verified commands once <see cref="AcceptCommands"/> was called.</summary>
    public TariffSchedule Tariff { get; } = new();

    /// <summary>The cmd topic's processor (counts, last applied cmdseq), or null.</summary>
    public CommandProcessor? Commands => _commands;

    /// <summary>
    /// Lets the device take the gateway's signed commands on its cmd topic, verified with
    /// gatewayKey (the key the gateway signs this device's commands with). Needs a link that can receive.
    /// </summary>
    public void AcceptCommands(IMessageSigner gatewayKey)
    {
        if (_link is not IMqttInbox inbox)
        {
            throw new InvalidOperationException("the device's link cannot receive messages");
        }

        _commands = new CommandProcessor(Identity, gatewayKey, Clock, _flash, Tariff, Topics);
        _commands.Start();
        _commands.Subscribe(inbox);
    }

    /// <summary>The device's clock.</summary>
    public SimulatedClock Clock { get; }

    /// <summary>The firmware's controller.</summary>
    public Controller Controller { get; }

    /// <summary>Readings the broker acknowledged (a reading sent again after a reboot counts again).</summary>
    public long ReadingsPublished => _publisher.PublishedReadings;

    /// <summary>Seq of the device's last dropped-readings report; 0 if none ever.</summary>
    public long LastEventSequence => _dropReporter.LastEventSequence;

    /// <summary>Reconnection attempts and link losses, when the link can reconnect.</summary>
    public LinkSupervisor? Supervisor => _supervisor;

    /// <summary>Readings waiting in the outbox.</summary>
    public int ReadingsQueued => _outbox.Count;

    /// <summary>Readings dropped by a full outbox.</summary>
    public long ReadingsDropped => _outbox.DroppedCount;

    /// <summary>The battery voltage's ADC channel, to inject faults.</summary>
    public SimulatedAdcChannel BatteryAdc => _batteryAdc;

    /// <summary>The pack NTC's ADC channel, to inject faults.</summary>
    public SimulatedAdcChannel TemperatureAdc => _temperatureAdc;

    /// <summary>The power chip of a channel, to inject faults.</summary>
    public SimulatedIna219 Chip(string channelKey) => _chips[Array.IndexOf(SimulatedBoard.ChannelKeys, channelKey)];

    /// <summary>Advances the device's world and clock by elapsedMilliseconds, runs one loop pass, serves the console and drains the outbox.</summary>
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

    /// <summary>One pass of the firmware's loop: the controller's tick, the console, the link, commands and the outbox.</summary>
    public void RunLoopPass()
    {
        Controller.Tick();
        Console?.Poll();
        if (_supervisor?.Poll() ?? _link.IsConnected)
        {
            _dropReporter.Poll(Controller.BootCount);
        }

        if (_commands is not null && _link is IMqttInbox commandInbox)
        {
            _commands.PollInbox(commandInbox, MaxCommandsPerStep);
        }

        _publisher.Pump(MaxMessagesPerPump);
    }

    /// <summary>Serves the console between loop passes (a person types faster than the loop period).</summary>
    public void PollConsole() => Console?.Poll();

    /// <summary>Messages waiting in the outbox, readings and events.</summary>
    public TelemetryOutbox Outbox => _outbox;

    /// <summary>Publishes whatever is still queued (at the end of a run) and forgets on flash what the broker took.</summary>
    public void Flush()
    {
        _publisher.Pump(int.MaxValue);
        _outbox.Checkpoint();
    }

    /// <inheritdoc />
    public void Dispose() => (_link as IDisposable)?.Dispose();

    /// <summary>The dispatch and charge loop from the board config, on the plant's power stage; the gateway's schedule feeds its tariff.</summary>
    private SiteControl BuildEnergyControl(INonVolatileStore flash, ScaledVoltageInput batteryVoltage)
    {
        BoardConfig board = SimulatedBoard.Config;
        SiteControl energy = EnergyControlBuilder.BuildSiteControl(board, Controller.Channels, batteryVoltage, _temperatureAdc,
            Plant.Converter, Plant.PvCurtailment, Plant.Contactor, Clock, flash);
        energy.TariffFollower = new TariffFollower(Tariff, energy.Loop.Tariff, board.Site.UtcOffsetMinutes);
        return energy;
    }

    private void ApplyPhysics(double elapsedSeconds)
    {
        // The site's day is local time, as the firmware's tariff hours are.
        long localSeconds = (Clock.UnixTimeMilliseconds / 1000) + (SimulatedBoard.Config.Site.UtcOffsetMinutes * 60L);
        Plant.Advance(elapsedSeconds, ((localSeconds % 86400) + 86400) % 86400);
        double busVolts = Plant.Pack.TerminalVolts;
        double[] currentsAmps = Plant.ChannelCurrentsAmps();
        for (int i = 0; i < _chips.Length; i++)
        {
            _chips[i].SetInputs(busVolts, currentsAmps[i]);
        }

        _batteryAdc.PinVolts = Plant.BatteryPinVolts();
        _temperatureAdc.PinVolts = Plant.ThermistorPinVolts();
    }
}
