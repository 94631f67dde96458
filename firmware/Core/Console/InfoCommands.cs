using EdgeController.Core.Control;
using EdgeController.Core.Metering;
using EdgeController.Core.Settings;
using EdgeController.Hal;

namespace EdgeController.Core.Console
{
    /// <summary>The commands that only look: version, status, read, watch, mqtt status, fault, log.</summary>
    public sealed class InfoCommands
    {
        /// <summary>The most samples one watch streams.</summary>
        public const int MaxWatchSamples = 3600;

        private readonly ConsoleDevice _device;

        /// <summary>Creates the commands over the device.</summary>
        public InfoCommands(ConsoleDevice device)
        {
            _device = device;
        }

        /// <summary>Runs version, status, read, mqtt or log.</summary>
        public void Run(string command, string[] words, int count, ConsoleReply reply)
        {
            switch (command)
            {
                case "version":
                    if (Expect(command, count, 1, 1, reply))
                    {
                        reply.Line("fw", ConsoleDevice.FirmwareVersion);
                        reply.Line("payload", ReadingFormatter.PayloadVersion);
                        reply.Line("envelope", "EC1");
                        reply.Line("console", 1);
                    }

                    return;
                case "status":
                    if (Expect(command, count, 1, 1, reply))
                    {
                        Status(reply);
                    }

                    return;
                case "read":
                    if (Expect(command, count, 1, 1, reply))
                    {
                        Read(reply);
                    }

                    return;
                case "mqtt":
                    if (count != 2 || words[1] != "status")
                    {
                        reply.Error("bad_args", "usage: " + CommandHelp.Usage("mqtt"));
                        return;
                    }

                    Mqtt(reply);
                    return;
                default:
                    Log(words, count, reply);
                    return;
            }
        }

        /// <summary>Checks `watch n`; returns n, or 0 after writing the error.</summary>
        public int ParseWatch(string[] words, int count, ConsoleReply reply)
        {
            int samples;
            if (count != 2 || !DecimalText.TryParseInt32(words[1], out samples) || samples < 1 || samples > MaxWatchSamples)
            {
                reply.Error("bad_args", "usage: " + CommandHelp.Usage("watch") + " with n 1.." + MaxWatchSamples.ToString());
                return 0;
            }

            return samples;
        }

        /// <summary>One watch line: space-separated key=value pairs of the live values.</summary>
        public string WatchLine(int sampleNumber)
        {
            string line = "n=" + sampleNumber.ToString() + " uptime_ms=" + _device.Clock.UptimeMilliseconds.ToString();
            MeterChannel[] channels = _device.Controller.Channels;
            for (int i = 0; i < channels.Length; i++)
            {
                line += " " + channels[i].Key + "_mv=" + channels[i].BusMillivolts.ToString()
                    + " " + channels[i].Key + "_ma=" + channels[i].CurrentMilliamps.ToString();
            }

            return line + " vbat_mv=" + _device.Battery.Millivolts.ToString() + " flt=" + _device.FaultFlagsNow.ToString();
        }

        /// <summary>fault show | fault clear (the caller checked the privilege).</summary>
        public void Fault(string[] words, int count, ConsoleReply reply)
        {
            if (count != 2 || (words[1] != "show" && words[1] != "clear"))
            {
                reply.Error("bad_args", "usage: " + CommandHelp.Usage("fault"));
                return;
            }

            int before = _device.FaultFlagsNow;
            if (words[1] == "clear")
            {
                _device.Controller.ClearLatchedFaults();
                _device.Events.Begin().Field("before", before.ToString()).Send(DeviceEvents.FaultCleared);
                _device.Note("fault clear (was " + before.ToString() + ")");
                reply.Line("cleared", before & ~_device.FaultFlagsNow);
            }

            int flags = _device.FaultFlagsNow;
            reply.Line("flt", flags);
            for (int bit = 0; bit < 31; bit++)
            {
                if ((flags & (1 << bit)) != 0)
                {
                    reply.Line("fault", FaultName(bit));
                }
            }
        }

        private void Status(ConsoleReply reply)
        {
            ConsoleDevice device = _device;
            reply.Line("dev", device.Active.DeviceId);
            reply.Line("site", device.Active.SiteId);
            reply.Line("fw", ConsoleDevice.FirmwareVersion);
            reply.Line("boot", device.Controller.BootCount);
            reply.Line("seq", device.Controller.LastSequence);
            reply.Line("uptime_ms", device.Clock.UptimeMilliseconds);
            reply.Line("time_synced", device.Clock.IsWallClockSynchronized ? 1 : 0);
            if (device.Clock.IsWallClockSynchronized)
            {
                reply.Line("time_utc", UtcText.Format(device.Clock.UnixTimeMilliseconds));
            }

            reply.Line("mode", device.Controller.Mode);
            reply.Line("flt", device.FaultFlagsNow);
            reply.Line("faults", FaultList(device.FaultFlagsNow));
            reply.Line("kid", device.Signer.HasKey ? device.Signer.KeyId : "none");
            reply.Line("pin", device.Active.Pin == DeviceSettings.DefaultPin ? "default" : "set");
            reply.Line("settings", device.SettingsStore.LoadedFromStore ? "stored" : (device.SettingsStore.SettingsWereLost ? "lost" : "defaults"));
            reply.Line("unsaved", device.HasUnsavedChanges ? 1 : 0);
            reply.Line("mqtt", device.Link.IsConnected ? "connected" : "disconnected");
            reply.Line("queued", device.Outbox.Count);
            if (device.Loop != null)
            {
                reply.Line("ticks", device.Loop.Ticks);
                reply.Line("tick_overruns", device.Loop.Overruns);
                reply.Line("tick_failures", device.Loop.Failures);
                if (device.Loop.LastFailure != null)
                {
                    reply.Line("last_tick_failure", device.Loop.LastFailure);
                }
            }

            EnergyStatus.Write(device.Controller.EnergyControl, reply, false);
        }

        /// <summary>The names of the set fault bits, comma-separated, or "none".</summary>
        private string FaultList(int flags)
        {
            string names = "";
            for (int bit = 0; bit < 31; bit++)
            {
                if ((flags & (1 << bit)) != 0)
                {
                    names += (names.Length == 0 ? "" : ",") + FaultName(bit);
                }
            }

            return names.Length == 0 ? "none" : names;
        }

        private void Read(ConsoleReply reply)
        {
            reply.Line("uptime_ms", _device.Clock.UptimeMilliseconds);
            MeterChannel[] channels = _device.Controller.Channels;
            for (int i = 0; i < channels.Length; i++)
            {
                // A fresh sample over zero elapsed time: live values, no energy added.
                MeterChannel channel = channels[i];
                channel.Sample(0);
                reply.Line(channel.Key + "_mv", channel.BusMillivolts);
                reply.Line(channel.Key + "_ma", channel.CurrentMilliamps);
                reply.Line(channel.Key + "_mw", channel.PowerMilliwatts);
                reply.Line(channel.Key + "_fwd_mwh", channel.ForwardMilliwattHours);
                reply.Line(channel.Key + "_rev_mwh", channel.ReverseMilliwattHours);
                reply.Line(channel.Key + "_status", StatusName(channel.LastStatus));
            }

            _device.Battery.Sample();
            reply.Line("vbat_mv", _device.Battery.Millivolts);
            reply.Line("vbat_pin_mv", _device.Battery.PinMillivolts);
            reply.Line("vbat_status", StatusName(_device.Battery.LastStatus));
            EnergyStatus.Write(_device.Controller.EnergyControl, reply, true);
            reply.Line("flt", _device.FaultFlagsNow);
        }

        private void Mqtt(ConsoleReply reply)
        {
            reply.Line("connected", _device.Link.IsConnected ? 1 : 0);
            reply.Line("host", _device.Active.MqttHost);
            reply.Line("port", _device.Active.MqttPort);
            reply.Line("published", _device.Publisher.PublishedCount);
            reply.Line("failed_attempts", _device.Publisher.FailedAttempts);
            reply.Line("queued", _device.Outbox.Count);
            reply.Line("dropped", _device.Outbox.DroppedCount);
            reply.Line("events_sent", _device.Events.Published);
        }

        private void Log(string[] words, int count, ConsoleReply reply)
        {
            int wanted = 10;
            if (count > 2 || (count == 2 && (!DecimalText.TryParseInt32(words[1], out wanted) || wanted < 1 || wanted > ConsoleLog.Capacity)))
            {
                reply.Error("bad_args", "usage: " + CommandHelp.Usage("log") + " with n 1.." + ConsoleLog.Capacity.ToString());
                return;
            }

            ConsoleLog log = _device.Log;
            int first = log.Count > wanted ? log.Count - wanted : 0;
            for (int i = first; i < log.Count; i++)
            {
                reply.Line("log", log.Format(i));
            }
        }

        private static bool Expect(string command, int count, int minimum, int maximum, ConsoleReply reply)
        {
            if (count >= minimum && count <= maximum)
            {
                return true;
            }

            reply.Error("bad_args", "usage: " + CommandHelp.Usage(command));
            return false;
        }

        private string FaultName(int bit)
        {
            MeterChannel[] channels = _device.Controller.Channels;
            return FaultNames.NameOf(bit, bit < channels.Length ? channels[bit].Key : null);
        }

        private static string StatusName(SensorStatus status)
        {
            switch (status)
            {
                case SensorStatus.Ok: return "ok";
                case SensorStatus.NoAcknowledge: return "no_ack";
                case SensorStatus.Timeout: return "timeout";
                case SensorStatus.Overflow: return "overflow";
                default: return "not_ready";
            }
        }
    }
}
