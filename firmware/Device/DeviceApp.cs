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
    /// driven (no I2C, no outputs): the device only says why, every few seconds, on its UART
    /// console if that section of the file was valid, and on the debug output in any case.
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
                SafeMode(
                    board == null
                        ? new string[] { _flash.PathOf(DeviceSettings.BoardConfigFileName) + ": missing or larger than 16 KiB (deploy it with tools/flash.sh)" }
                        : board.Errors,
                    board == null ? null : board.Console);
                return;
            }

            BoardConfig config = board.Config;
            _status.Config = config;
            UartConsolePort consolePort = StartConsole(config.Console);

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

        /// <summary>
        /// An invalid board config: nothing is driven. The errors go to the UART console when the
        /// config's console section was valid on its own (the loader says so), where "config" also
        /// lists them, and always to the debug output.
        /// </summary>
        private void SafeMode(string[] errors, ConsoleUartConfig console)
        {
            _status.Problems = errors;
            UartConsolePort consolePort = console == null ? null : StartConsole(console);
            while (true)
            {
                Say(consolePort, "ERR board-config refused: outputs stay off and the controller does not start");
                for (int i = 0; i < errors.Length; i++)
                {
                    Say(consolePort, "error=" + errors[i]);
                }

                Thread.Sleep(SafeModeRepeatMilliseconds);
            }
        }

        private UartConsolePort StartConsole(ConsoleUartConfig console)
        {
            Esp32Pins.RouteConsole(console);
            UartConsolePort port = new UartConsolePort(console.Uart, console.BaudRate);
            StartThread(new DeviceConsole(port, _status).Run, ThreadPriority.BelowNormal);
            return port;
        }

        private static void Say(UartConsolePort port, string line)
        {
            Console.WriteLine(line);
            if (port != null)
            {
                port.WriteLine(line);
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
