using System;
using System.Device.Adc;
using System.Device.I2c;
using System.Threading;
using EdgeController.Core;
using EdgeController.Core.Config;
using EdgeController.Core.Control;
using EdgeController.Core.FixedPoint;
using EdgeController.Core.Metering;
using EdgeController.Core.Signing;
using EdgeController.Core.Storage;
using EdgeController.Core.Telemetry;
using EdgeController.Hal;
using EdgeController.Hal.Esp32;
using nanoFramework.Runtime.Native;

namespace EdgeController.Device
{
    /// <summary>
    /// Builds the device from its two files on I:\ and starts its threads. The order matters:
    /// the board config is validated before any pin is touched, and on an invalid one nothing is
    /// driven (no I2C, no outputs): the device only says why, every few seconds, on the debug
    /// serial port (the UART console's own pins come from that same invalid file).
    /// </summary>
    public sealed class DeviceApp
    {
        /// <summary>Outbox slots: 256 readings, 40 minutes of broker outage at a 10 s report period.</summary>
        public const int OutboxCapacityMessages = 256;

        /// <summary>The largest signed message (a reading of eight channels stays well below).</summary>
        public const int MaxMessageBytes = 1024;

        /// <summary>How long a publish waits for its PUBACK, ms.</summary>
        public const int PublishTimeoutMilliseconds = 10000;

        private const int BoardConfigMaxBytes = 16384;
        private const int SafeModeRepeatMilliseconds = 10000;

        private readonly FlashFileStore _flash = new FlashFileStore();
        private readonly DeviceStatus _status = new DeviceStatus();
        private DigitalOutputs _outputs;

        /// <summary>Runs the device; never returns.</summary>
        public void Run()
        {
            BootJournal journal = new BootJournal(_flash);
            _status.Journal = journal;
            Console.WriteLine("EdgeController starting; last reset: " + journal.LastResetReason + "; crashes: " + journal.CrashCount.ToString());
            try
            {
                Start();
            }
            catch (Exception e)
            {
                // A failure while wiring hardware: say it, record it, and try again from a clean boot.
                Console.WriteLine("startup failed: " + e.Message);
                journal.RecordRestart("startup failed: " + e.Message);
                Thread.Sleep(SafeModeRepeatMilliseconds);
                Power.RebootDevice();
            }

            Thread.Sleep(Timeout.Infinite);
        }

        private void Start()
        {
            string boardText = _flash.ReadText(DeviceSettings.BoardConfigFileName, BoardConfigMaxBytes);
            BoardConfigLoadResult board = boardText == null
                ? null
                : BoardConfigLoader.Load(boardText);
            if (board == null || !board.IsValid)
            {
                SafeMode(board == null
                    ? new string[] { _flash.PathOf(DeviceSettings.BoardConfigFileName) + ": missing or larger than 16 KiB (deploy it with tools/flash.sh)" }
                    : board.Errors);
                return;
            }

            BoardConfig config = board.Config;
            _status.Config = config;
            Esp32Pins.RouteConsole(config.Console);
            UartConsolePort consolePort = new UartConsolePort(config.Console.Uart, config.Console.BaudRate);
            StartThread(new DeviceConsole(consolePort, _status).Run, ThreadPriority.BelowNormal);

            string settingsError;
            DeviceSettings settings = SettingsFile.Read(_flash, out settingsError);
            if (settings == null)
            {
                _status.Problems = new string[] { settingsError };
                consolePort.WriteLine("ERR settings " + settingsError + " (controller not started, outputs off)");
                return;
            }

            _status.DeviceId = settings.DeviceId;
            _status.KeyId = settings.KeyId;
            StartController(config, settings);
        }

        private void StartController(BoardConfig config, DeviceSettings settings)
        {
            DeviceIdentity identity = new DeviceIdentity(settings.SiteId, settings.DeviceId);
            IClock clock = new DeviceClock();
            _status.Clock = clock;

            Esp32Pins.RouteI2c(config.I2c);
            I2cBusSpeed speed = config.I2c.SpeedKilohertz == 400 ? I2cBusSpeed.FastMode : I2cBusSpeed.StandardMode;
            IPowerSensor[] sensors = new IPowerSensor[config.Ina219.Length];
            for (int i = 0; i < sensors.Length; i++)
            {
                sensors[i] = new Ina219PowerSensor(config.I2c.Bus, speed, config.Ina219[i]);
            }

            AdcInputConfig vbat = config.AdcInput("vbat");
            AdcController adc = new AdcController();
            ScaledVoltageInput batteryVoltage = new ScaledVoltageInput(
                new AdcInput(adc, vbat.Channel), vbat.FullScaleMillivolts, Q16.FromRatio(vbat.DividerTotalOhms, vbat.DividerBottomOhms));

            // Opened (all off) only now that the config is known valid; no dispatch drives them yet.
            _outputs = new DigitalOutputs(config.Outputs);

            TopicNames topics = new TopicNames(identity.SiteId, identity.DeviceId);
            TelemetryOutbox outbox = new TelemetryOutbox(OutboxCapacityMessages, MaxMessageBytes);
            M2MqttLink link = new M2MqttLink(settings.MqttHost, settings.MqttPort > 0 ? settings.MqttPort : 1883, identity.DeviceId,
                settings.MqttUsername, settings.MqttPassword, topics.Status, PublishTimeoutMilliseconds);
            TelemetryPublisher publisher = new TelemetryPublisher(outbox, link, topics);
            NanoHmacSha256Signer signer = new NanoHmacSha256Signer(settings.KeyId, HexEncoding.DecodeString(settings.KeyHex));
            Controller controller = new Controller(identity, config.Loop.ReportPeriodMilliseconds, clock, config.ChannelKeys(), sensors,
                batteryVoltage, new MeterStateStore(_flash), new SignedEnvelopeWriter(signer), outbox);
            controller.Start();

            ControlLoop loop = new ControlLoop(controller, clock, config.Loop.ControlPeriodMilliseconds);
            MqttPump pump = new MqttPump(new NetworkBringUp(settings.WifiSsid, settings.WifiPassword), link, publisher);
            _status.Controller = controller;
            _status.Loop = loop;
            _status.Outbox = outbox;
            _status.Publisher = publisher;
            _status.Link = link;
            _status.Pump = pump;
            StartThread(loop.Run, ThreadPriority.AboveNormal);
            StartThread(pump.Run, ThreadPriority.Normal);
        }

        private void SafeMode(string[] errors)
        {
            _status.Problems = errors;
            while (true)
            {
                Console.WriteLine("board config refused: outputs stay off, the controller does not start. Errors:");
                for (int i = 0; i < errors.Length; i++)
                {
                    Console.WriteLine("  " + errors[i]);
                }

                Thread.Sleep(SafeModeRepeatMilliseconds);
            }
        }

        private static void StartThread(ThreadStart body, ThreadPriority priority)
        {
            Thread thread = new Thread(body);
            thread.Priority = priority;
            thread.Start();
        }
    }
}
