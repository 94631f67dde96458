using EdgeController.Core.Telemetry;

namespace EdgeController.Core.Metering
{
    /// <summary>
    /// The one writer of a reading's payload (docs/design.md): keys in this fixed order
    /// v, dev, boot, seq, ts, tq, per; then per channel &lt;key&gt;_mv, _ma, _mw (mean power over
    /// the period), _fwd_mwh, _rev_mwh; then vbat_mv; then, when the device runs the energy
    /// control, soc_permille, tbat_decicelsius and bat_set_mw; then mode, flt. Channel key
    /// strings are built once here, so formatting a reading allocates nothing.
    /// </summary>
    public sealed class ReadingFormatter
    {
        /// <summary>Version of the payload format ("v").</summary>
        public const int PayloadVersion = 1;

        private readonly CompactJsonWriter _json = new CompactJsonWriter();
        private readonly string _deviceId;
        private readonly string[][] _channelFieldKeys;

        /// <summary>Prepares the keys for the given channels.</summary>
        public ReadingFormatter(string deviceId, MeterChannel[] channels)
        {
            _deviceId = deviceId;
            _channelFieldKeys = new string[channels.Length][];
            for (int i = 0; i < channels.Length; i++)
            {
                string key = channels[i].Key;
                _channelFieldKeys[i] = new string[]
                {
                    key + "_mv", key + "_ma", key + "_mw", key + "_fwd_mwh", key + "_rev_mwh",
                };
            }
        }

        /// <summary>
        /// Writes the payload at buffer[offset]; returns its length, or -1 when it did not fit.
        /// Takes each channel's period average, so call it once per reading. battery is null on a
        /// device that only meters.
        /// </summary>
        public int Write(
            byte[] buffer, int offset, ReadingHeader header, MeterChannel[] channels, int batteryMillivolts, BatteryReadingFields battery,
            string mode, int faultFlags)
        {
            CompactJsonWriter json = _json;
            json.Begin(buffer, offset);
            json.WriteInteger("v", PayloadVersion);
            json.WriteString("dev", _deviceId);
            json.WriteInteger("boot", header.BootCount);
            json.WriteInteger("seq", header.Sequence);
            json.WriteInteger("ts", header.UnixTimeMilliseconds);
            json.WriteInteger("tq", header.TimeSynchronized ? 1 : 0);
            json.WriteInteger("per", header.PeriodMilliseconds);
            for (int i = 0; i < channels.Length; i++)
            {
                MeterChannel channel = channels[i];
                string[] keys = _channelFieldKeys[i];
                json.WriteInteger(keys[0], channel.BusMillivolts);
                json.WriteInteger(keys[1], channel.CurrentMilliamps);
                json.WriteInteger(keys[2], channel.PeriodAveragePowerMilliwatts);
                json.WriteInteger(keys[3], channel.ForwardMilliwattHours);
                json.WriteInteger(keys[4], channel.ReverseMilliwattHours);
            }

            json.WriteInteger("vbat_mv", batteryMillivolts);
            if (battery != null)
            {
                json.WriteInteger("soc_permille", battery.SocPerMille);
                json.WriteInteger("tbat_decicelsius", battery.TemperatureDeciCelsius);
                json.WriteInteger("bat_set_mw", battery.ChargeSetpointMilliwatts);
            }

            json.WriteString("mode", mode);
            json.WriteInteger("flt", faultFlags);
            json.End();
            return json.IsValid ? json.Length : -1;
        }
    }
}
