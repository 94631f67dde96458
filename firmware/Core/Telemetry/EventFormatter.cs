using EdgeController.Core.Metering;

namespace EdgeController.Core.Telemetry
{
    /// <summary>
    /// The one writer of an event's payload (topic .../event, docs/design.md): the reading's
    /// header keys in the same order (v, dev, boot, seq, ts, tq), then "ev" (the kind) and the
    /// event's own fields as short strings. Values are printable ASCII without '"' or '\'; a key
    /// is never among them.
    /// </summary>
    public sealed class EventFormatter
    {
        private readonly CompactJsonWriter _json = new CompactJsonWriter();
        private readonly string _deviceId;

        /// <summary>Creates the writer for one device.</summary>
        public EventFormatter(string deviceId)
        {
            _deviceId = deviceId;
        }

        /// <summary>Writes the payload at buffer[offset]; returns its length, or -1 when it did not fit or a value was not writable.</summary>
        public int Write(byte[] buffer, int offset, ReadingHeader header, string kind, string[] keys, string[] values, int fieldCount)
        {
            CompactJsonWriter json = _json;
            json.Begin(buffer, offset);
            json.WriteInteger("v", ReadingFormatter.PayloadVersion);
            json.WriteString("dev", _deviceId);
            json.WriteInteger("boot", header.BootCount);
            json.WriteInteger("seq", header.Sequence);
            json.WriteInteger("ts", header.UnixTimeMilliseconds);
            json.WriteInteger("tq", header.TimeSynchronized ? 1 : 0);
            json.WriteString("ev", kind);
            for (int i = 0; i < fieldCount; i++)
            {
                json.WriteString(keys[i], values[i]);
            }

            json.End();
            return json.IsValid ? json.Length : -1;
        }
    }
}
