using System;
using System.Device.Adc;
using System.Threading;
using EdgeController.Core.Composition;
using EdgeController.Core.Config;
using EdgeController.Core.Control;
using EdgeController.Core.Storage;
using EdgeController.Hal;
using EdgeController.Hal.Esp32;
using nanoFramework.Runtime.Native;

namespace EdgeController.Device
{
    /// <summary>
    /// The ESP32 host of the firmware: it opens the hardware named by the board config on I:\
    /// (hal/Esp32), hands it to Core's composition root (<see cref="DeviceApplication"/>, the same
    /// root the simulator boots) and runs the root's entry points on its threads: control tick,
    /// console, network and watchdog. It builds none of Core's pieces itself.
    /// The order matters: the board config is validated before any pin is touched, and on an
    /// invalid one nothing is driven (no I2C, no outputs) and only a minimal console says why.
    /// A device without settings or without a key still boots, on factory defaults, to the full
    /// console, so a technician can `key set` and `config set` it there.
    /// </summary>
    public sealed class DeviceApp
    {
        /// <summary>Time the console's last reply gets on the UART before a reset, ms (a full 4 KiB reply at 115200 baud takes 360 ms).</summary>
        public const int RebootSettleMilliseconds = 500;

        private const int BoardConfigMaxBytes = 16384;
        private const int StartupRetryMilliseconds = 10000;

        private readonly FlashFileStore _flash = new FlashFileStore();
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

            BoardConfig config = board.Config;
            DeviceApplication app = DeviceApplication.Boot(config, OpenHardware(config), DeviceSizing.ForEsp32(), _journal);
            int period = config.Loop.ControlPeriodMilliseconds;
            StartThread(new WatchdogThread(app, period).Run, ThreadPriority.Highest);
            StartThread(new ControlLoop(app, new DeviceClock(), period).Run, ThreadPriority.AboveNormal);
            StartThread(new ConsoleThread(app).Run, ThreadPriority.BelowNormal);
            if (app.WifiSsid.Length == 0)
            {
                app.ConsoleDevice.Note("no wifi_ssid: network off (config set wifi_ssid, wifi_pass, then reboot)");
                return;
            }

            StartThread(new NetworkThread(new NetworkBringUp(app.WifiSsid, app.WifiPassword), app).Run, ThreadPriority.Normal);
        }

        /// <summary>The board's hardware behind hal interfaces, opened only now that the config is known valid.</summary>
        private DeviceHardware OpenHardware(BoardConfig config)
        {
            DeviceHardware hardware = new DeviceHardware();
            hardware.PowerSensors = OpenPowerSensors(config);
            // One AdcController for the battery voltage and the pack NTC: a second instance throws (AdcInput).
            AdcController adc = new AdcController();
            hardware.BatteryVoltageAdc = new AdcInput(adc, config.AdcInput("vbat").Channel);
            AdcInputConfig temperature = config.AdcInput(EnergyControlBuilder.TemperatureInputKey);
            hardware.TemperatureAdc = temperature == null ? null : new AdcInput(adc, temperature.Channel);

            // Every output starts off: the contactor stays open until the energy control closes it.
            _outputs = OpenOutputs(config.Outputs);
            if (config.PowerStage != null && _outputs.Has(EnergyControlBuilder.ContactorOutputKey))
            {
                OpenPowerStage(config.PowerStage, hardware);
            }

            hardware.Flash = _flash;
            hardware.Links = new M2MqttLinkFactory();
            Esp32Pins.RouteConsole(config.Console.Uart, config.Console.TxPin, config.Console.RxPin);
            hardware.ConsolePort = new UartConsolePort(config.Console.Uart, config.Console.BaudRate);
            hardware.Clock = new DeviceClock();
            hardware.Random = new DeviceRandomSource((int)hardware.Clock.UptimeMilliseconds);
            hardware.Reset = new Esp32RebootHook(RebootSettleMilliseconds);
            hardware.Signers = new NanoSignerFactory();
            return hardware;
        }

        private void OpenPowerStage(PowerStageConfig stage, DeviceHardware hardware)
        {
            try
            {
                // Undriven or reset, each setpoint sits at its safe duty: the converter's live-zero
                // idle, the PV limit at full scale (no limit).
                PwmPowerStage powerStage = new PwmPowerStage(stage.BatteryConverter.PwmGpio, SetpointDuty.ConverterIdle,
                    stage.PvLimit.PwmGpio, SetpointDuty.FullScale, stage.PwmFrequencyHertz);
                hardware.BatteryConverterSetpoint = powerStage.ConverterSetpoint;
                hardware.PvLimitSetpoint = powerStage.PvLimitSetpoint;
                hardware.Contactor = new OutputSwitch(_outputs, EnergyControlBuilder.ContactorOutputKey);
            }
            catch (Exception e)
            {
                // A PWM pin the firmware cannot drive is no reason to stop metering: the root
                // keeps the energy control off and the console says why.
                hardware.PowerStageFault = e.Message;
            }
        }

        private static DigitalOutputs OpenOutputs(OutputConfig[] outputs)
        {
            string[] keys = new string[outputs.Length];
            int[] gpios = new int[outputs.Length];
            bool[] activeHigh = new bool[outputs.Length];
            for (int i = 0; i < outputs.Length; i++)
            {
                keys[i] = outputs[i].Key;
                gpios[i] = outputs[i].Gpio;
                activeHigh[i] = outputs[i].ActiveHigh;
            }

            return new DigitalOutputs(keys, gpios, activeHigh);
        }

        /// <summary>Each INA219 of the board, programmed with Core's calibration of its shunt and current range.</summary>
        private static IPowerSensor[] OpenPowerSensors(BoardConfig config)
        {
            I2cBusConfig bus = config.I2c;
            Esp32Pins.RouteI2c(bus.Bus, bus.SdaPin, bus.SclPin);
            IPowerSensor[] sensors = new IPowerSensor[config.Ina219.Length];
            for (int i = 0; i < sensors.Length; i++)
            {
                Ina219Config chip = config.Ina219[i];
                sensors[i] = Ina219Sensors.Open(bus.Bus, bus.SpeedKilohertz, chip.Key, chip.Address, chip.BusVoltageRangeVolts == 16,
                    Ina219Calibration.PgaRangeMillivolts(chip.ShuntMilliohms, chip.MaxCurrentMilliamps),
                    Ina219Calibration.CalibrationValue(chip.ShuntMilliohms, chip.MaxCurrentMilliamps),
                    Ina219Calibration.CurrentLsbMicroamps(chip.MaxCurrentMilliamps));
            }

            return sensors;
        }

        private static void StartThread(ThreadStart body, ThreadPriority priority)
        {
            Thread thread = new Thread(body);
            thread.Priority = priority;
            thread.Start();
        }
    }
}
