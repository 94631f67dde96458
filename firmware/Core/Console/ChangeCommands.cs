using EdgeController.Core.Control;
using EdgeController.Core.Metering;
using EdgeController.Core.Settings;

namespace EdgeController.Core.Console
{
    /// <summary>
    /// config, calibrate, mode, key (in <see cref="KeyCommands"/>) and reboot. The interpreter has already checked the privilege
    /// of whatever <see cref="Changes"/> says changes the device. Every saved change is published
    /// as a signed event; a key is shown only as its id and fingerprint.
    /// </summary>
    public sealed class ChangeCommands
    {
        private const long PartsPerMillion = 1000000;

        /// <summary>The smallest current a gain calibration accepts, mA: below it the rounding of the reading dominates.</summary>
        public const int MinCalibrationMilliamps = 100;

        /// <summary>The smallest pin voltage a divider calibration accepts, mV.</summary>
        public const int MinCalibrationPinMillivolts = 100;

        private readonly ConsoleDevice _device;
        private readonly KeyCommands _keys;

        /// <summary>Creates the commands over the device.</summary>
        public ChangeCommands(ConsoleDevice device)
        {
            _device = device;
            _keys = new KeyCommands(device);
        }

        /// <summary>True when this command line would change the device (and so needs unlock).</summary>
        public bool Changes(string command, string[] words, int count)
        {
            string sub = count > 1 ? words[1].ToLower() : "";
            switch (command)
            {
                case "config": return sub == "set" || sub == "save" || sub == "reset";
                case "mode": return count > 1;
                case "key": return sub == "set" || sub == "rotate";
                default: return true;
            }
        }

        /// <summary>Runs the command.</summary>
        public void Run(string command, string[] words, int count, ConsoleReply reply)
        {
            switch (command)
            {
                case "config": Config(words, count, reply); return;
                case "calibrate": Calibrate(words, count, reply); return;
                case "mode": Mode(words, count, reply); return;
                case "key": _keys.Run(words, count, reply); return;
                default: Reboot(count, reply); return;
            }
        }

        private void Config(string[] words, int count, ConsoleReply reply)
        {
            string sub = count > 1 ? words[1].ToLower() : "";
            if (count > 2)
            {
                // Setting names are case-insensitive like commands; the value (words[3]) keeps its case.
                words[2] = words[2].ToLower();
            }

            DeviceSettings working = _device.Working;
            if (sub == "show" && count == 2)
            {
                string[] names = SettingCatalog.ScalarNames;
                for (int i = 0; i < names.Length; i++)
                {
                    reply.Line(names[i], SettingCatalog.Get(working, names[i]));
                }

                for (int channel = 0; channel < _device.ChannelCount; channel++)
                {
                    reply.Line(SettingCatalog.ShuntName(channel), SettingCatalog.Get(working, SettingCatalog.ShuntName(channel)));
                    reply.Line(SettingCatalog.GainName(channel), SettingCatalog.Get(working, SettingCatalog.GainName(channel)));
                }

                reply.Line("unsaved", _device.HasUnsavedChanges ? 1 : 0);
            }
            else if (sub == "get" && count == 3)
            {
                string value = SettingCatalog.Get(working, words[2]);
                if (value == null)
                {
                    reply.Error("unknown_setting", "no setting '" + CommandInterpreter.Clip(words[2]) + "'; config show lists them");
                    return;
                }

                reply.Line(words[2], value);
            }
            else if (sub == "set" && count == 4)
            {
                string code;
                string problem = SettingCatalog.Set(working, words[2], words[3], out code);
                if (problem != null)
                {
                    reply.Error(code, problem);
                    return;
                }

                _device.HasUnsavedChanges = true;
                _device.ApplyWorkingCalibration();
                reply.Line(words[2], SettingCatalog.Get(working, words[2]));
                reply.Line("unsaved", 1);
            }
            else if (sub == "save" && count == 2)
            {
                Save(reply);
            }
            else if (sub == "reset" && count == 2)
            {
                working.ResetConfiguration();
                _device.HasUnsavedChanges = true;
                _device.ApplyWorkingCalibration();
                _device.Note("config reset (unsaved)");
                reply.Line("unsaved", 1);
            }
            else
            {
                reply.Error("bad_args", "usage: " + CommandHelp.Usage("config"));
            }
        }

        private void Save(ConsoleReply reply)
        {
            string changed = _device.SaveWorking();
            if (changed.Length > 0)
            {
                _device.Events.Begin().Field("changed", changed.Length > 120 ? changed.Substring(0, 120) : changed).Send(DeviceEvents.Config);
            }

            _device.Note("config save changed=" + (changed.Length == 0 ? "none" : changed));
            reply.Line("saved", 1);
            reply.Line("changed", changed.Length == 0 ? "none" : changed);
            if (changed.IndexOf("report_ms") >= 0 || changed.IndexOf("mqtt_") >= 0 || changed.IndexOf("wifi_") >= 0 || changed.IndexOf("site") >= 0 || changed.IndexOf("dev") >= 0)
            {
                reply.Line("reboot_needed", 1);
            }
        }

        private void Calibrate(string[] words, int count, ConsoleReply reply)
        {
            string what = count > 1 ? words[1] : "";
            if (what == "battery" && count == 3)
            {
                CalibrateBattery(words[2], reply);
                return;
            }

            if ((what != "shunt" && what != "current") || count != 4)
            {
                reply.Error("bad_args", "usage: " + CommandHelp.Usage("calibrate"));
                return;
            }

            int channel = ChannelIndex(words[2]);
            int value;
            if (channel < 0)
            {
                reply.Error("bad_args", "no channel '" + CommandInterpreter.Clip(words[2]) + "'; use 0.." + (_device.ChannelCount - 1).ToString() + " or its name");
                return;
            }

            if (!DecimalText.TryParseInt32(words[3], out value))
            {
                reply.Error("bad_value", "'" + CommandInterpreter.Clip(words[3]) + "' is not a decimal integer");
                return;
            }

            string name;
            string text;
            if (what == "shunt")
            {
                name = SettingCatalog.ShuntName(channel);
                text = value.ToString();
            }
            else
            {
                _device.Controller.Channels[channel].Sample(0);
                int rawMilliamps = _device.Sensor(channel).RawCurrentMilliamps;
                int magnitude = rawMilliamps < 0 ? -rawMilliamps : rawMilliamps;
                if (magnitude < MinCalibrationMilliamps || value == 0 || (value < 0) != (rawMilliamps < 0))
                {
                    reply.Error("not_ready", "measured " + rawMilliamps.ToString() + " mA: need at least " + MinCalibrationMilliamps.ToString()
                        + " mA flowing, the reference of the same sign");
                    return;
                }

                name = SettingCatalog.GainName(channel);
                text = GainPartsPerMillion(value, rawMilliamps).ToString();
            }

            Apply(name, text, reply);
        }

        private void CalibrateBattery(string referenceText, ConsoleReply reply)
        {
            int referenceMillivolts;
            _device.Battery.Sample();
            int pinMillivolts = _device.Battery.PinMillivolts;
            if (!DecimalText.TryParseInt32(referenceText, out referenceMillivolts) || referenceMillivolts <= 0)
            {
                reply.Error("bad_value", "reference_mv must be a positive decimal integer");
                return;
            }

            if (pinMillivolts < MinCalibrationPinMillivolts)
            {
                reply.Error("not_ready", "pin reads " + pinMillivolts.ToString() + " mV: connect the battery first");
                return;
            }

            Apply("vbat_div_ppm", GainPartsPerMillion(referenceMillivolts, pinMillivolts).ToString(), reply);
        }

        private void Apply(string name, string text, ConsoleReply reply)
        {
            string code;
            string problem = SettingCatalog.Set(_device.Working, name, text, out code);
            if (problem != null)
            {
                reply.Error(code, problem + " (computed " + text + "; check the reference)");
                return;
            }

            _device.HasUnsavedChanges = true;
            _device.ApplyWorkingCalibration();
            _device.Note("calibrate " + name + "=" + text + " (unsaved)");
            reply.Line(name, text);
            reply.Line("unsaved", 1);
        }

        /// <summary>reference / measured in ppm, rounded to nearest (ties away from zero).</summary>
        private static long GainPartsPerMillion(int reference, int measured)
        {
            long numerator = (long)reference * PartsPerMillion;
            long denominator = measured;
            if (denominator < 0)
            {
                numerator = -numerator;
                denominator = -denominator;
            }

            return numerator >= 0
                ? (numerator + (denominator / 2)) / denominator
                : -((-numerator + (denominator / 2)) / denominator);
        }

        private int ChannelIndex(string text)
        {
            MeterChannel[] channels = _device.Controller.Channels;
            for (int i = 0; i < channels.Length; i++)
            {
                if (channels[i].Key == text)
                {
                    return i;
                }
            }

            int index;
            return DecimalText.TryParseInt32(text, out index) && index >= 0 && index < channels.Length ? index : -1;
        }

        private void Mode(string[] words, int count, ConsoleReply reply)
        {
            if (count == 1)
            {
                reply.Line("mode", _device.Controller.Mode);
                return;
            }

            // `mode manual <W>` also sets the battery power manual mode holds; other modes take no value.
            int manualWatts = _device.Active.ManualBatteryDischargeWatts;
            bool manualPower = count == 3 && words[1] == "manual";
            if ((count != 2 && !manualPower) || !SettingCatalog.IsMode(words[1])
                || (manualPower && (!DecimalText.TryParseInt32(words[2], out manualWatts)
                    || manualWatts < -SettingCatalog.MaxManualBatteryDischargeWatts || manualWatts > SettingCatalog.MaxManualBatteryDischargeWatts)))
            {
                reply.Error("bad_args", "usage: " + CommandHelp.Usage("mode") + " (manual W: " + SettingCatalog.RuleOf("manual_w") + ")");
                return;
            }

            string before = _device.Controller.Mode;
            _device.Active.Mode = words[1];
            _device.Active.ManualBatteryDischargeWatts = manualWatts;
            _device.SaveActive();
            _device.Controller.Mode = words[1];
            _device.Controller.ManualBatteryDischargeWatts = manualWatts;
            if (before != words[1] || manualPower)
            {
                _device.Events.Begin().Field("from", before).Field("to", words[1]).Field("manual_w", manualWatts.ToString())
                    .Send(DeviceEvents.ModeChanged);
            }

            _device.Note("mode " + words[1] + (manualPower ? " " + manualWatts.ToString() + " W" : ""));
            reply.Line("mode", words[1]);
            if (words[1] == "manual")
            {
                reply.Line("manual_w", manualWatts);
            }
        }

        private void Reboot(int count, ConsoleReply reply)
        {
            if (count != 1)
            {
                reply.Error("bad_args", "usage: " + CommandHelp.Usage("reboot"));
                return;
            }

            _device.Events.Begin().Field("cause", "console").Send(DeviceEvents.Reboot);
            _device.Controller.PersistState();
            _device.Note("reboot");
            reply.Line("rebooting", 1);
            if (_device.HasUnsavedChanges)
            {
                reply.Line("unsaved_dropped", 1);
            }
        }
    }
}
