using EdgeController.Core.Metering;
using EdgeController.Core.Telemetry;

namespace EdgeController.Core.Market
{
    /// <summary>
    /// The one writer of an order event's payload (docs/design.md, local energy market): the
    /// event header of <see cref="EventFormatter"/> (v, dev, boot, seq, ts, tq, ev) with
    /// "ev":"order", then slot, side, wh and price as integers (side a string).
    /// </summary>
    public sealed class OrderEventFormatter
    {
        /// <summary>The "ev" of an order.</summary>
        public const string EventKind = "order";

        /// <summary>"side" of a buy order.</summary>
        public const string Buy = "buy";

        /// <summary>"side" of a sell order.</summary>
        public const string Sell = "sell";

        private readonly CompactJsonWriter _json = new CompactJsonWriter();
        private readonly string _deviceId;

        /// <summary>Creates the writer for one device.</summary>
        public OrderEventFormatter(string deviceId)
        {
            _deviceId = deviceId;
        }

        /// <summary>Writes the payload at buffer[offset]; returns its length, or -1 when it did not fit.</summary>
        public int Write(byte[] buffer, int offset, ReadingHeader header, long slotStartUnixMilliseconds, string side, long wattHours, long priceMicrocurrencyPerKilowattHour)
        {
            CompactJsonWriter json = _json;
            json.Begin(buffer, offset);
            json.WriteInteger("v", ReadingFormatter.PayloadVersion);
            json.WriteString("dev", _deviceId);
            json.WriteInteger("boot", header.BootCount);
            json.WriteInteger("seq", header.Sequence);
            json.WriteInteger("ts", header.UnixTimeMilliseconds);
            json.WriteInteger("tq", header.TimeSynchronized ? 1 : 0);
            json.WriteString("ev", EventKind);
            json.WriteInteger("slot", slotStartUnixMilliseconds);
            json.WriteString("side", side);
            json.WriteInteger("wh", wattHours);
            json.WriteInteger("price", priceMicrocurrencyPerKilowattHour);
            json.End();
            return json.IsValid ? json.Length : -1;
        }
    }
}
