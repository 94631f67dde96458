using EdgeController.Core.Json;

namespace EdgeController.Core.Config
{
    /// <summary>
    /// The one loader and validator of board-configs/*.json, used by the device at boot and by
    /// the host (simulator, tests). It reports every error of a file at once, each naming the
    /// field's path and the reason ("ina219[1].address: must be 0x40..0x4F"); only a file without
    /// any error yields a <see cref="BoardConfig"/>.
    /// </summary>
    public static class BoardConfigLoader
    {
        /// <summary>The schema version this loader reads.</summary>
        public const int SchemaVersion = 1;

        private static readonly string[] s_platforms = new string[] { "esp32", "esp32s3", "simulator" };
        private static readonly string[] s_consoleUarts = new string[] { "COM2", "COM3" };
        private static readonly string[] s_adcKinds = new string[] { AdcInputConfig.KindDivider, AdcInputConfig.KindNtc };

        /// <summary>Parses and validates a board config document.</summary>
        public static BoardConfigLoadResult Load(string json)
        {
            ConfigErrors errors = new ConfigErrors();
            JsonParseResult parsed = JsonReader.Parse(json);
            if (!parsed.Success)
            {
                // Said as what it is: a file that is not JSON at all must not read as a config
                // that merely lacks its fields.
                errors.Add("(document)", "JSON syntax error: " + parsed.Error);
                return new BoardConfigLoadResult(null, errors.ToArray(), null);
            }

            if (parsed.Value.Kind != JsonKind.Object)
            {
                errors.Add("(document)", "must be a JSON object");
                return new BoardConfigLoadResult(null, errors.ToArray(), null);
            }

            ConfigSection root = new ConfigSection(parsed.Value, "", errors);
            root.RejectUnknownKeys(new string[]
            {
                "schema", "board", "description", "platform", "nanoffTarget", "i2c", "ina219", "adc", "console", "outputs",
                "battery", "site", "loop", "powerStage",
            });
            BoardConfig config = new BoardConfig();
            int schema = root.ReadInt("schema", SchemaVersion, SchemaVersion);
            config.Board = root.ReadId("board", Identifiers.MaxLength);
            config.Description = root.ReadString("description", false);
            config.Platform = root.ReadChoice("platform", s_platforms);
            config.NanoffTarget = ReadNanoffTarget(root, config.Platform);
            PinPlan pins = new PinPlan(config.Platform);
            config.I2c = ReadI2c(root.ReadObject("i2c"), pins);
            config.Ina219 = Ina219ConfigReader.ReadAll(root);
            config.Adc = ReadAdcInputs(root, pins, config.Platform);
            int errorsBeforeConsole = errors.Count;
            config.Console = ReadConsole(root.ReadObject("console"), pins);
            ConsoleUartConfig usableConsole = errors.Count == errorsBeforeConsole && config.Platform != null ? config.Console : null;
            config.Outputs = ReadOutputs(root, pins);
            // After the outputs, so that a PWM pin that clashes is the one reported.
            config.PowerStage = root.Has("powerStage") ? PowerStageConfigReader.Read(root.ReadObject("powerStage"), pins) : null;
            config.Battery = BatteryConfigReader.Read(root.ReadObject("battery"));
            config.Site = SiteConfigReader.Read(root.ReadObject("site"));
            config.Loop = ReadLoop(root.ReadObject("loop"));
            if (schema != SchemaVersion || errors.Count > 0)
            {
                return new BoardConfigLoadResult(null, errors.ToArray(), usableConsole);
            }

            return new BoardConfigLoadResult(config, new string[0], config.Console);
        }

        private static string ReadNanoffTarget(ConfigSection root, string platform)
        {
            if (platform == "simulator")
            {
                if (root.Has("nanoffTarget"))
                {
                    root.Fail("nanoffTarget", "the simulator is not flashed: leave it out");
                }

                return null;
            }

            string target = root.ReadString("nanoffTarget", true);
            if (target == null)
            {
                return null;
            }

            bool valid = target.Length > 0 && target.Length <= 40;
            for (int i = 0; valid && i < target.Length; i++)
            {
                char c = target[i];
                valid = (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
            }

            if (!valid)
            {
                root.Fail("nanoffTarget", "must be a nanoff target name such as ESP32_PSRAM_REV0 (A-Z, 0-9, _)");
                return null;
            }

            return target;
        }

        private static I2cBusConfig ReadI2c(ConfigSection section, PinPlan pins)
        {
            if (section == null)
            {
                return null;
            }

            section.RejectUnknownKeys(new string[] { "bus", "sdaPin", "sclPin", "speedKilohertz" });
            I2cBusConfig bus = new I2cBusConfig();
            bus.Bus = section.ReadInt("bus", 1, 2);
            bus.SdaPin = section.ReadPin("sdaPin");
            pins.Claim(section.Errors, section.FieldPath("sdaPin"), bus.SdaPin, true);
            bus.SclPin = section.ReadPin("sclPin");
            pins.Claim(section.Errors, section.FieldPath("sclPin"), bus.SclPin, true);
            bus.SpeedKilohertz = section.ReadInt("speedKilohertz", 100, 400);
            if (bus.SpeedKilohertz != 100 && bus.SpeedKilohertz != 400)
            {
                section.Fail("speedKilohertz", "must be 100 (standard mode) or 400 (fast mode)");
            }

            return bus;
        }

        private static AdcInputConfig[] ReadAdcInputs(ConfigSection root, PinPlan pins, string platform)
        {
            JsonValue array = root.ReadArray("adc", 1, 8);
            if (array == null)
            {
                return new AdcInputConfig[0];
            }

            AdcInputConfig[] inputs = new AdcInputConfig[array.Count];
            bool hasBatteryVoltage = false;
            for (int i = 0; i < inputs.Length; i++)
            {
                ConfigSection item = root.Item("adc", array, i);
                inputs[i] = item == null ? new AdcInputConfig() : AdcInputReader.Read(item, pins, s_adcKinds, platform);
                for (int j = 0; j < i; j++)
                {
                    if (item != null && inputs[i].Key != null && inputs[j].Key == inputs[i].Key)
                    {
                        item.Fail("key", "\"" + inputs[i].Key + "\" is already used by adc[" + j.ToString() + "]");
                    }

                    if (item != null && inputs[j].Channel == inputs[i].Channel && inputs[i].Channel >= 0)
                    {
                        item.Fail("channel", "channel " + inputs[i].Channel.ToString() + " is already used by adc[" + j.ToString() + "]");
                    }
                }

                hasBatteryVoltage |= inputs[i].Key == AdcInputReader.BatteryVoltageKey && inputs[i].Kind == AdcInputConfig.KindDivider;
            }

            if (!hasBatteryVoltage)
            {
                root.Fail("adc", "needs one entry with key \"" + AdcInputReader.BatteryVoltageKey + "\" and kind \"divider\" (the battery voltage)");
            }

            return inputs;
        }

        private static ConsoleUartConfig ReadConsole(ConfigSection section, PinPlan pins)
        {
            if (section == null)
            {
                return null;
            }

            section.RejectUnknownKeys(new string[] { "uart", "txPin", "rxPin", "baudRate" });
            ConsoleUartConfig console = new ConsoleUartConfig();
            if (section.ReadString("uart", false) == "COM1")
            {
                section.Fail("uart", "COM1 carries nanoFramework's debugger and deployment: use COM2 or COM3");
            }
            else
            {
                console.Uart = section.ReadChoice("uart", s_consoleUarts);
            }

            console.TxPin = section.ReadPin("txPin");
            pins.Claim(section.Errors, section.FieldPath("txPin"), console.TxPin, true);
            console.RxPin = section.ReadPin("rxPin");
            pins.Claim(section.Errors, section.FieldPath("rxPin"), console.RxPin, false);
            console.BaudRate = section.ReadInt("baudRate", 1200, 921600);
            return console;
        }

        private static OutputConfig[] ReadOutputs(ConfigSection root, PinPlan pins)
        {
            JsonValue array = root.ReadArray("outputs", 0, 8);
            if (array == null)
            {
                return new OutputConfig[0];
            }

            OutputConfig[] outputs = new OutputConfig[array.Count];
            for (int i = 0; i < outputs.Length; i++)
            {
                ConfigSection item = root.Item("outputs", array, i);
                outputs[i] = new OutputConfig();
                if (item == null)
                {
                    continue;
                }

                item.RejectUnknownKeys(new string[] { "key", "gpio", "activeHigh" });
                outputs[i].Key = item.ReadId("key", 16);
                outputs[i].Gpio = item.ReadPin("gpio");
                pins.Claim(item.Errors, item.FieldPath("gpio"), outputs[i].Gpio, true);
                outputs[i].ActiveHigh = item.ReadBool("activeHigh");
                for (int j = 0; j < i; j++)
                {
                    if (outputs[i].Key != null && outputs[j].Key == outputs[i].Key)
                    {
                        item.Fail("key", "\"" + outputs[i].Key + "\" is already used by outputs[" + j.ToString() + "]");
                    }
                }
            }

            return outputs;
        }

        private static LoopConfig ReadLoop(ConfigSection section)
        {
            if (section == null)
            {
                return null;
            }

            section.RejectUnknownKeys(new string[] { "controlPeriodMilliseconds", "reportPeriodMilliseconds" });
            LoopConfig loop = new LoopConfig();
            loop.ControlPeriodMilliseconds = section.ReadInt("controlPeriodMilliseconds", 100, 60000);
            loop.ReportPeriodMilliseconds = section.ReadInt("reportPeriodMilliseconds", 1000, 3600000);
            if (section.Has("controlPeriodMilliseconds") && section.Has("reportPeriodMilliseconds")
                && loop.ReportPeriodMilliseconds % loop.ControlPeriodMilliseconds != 0)
            {
                section.Fail("reportPeriodMilliseconds", "must be a multiple of controlPeriodMilliseconds");
            }

            return loop;
        }
    }
}
