using EdgeController.Core.Commands;
using EdgeController.Core.Config;
using EdgeController.Core.Console;
using EdgeController.Core.Control;
using EdgeController.Core.FixedPoint;
using EdgeController.Core.Market;
using EdgeController.Core.Metering;
using EdgeController.Core.Settings;
using EdgeController.Core.Signing;
using EdgeController.Core.Storage;
using EdgeController.Core.Tariffs;
using EdgeController.Core.Telemetry;
using EdgeController.Hal;

namespace EdgeController.Core.Composition
{
    /// <summary>
    /// The one composition root of the firmware (docs/design.md, layout): from a validated board
    /// config and the host's <see cref="DeviceHardware"/> it builds the whole device (settings,
    /// identity, signer, meters, controller, energy control, events, the durable outbox, the
    /// publisher, link supervision, the command processor and the console) and exposes the few
    /// entry points a host drives: <see cref="ControlTick"/>, <see cref="CommunicationPass"/>,
    /// <see cref="PollConsole"/>, <see cref="SuperviseControl"/> and <see cref="EnterSafeState"/>.
    /// The ESP32 app calls them from its threads, the simulator from its simulated timeline;
    /// neither builds Core's pieces itself, so what the simulator proves is what the device runs.
    /// Each entry point takes the control lock itself where it touches Core's state (Core is not
    /// thread-safe), and never holds it across network or reset waits.
    /// </summary>
    public sealed class DeviceApplication
    {
        /// <summary>The reason the boot journal records for a console reboot.</summary>
        public const string ConsoleRebootReason = "console reboot";

        /// <summary>The reason the boot journal records when the watchdog resets (the silence follows).</summary>
        public const string WatchdogReasonPrefix = "watchdog: no control tick for ";

        /// <summary>The key id the gateway signs a device's commands under (docs/design.md, the gateway ledger).</summary>
        public const string CommandKeyId = "cmd";

        private const long PartsPerMillion = 1000000;

        private readonly object _coreLock = new object();
        private readonly DeviceHardware _hardware;
        private readonly DeferredReboot _consoleReboot = new DeferredReboot();
        private readonly DeviceCommunication _communication;
        private readonly ConsoleSession _console;
        private readonly DeviceSettings _settings;
        private readonly IMessageSignerFactory _signers;

        private DeviceApplication(BoardConfig config, DeviceHardware hardware, DeviceSizing sizing, BootJournal journal)
        {
            _hardware = hardware;
            _signers = hardware.Signers;
            Journal = journal;
            IClock clock = hardware.Clock;
            INonVolatileStore flash = hardware.Flash;

            SettingsStore = new SettingsStore(flash);
            _settings = SettingsStore.Load();
            Identity = new DeviceIdentity(_settings.SiteId, _settings.DeviceId);
            Topics = new TopicNames(Identity.SiteId, Identity.DeviceId);
            Signer = hardware.Signers.Create(_settings.KeyId, _settings.HasKey ? _settings.Key : null);
            SignedEnvelopeWriter envelopeWriter = new SignedEnvelopeWriter(Signer);

            Sensors = CalibratedSensors(config, hardware.PowerSensors);
            AdcInputConfig vbat = config.AdcInput("vbat");
            NominalDividerPartsPerMillion = (int)(vbat.DividerTotalOhms * PartsPerMillion / vbat.DividerBottomOhms);
            BatteryVoltage = new ScaledVoltageInput(hardware.BatteryVoltageAdc, vbat.FullScaleMillivolts,
                Q16.FromRatio(vbat.DividerTotalOhms, vbat.DividerBottomOhms));
            ConsoleDevice.ApplyCalibration(_settings, Sensors, BatteryVoltage, NominalDividerPartsPerMillion);

            Link = hardware.Links.Open(LinkSettingsOf(_settings, Topics));
            IMqttConnection connection = Link as IMqttConnection;
            IMqttInbox inbox = Link as IMqttInbox;

            // Store-and-forward: every message waits on flash until it may be forgotten.
            // A device that holds its command key can verify the ledger's acks: it keeps every
            // message until the ledger has it. Without one it can only trust the broker's PUBACK.
            OutboxReleaseMode release = _settings.HasCommandKey ? OutboxReleaseMode.AtLedgerAcknowledgement : sizing.OutboxRelease;
            Outbox = new TelemetryOutbox(sizing.OutboxRingMessages, sizing.MaxMessageBytes, flash, sizing.OutboxFlashBudgetBytes,
                sizing.OutboxSegmentBytes, release);
            TelemetryPublisher publisher = new TelemetryPublisher(Outbox, Link, Topics);
            int reportPeriodMilliseconds = sizing.ReportPeriodOverrideMilliseconds > 0
                ? sizing.ReportPeriodOverrideMilliseconds
                : _settings.ReportPeriodMilliseconds;
            Controller = new Controller(Identity, reportPeriodMilliseconds, clock, config.ChannelKeys(), Sensors,
                BatteryVoltage, new MeterStateStore(flash), envelopeWriter, Outbox);
            Controller.Start();
            if (SettingsStore.SettingsWereLost)
            {
                Controller.RaiseFault(FaultFlags.SettingsLost);
            }

            // The events exist before the energy control that reports through them is attached,
            // and the saved mode is applied once it is there.
            Events = new DeviceEvents(Identity.DeviceId, Controller, clock, envelopeWriter, Outbox);
            ProtectionEvents = new ProtectionEventReporter(Events);
            EnergyControlOffReason = AttachEnergyControl(config, hardware);
            MarketOffReason = AttachMarket(config, clock, envelopeWriter);
            Controller.Mode = _settings.Mode;
            Controller.ManualBatteryDischargeWatts = _settings.ManualBatteryDischargeWatts;

            LinkSupervisor supervisor = connection == null ? null : new LinkSupervisor(Link, connection,
                new ReconnectBackoff(sizing.ReconnectInitialDelayMilliseconds, sizing.ReconnectMaxDelayMilliseconds, hardware.Random), clock);
            DroppedReadingsReporter dropped = new DroppedReadingsReporter(Identity, clock, envelopeWriter, Outbox, Controller);
            _communication = new DeviceCommunication(Link, supervisor, inbox, Controller, publisher, dropped, clock, sizing);

            ConsoleDevice = new ConsoleDevice(Controller, Events, SettingsStore, _settings, Signer, clock, _consoleReboot, Sensors,
                BatteryVoltage, NominalDividerPartsPerMillion, Outbox, publisher, Link);
            ConsoleDevice.Note("last reset: " + journal.LastResetReason + " (crashes " + journal.CrashCount.ToString() + ")");
            if (EnergyControlOffReason != null)
            {
                ConsoleDevice.Note("energy control off: " + EnergyControlOffReason);
            }

            if (MarketOffReason != null && config.Site != null && config.Site.Market != null)
            {
                ConsoleDevice.Note("market off: " + MarketOffReason);
            }

            if (_settings.HasCommandKey && inbox != null)
            {
                StartCommands(hardware.Signers.Create(CommandKeyId, _settings.CommandKey));
            }

            Watchdog = new ControlWatchdog(config.Loop.ControlPeriodMilliseconds, sizing.WatchdogStalledPeriods);
            Ticker = new ControlTicker(Controller, ConsoleDevice, Watchdog);
            ConsoleDevice.Loop = Ticker;
            if (hardware.ConsolePort != null)
            {
                _console = new ConsoleSession(hardware.ConsolePort, ConsoleDevice);
                _console.Start();
            }
        }

        /// <summary>
        /// Builds and starts the device: config must be valid (the host shows a safe-mode console
        /// otherwise); journal is the boot journal the host opened at power-up.
        /// </summary>
        public static DeviceApplication Boot(BoardConfig config, DeviceHardware hardware, DeviceSizing sizing, BootJournal journal)
        {
            if (config.Ina219.Length != hardware.PowerSensors.Length)
            {
                throw new System.ArgumentException("one power sensor per ina219 entry of the board config");
            }

            return new DeviceApplication(config, hardware, sizing, journal);
        }

        /// <summary>Site and device id, from the settings.</summary>
        public DeviceIdentity Identity { get; private set; }

        /// <summary>The device's topics.</summary>
        public TopicNames Topics { get; private set; }

        /// <summary>The settings store on flash.</summary>
        public SettingsStore SettingsStore { get; private set; }

        /// <summary>The device key's signer.</summary>
        public IKeyedMessageSigner Signer { get; private set; }

        /// <summary>The calibrated power sensors, in board order.</summary>
        public CalibratedPowerSensor[] Sensors { get; private set; }

        /// <summary>The battery voltage input.</summary>
        public ScaledVoltageInput BatteryVoltage { get; private set; }

        /// <summary>The board's battery divider ratio, ppm.</summary>
        public int NominalDividerPartsPerMillion { get; private set; }

        /// <summary>The MQTT link, opened with the settings' broker and credentials.</summary>
        public IMqttLink Link { get; private set; }

        /// <summary>The Wi-Fi network the settings name ("" when none: the device stays off the air).</summary>
        public string WifiSsid
        {
            get { return _settings.WifiSsid; }
        }

        /// <summary>The Wi-Fi passphrase.</summary>
        public string WifiPassword
        {
            get { return _settings.WifiPassword; }
        }

        /// <summary>The metering controller.</summary>
        public Controller Controller { get; private set; }

        /// <summary>The durable outbox.</summary>
        public TelemetryOutbox Outbox { get; private set; }

        /// <summary>The outbox's publisher.</summary>
        public TelemetryPublisher Publisher
        {
            get { return _communication.Publisher; }
        }

        /// <summary>Reconnection attempts and losses, or null for a link that is never reconnected.</summary>
        public LinkSupervisor Supervisor
        {
            get { return _communication.Supervisor; }
        }

        /// <summary>The dropped-readings event.</summary>
        public DroppedReadingsReporter DroppedReadings
        {
            get { return _communication.DroppedReadings; }
        }

        /// <summary>The cmd topic's processor, or null until commands are accepted.</summary>
        public CommandProcessor Commands
        {
            get { return _communication.Commands; }
        }

        /// <summary>The gateway's tariff schedule, as verified commands set it; the dispatch follows it.</summary>
        public TariffSchedule Tariff { get; private set; }

        /// <summary>Signed events.</summary>
        public DeviceEvents Events { get; private set; }

        /// <summary>The protection's signed events.</summary>
        public ProtectionEventReporter ProtectionEvents { get; private set; }

        /// <summary>Why the energy control is off (the device meters and publishes only), or null.</summary>
        public string EnergyControlOffReason { get; private set; }

        /// <summary>The device's part in the local energy market, or null (see <see cref="MarketOffReason"/>).</summary>
        public MarketParticipation Market { get; private set; }

        /// <summary>Why the device does not trade, or null when it does.</summary>
        public string MarketOffReason { get; private set; }

        /// <summary>What the console sees of the device.</summary>
        public ConsoleDevice ConsoleDevice { get; private set; }

        /// <summary>The console session, or null without a console port.</summary>
        public ConsoleSession Console
        {
            get { return _console; }
        }

        /// <summary>The control tick's accounting (ticks, overruns, failures).</summary>
        public ControlTicker Ticker { get; private set; }

        /// <summary>The control loop's watchdog.</summary>
        public ControlWatchdog Watchdog { get; private set; }

        /// <summary>The boot journal.</summary>
        public BootJournal Journal { get; private set; }

        /// <summary>The control loop's entry point: one tick, under the control lock. True when it emitted a reading.</summary>
        public bool ControlTick()
        {
            lock (_coreLock)
            {
                return Ticker.Tick();
            }
        }

        /// <summary>Tells the accounting that the last tick ended after its successor was due (the host's scheduler sees that).</summary>
        public void RecordTickOverrun()
        {
            lock (_coreLock)
            {
                Ticker.RecordOverrun();
            }
        }

        /// <summary>
        /// The communication entry point: supervise the link, take commands and report drops
        /// (under the control lock), drain the outbox. Returns the messages published.
        /// </summary>
        public int CommunicationPass()
        {
            bool linkUp = _communication.SuperviseLink();
            lock (_coreLock)
            {
                _communication.TakeCommandsAndReportDrops(linkUp);
            }

            return _communication.DrainOutbox();
        }

        /// <summary>
        /// The console's entry point: serves what arrived on the port, under the control lock. A
        /// reboot asked for there is carried out after the lock is released.
        /// </summary>
        public void PollConsole()
        {
            if (_console != null)
            {
                lock (_coreLock)
                {
                    _console.Poll();
                }
            }

            if (_consoleReboot.TakePending())
            {
                Reset(ConsoleRebootReason);
            }
        }

        /// <summary>
        /// The supervision entry point (its own thread on the device): when no control tick has
        /// completed for the watchdog's limit, records why in the boot journal and resets. Takes
        /// no lock, since a hung tick may hold it. True when it reset.
        /// </summary>
        public bool SuperviseControl()
        {
            if (!Watchdog.Check(_hardware.Clock.UptimeMilliseconds))
            {
                return false;
            }

            Journal.RecordRestart(WatchdogReasonPrefix + Watchdog.SilentMilliseconds.ToString() + " ms");
            _hardware.Reset.RequestReboot();
            return true;
        }

        /// <summary>Idles the power stage, under the control lock.</summary>
        public void EnterSafeState()
        {
            lock (_coreLock)
            {
                Ticker.EnterSafeState();
            }
        }

        /// <summary>
        /// Lets the device take the gateway's signed commands on its cmd topics, verified with
        /// gatewayKey, in place of the command key of the settings (a test's, or a device
        /// provisioned before command keys). Needs a hardware bundle with an inbox.
        /// </summary>
        public void AcceptCommands(IMessageSigner gatewayKey)
        {
            if (!_communication.CanReceive)
            {
                throw new System.InvalidOperationException("the device's link cannot receive messages");
            }

            lock (_coreLock)
            {
                StartCommands(gatewayKey);
            }
        }

        /// <summary>
        /// Before a planned stop (end of a simulation, a shutdown): publishes what the link takes
        /// now, forgets on flash what the broker took, and saves the meter and battery state.
        /// </summary>
        public void Shutdown()
        {
            _communication.Publisher.Pump(int.MaxValue);
            lock (_coreLock)
            {
                Outbox.Checkpoint();
                Controller.PersistState();
            }
        }

        /// <summary>The cmd topics' processor: tariffs to the dispatch, ack and resend to the outbox.</summary>
        private void StartCommands(IMessageSigner commandKey)
        {
            CommandProcessor processor = new CommandProcessor(Identity, commandKey, _hardware.Clock, _hardware.Flash, Tariff, Topics, Outbox);
            processor.Start();
            if (Market != null)
            {
                AwardCommandHandler awards = new AwardCommandHandler(Market.Follower, _hardware.Clock, _hardware.Flash);
                awards.Start();
                processor.Awards = awards;
            }

            _communication.AcceptCommands(processor);
        }

        private void Reset(string reason)
        {
            lock (_coreLock)
            {
                Outbox.Checkpoint();
            }

            Journal.RecordRestart(reason);
            _hardware.Reset.RequestReboot();
        }

        private string AttachEnergyControl(BoardConfig config, DeviceHardware hardware)
        {
            Tariff = new TariffSchedule();
            string missing = EnergyControlBuilder.MissingForControl(config);
            if (missing != null)
            {
                return missing;
            }

            if (hardware.PowerStageFault != null)
            {
                return "powerStage: " + hardware.PowerStageFault;
            }

            IBatteryConverter converter = hardware.BatteryConverter;
            if (converter == null && hardware.BatteryConverterSetpoint != null)
            {
                converter = new SetpointBatteryConverter(hardware.BatteryConverterSetpoint, config.PowerStage.BatteryConverter.RatedWatts);
            }

            IPvCurtailment pvCurtailment = hardware.PvCurtailment;
            if (pvCurtailment == null && hardware.PvLimitSetpoint != null)
            {
                pvCurtailment = new SetpointPvCurtailment(hardware.PvLimitSetpoint, config.PowerStage.PvLimit.RatedWatts);
            }

            if (converter == null || pvCurtailment == null || hardware.Contactor == null || hardware.TemperatureAdc == null)
            {
                return "the host supplied no power stage";
            }

            SiteControl energy = EnergyControlBuilder.BuildSiteControl(config, Controller.Channels, BatteryVoltage, hardware.TemperatureAdc,
                converter, pvCurtailment, hardware.Contactor, hardware.Clock, hardware.Flash);
            energy.TariffFollower = new TariffFollower(Tariff, energy.Loop.Tariff, config.Site.UtcOffsetMinutes);
            Controller.AttachEnergyControl(energy, ProtectionEvents);
            return null;
        }

        /// <summary>
        /// The local energy market, when the board config's site has a "market" section and the
        /// energy control runs: orders from the plan, signed as events with the controller's seq
        /// into the outbox, and the award follower in the loop. Returns why not, or null.
        /// </summary>
        private string AttachMarket(BoardConfig config, IClock clock, SignedEnvelopeWriter envelopeWriter)
        {
            if (config.Site == null || config.Site.Market == null)
            {
                return "the board config's site has no \"market\" section";
            }

            SiteControl energy = Controller.EnergyControl;
            if (energy == null)
            {
                return "no energy control (" + EnergyControlOffReason + ")";
            }

            int grid = EnergyControlBuilder.ChannelIndexOf(config, GridImportForward);
            if (grid < 0 || config.Ina219[grid].Key != GridChannelKey)
            {
                return "ina219: needs the channel \"" + GridChannelKey + "\" with forward \"" + GridImportForward + "\" (the registers the gateway settles)";
            }

            MarketOrderPublisher publisher = new MarketOrderPublisher(Identity.DeviceId, Controller.BootCount, Controller, clock, envelopeWriter, Outbox);
            Market = new MarketParticipation(config.Site.Market, publisher, new AwardFollower(), energy.Loop, Controller.Channels[grid], clock,
                config.Site.UtcOffsetMinutes);
            energy.Market = Market;
            return null;
        }

        /// <summary>The grid channel's key: the gateway settles from its registers grid_fwd_mwh and grid_rev_mwh.</summary>
        public const string GridChannelKey = "grid";

        /// <summary>The grid channel's "forward": import.</summary>
        public const string GridImportForward = "import";

        /// <summary>The MQTT session of the settings: the device id as client id, the retained status as last will.</summary>
        private static MqttLinkSettings LinkSettingsOf(DeviceSettings settings, TopicNames topics)
        {
            MqttLinkSettings link = new MqttLinkSettings();
            link.Host = settings.MqttHost;
            link.Port = settings.MqttPort;
            link.ClientId = settings.DeviceId;
            link.StatusTopic = topics.Status;
            link.Username = settings.MqttUsername;
            link.Password = settings.MqttPassword;
            link.UseTls = settings.MqttUseTls;
            link.TlsCaCertificateFile = settings.MqttCaFile.Length == 0 ? null : settings.MqttCaFile;
            link.AllowPlainPassword = settings.MqttAllowPlainPassword;
            return link;
        }

        private static CalibratedPowerSensor[] CalibratedSensors(BoardConfig config, IPowerSensor[] chips)
        {
            CalibratedPowerSensor[] sensors = new CalibratedPowerSensor[chips.Length];
            for (int i = 0; i < sensors.Length; i++)
            {
                sensors[i] = new CalibratedPowerSensor(chips[i], config.Ina219[i].ShuntMilliohms * 1000);
            }

            return sensors;
        }
    }
}
