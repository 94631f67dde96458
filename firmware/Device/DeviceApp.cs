using System;
using System.Device.Adc;
using System.Device.I2c;
using System.Threading;
using EdgeController.Core;
using EdgeController.Core.Config;
using EdgeController.Core.Console;
using EdgeController.Core.Control;
using EdgeController.Core.FixedPoint;
using EdgeController.Core.Metering;
using EdgeController.Core.Settings;
using EdgeController.Core.Signing;
using EdgeController.Core.Storage;
using EdgeController.Core.Telemetry;
using EdgeController.Hal;
using EdgeController.Hal.Esp32;
using nanoFramework.Runtime.Native;

namespace EdgeController.Device
{
    /// <summary>
    /// Builds the device from its files on I:\ and starts its threads, wired as the simulator
    /// wires Core (tools/EdgeController.Simulator/SimulatedDevice.cs): the settings record
    /// (settings.a/.b, written by ec-provision or the console) through Core's SettingsStore, the
    /// controller, its energy control on the PWM power stage (when the board config has what it
    /// needs; otherwise the console log says why), the signed events and the field console.
    /// The order matters: the board config is validated before any pin is touched, and on an
    /// invalid one nothing is driven (no I2C, no outputs) and only a minimal console says why.
    /// A device without settings or without a key still boots, on factory defaults, to the full
    /// console, so a technician can `key set` and `config set` it there.
    /// </summary>
    public sealed class DeviceApp
    {
        /// <summary>Outbox RAM slots: a cache of the newest messages (2 KiB of RAM); the messages themselves wait on flash.</summary>
        public const int OutboxCapacityMessages = 2;

        /// <summary>
        /// Flash the outbox's log may take: 128 segments of 4 KiB (half of a 1 MiB data partition),
        /// 768 readings of ~620 bytes, 2.1 hours of broker outage at a 10 s report period.
        /// </summary>
        public const int OutboxFlashBudgetBytes = 128 * 4096;

        /// <summary>The largest signed message (a reading of eight channels stays well below).</summary>
        public const int MaxMessageBytes = 1024;

        /// <summary>How long a publish waits for its PUBACK, ms.</summary>
        public const int PublishTimeoutMilliseconds = 10000;

        /// <summary>Time the console's last reply gets on the UART before a reboot, ms (a full 4 KiB reply at 115200 baud takes 360 ms).</summary>
        public const int RebootSettleMilliseconds = 500;

        private const long PartsPerMillion = 1000000;
        private const int BoardConfigMaxBytes = 16384;
        private const int StartupRetryMilliseconds = 10000;

        private readonly FlashFileStore _flash = new FlashFileStore();

        // The control loop's tick and the console both run Core objects (controller, settings,
        // signer, sensors) that are not thread-safe: whichever thread runs them holds this lock.
        private readonly object _coreLock = new object();
        private BootJournal _journal;
        private DigitalOutputs _outputs;

        /// <summary>Runs the device; never returns.</summary>
        public void Run()
        {
            _journal = new BootJournal(_flash);
            Console.WriteLine("EdgeController starting; last reset: " + _journal.LastResetReason + "; crashes: " + _journal.CrashCount.ToString());
            try
            {
                Start();
            }
            catch (Exception e)
            {
                // A failure while wiring hardware: say it, record it, and try again from a clean boot.
                Console.WriteLine("startup failed: " + e.Message);
                _journal.RecordRestart("startup failed: " + e.Message);
                Thread.Sleep(StartupRetryMilliseconds);
                Power.RebootDevice();
            }

            Thread.Sleep(Timeout.Infinite);
        }

        private void Start()
        {
            string boardText = _flash.ReadText(FlashFileStore.BoardConfigFileName, BoardConfigMaxBytes);
            BoardConfigLoadResult board = boardText == null ? null : BoardConfigLoader.Load(boardText);
            if (board == null || !board.IsValid)
            {
                string[] errors = board == null
                    ? new string[] { _flash.PathOf(FlashFileStore.BoardConfigFileName) + ": missing or larger than 16 KiB (deploy it with tools/flash.sh)" }
                    : board.Errors;
                new SafeModeConsole(errors, board == null ? null : board.Console, _journal).Run();
                return;
            }

            StartDevice(board.Config);
        }

        private void StartDevice(BoardConfig config)
        {
            SettingsStore settingsStore = new SettingsStore(_flash);
            DeviceSettings settings = settingsStore.Load();
            DeviceIdentity identity = new DeviceIdentity(settings.SiteId, settings.DeviceId);
            IClock clock = new DeviceClock();
            NanoHmacSha256Signer signer = settings.HasKey ? new NanoHmacSha256Signer(settings.KeyId, settings.Key) : new NanoHmacSha256Signer();

            CalibratedPowerSensor[] sensors = OpenPowerSensors(config);
            // One AdcController for the battery voltage and the pack NTC: a second instance throws (AdcInput).
            AdcController adc = new AdcController();
            AdcInputConfig vbat = config.AdcInput("vbat");
            int nominalDividerPartsPerMillion = (int)(vbat.DividerTotalOhms * PartsPerMillion / vbat.DividerBottomOhms);
            ScaledVoltageInput battery = new ScaledVoltageInput(new AdcInput(adc, vbat.Channel), vbat.FullScaleMillivolts,
                Q16.FromRatio(vbat.DividerTotalOhms, vbat.DividerBottomOhms));
            ConsoleDevice.ApplyCalibration(settings, sensors, battery, nominalDividerPartsPerMillion);

            // Opened (all off) only now that the config is known valid: the contactor among them
            // stays open until the energy control, if the board has one, closes it.
            _outputs = new DigitalOutputs(config.Outputs);

            TopicNames topics = new TopicNames(identity.SiteId, identity.DeviceId);
            TelemetryOutbox outbox = new TelemetryOutbox(OutboxCapacityMessages, MaxMessageBytes, _flash, OutboxFlashBudgetBytes,
                OutboxReleaseMode.AtBrokerAcknowledgement);
            M2MqttLink link = new M2MqttLink(settings.MqttHost, settings.MqttPort, identity.DeviceId,
                settings.MqttUsername, settings.MqttPassword, topics.Status, PublishTimeoutMilliseconds);
            TelemetryPublisher publisher = new TelemetryPublisher(outbox, link, topics);
            SignedEnvelopeWriter envelopeWriter = new SignedEnvelopeWriter(signer);

            // report_ms comes from the settings, as in the simulator, so `config set report_ms` takes effect at the next boot.
            Controller controller = new Controller(identity, settings.ReportPeriodMilliseconds, clock, config.ChannelKeys(), sensors,
                battery, new MeterStateStore(_flash), envelopeWriter, outbox);
            controller.Start();
            if (settingsStore.SettingsWereLost)
            {
                controller.RaiseFault(FaultFlags.SettingsLost);
            }

            // The simulator's order (SimulatedDevice): the events exist before the energy control
            // that reports through them is attached, and the mode is applied once it is there.
            DeviceEvents events = new DeviceEvents(identity.DeviceId, controller, clock, envelopeWriter, outbox);
            string energyControlOff = StartEnergyControl(config, controller, battery, adc, events, clock);
            controller.Mode = settings.Mode;
            controller.ManualBatteryWatts = settings.ManualBatteryWatts;
            IRebootHook rebootHook = new DeviceRebootHook(_journal, outbox, new Esp32RebootHook(RebootSettleMilliseconds));
            ConsoleDevice consoleDevice = new ConsoleDevice(controller, events, settingsStore, settings, signer, clock, rebootHook,
                sensors, battery, nominalDividerPartsPerMillion, outbox, publisher, link);
            consoleDevice.Note("last reset: " + _journal.LastResetReason + " (crashes " + _journal.CrashCount.ToString() + ")");
            if (energyControlOff != null)
            {
                consoleDevice.Note("energy control off: " + energyControlOff);
            }

            StartConsole(config.Console, consoleDevice);
            StartThread(new ControlLoop(controller, clock, config.Loop.ControlPeriodMilliseconds, _coreLock, consoleDevice).Run, ThreadPriority.AboveNormal);
            StartNetwork(settings, link, publisher, consoleDevice);
        }

        /// <summary>
        /// Attaches the dispatch and charge loop on the board's power stage, built by Core's
        /// EnergyControlBuilder as the simulator builds it; returns why it is off (the device then
        /// meters and publishes only), or null.
        /// </summary>
        private string StartEnergyControl(BoardConfig config, Controller controller, ScaledVoltageInput battery, AdcController adc,
            DeviceEvents events, IClock clock)
        {
            string missing = EnergyControlBuilder.MissingForControl(config);
            if (missing != null)
            {
                return missing;
            }

            PwmPowerStage powerStage;
            try
            {
                powerStage = new PwmPowerStage(config.PowerStage);
            }
            catch (Exception e)
            {
                // A PWM pin the firmware cannot drive is no reason to stop metering: the
                // contactor stays open (every output starts off) and the console says why.
                return "powerStage: " + e.Message;
            }

            AdcInput temperature = new AdcInput(adc, config.AdcInput(EnergyControlBuilder.TemperatureInputKey).Channel);
            OutputSwitch contactor = new OutputSwitch(_outputs, EnergyControlBuilder.ContactorOutputKey);
            SiteControl energy = EnergyControlBuilder.BuildSiteControl(config, controller.Channels, battery, temperature,
                powerStage.Converter, powerStage.PvCurtailment, contactor, clock, _flash);
            controller.AttachEnergyControl(energy, new ProtectionEventReporter(events));
            return null;
        }

        private static CalibratedPowerSensor[] OpenPowerSensors(BoardConfig config)
        {
            Esp32Pins.RouteI2c(config.I2c);
            I2cBusSpeed speed = config.I2c.SpeedKilohertz == 400 ? I2cBusSpeed.FastMode : I2cBusSpeed.StandardMode;
            CalibratedPowerSensor[] sensors = new CalibratedPowerSensor[config.Ina219.Length];
            for (int i = 0; i < sensors.Length; i++)
            {
                Ina219Config chip = config.Ina219[i];
                sensors[i] = new CalibratedPowerSensor(new Ina219PowerSensor(config.I2c.Bus, speed, chip), chip.ShuntMilliohms * 1000);
            }

            return sensors;
        }

        private void StartConsole(ConsoleUartConfig console, ConsoleDevice consoleDevice)
        {
            Esp32Pins.RouteConsole(console);
            UartConsolePort port = new UartConsolePort(console.Uart, console.BaudRate);
            StartThread(new ConsoleThread(new ConsoleSession(port, consoleDevice), _coreLock).Run, ThreadPriority.BelowNormal);
        }

        /// <summary>The MQTT thread, once the settings name a Wi-Fi network; an unprovisioned device stays off the air.</summary>
        private void StartNetwork(DeviceSettings settings, M2MqttLink link, TelemetryPublisher publisher, ConsoleDevice consoleDevice)
        {
            if (settings.WifiSsid.Length == 0)
            {
                lock (_coreLock)
                {
                    consoleDevice.Note("no wifi_ssid: network off (config set wifi_ssid, wifi_pass, then reboot)");
                }

                return;
            }

            StartThread(new MqttPump(new NetworkBringUp(settings.WifiSsid, settings.WifiPassword), link, publisher).Run, ThreadPriority.Normal);
        }

        private static void StartThread(ThreadStart body, ThreadPriority priority)
        {
            Thread thread = new Thread(body);
            thread.Priority = priority;
            thread.Start();
        }
    }
}
