namespace EdgeController.Core.Telemetry
{
    /// <summary>
    /// Writes one flat JSON object of integers and short ASCII strings into a caller's buffer:
    /// keys in the order written, no whitespace, no allocation. The exact bytes matter because
    /// they are what gets signed. Strings must need no escaping (ids, mode names); anything else
    /// marks the writer as failed rather than emitting JSON that a gateway would read differently.
    /// </summary>
    public sealed class CompactJsonWriter
    {
        private byte[] _buffer;
        private int _start;
        private int _position;
        private bool _hasMember;

        /// <summary>False once anything did not fit or was not writable; the output is then unusable.</summary>
        public bool IsValid { get; private set; }

        /// <summary>Bytes written since <see cref="Begin"/>.</summary>
        public int Length
        {
            get { return _position - _start; }
        }

        /// <summary>Starts an object at buffer[start].</summary>
        public void Begin(byte[] buffer, int start)
        {
            _buffer = buffer;
            _start = start;
            _position = start;
            _hasMember = false;
            IsValid = buffer != null && start >= 0;
            Put((byte)'{');
        }

        /// <summary>Closes the object.</summary>
        public void End()
        {
            Put((byte)'}');
        }

        /// <summary>Writes "key":value.</summary>
        public void WriteInteger(string key, long value)
        {
            WriteKey(key);
            WriteDigits(value);
        }

        /// <summary>Writes "key":"value"; value must be printable ASCII without '"' or '\'.</summary>
        public void WriteString(string key, string value)
        {
            WriteKey(key);
            PutQuoted(value);
        }

        private void WriteKey(string key)
        {
            if (_hasMember)
            {
                Put((byte)',');
            }

            _hasMember = true;
            PutQuoted(key);
            Put((byte)':');
        }

        private void PutQuoted(string text)
        {
            Put((byte)'"');
            if (text == null)
            {
                IsValid = false;
                return;
            }

            for (int i = 0; i < text.Length; i++)
            {
                char c = text[i];
                if (c < ' ' || c > '~' || c == '"' || c == '\\')
                {
                    IsValid = false;
                    return;
                }

                Put((byte)c);
            }

            Put((byte)'"');
        }

        private void WriteDigits(long value)
        {
            if (value < 0)
            {
                Put((byte)'-');
            }

            // Count digits first so they can be written forward; work on the negative side,
            // which also holds long.MinValue.
            long negative = value < 0 ? value : -value;
            int digitCount = 1;
            for (long rest = negative / 10; rest != 0; rest /= 10)
            {
                digitCount++;
            }

            if (_position + digitCount > _buffer.Length)
            {
                IsValid = false;
                return;
            }

            for (int i = digitCount - 1; i >= 0; i--)
            {
                _buffer[_position + i] = (byte)('0' - (negative % 10));
                negative /= 10;
            }

            _position += digitCount;
        }

        private void Put(byte b)
        {
            if (!IsValid || _position >= _buffer.Length)
            {
                IsValid = false;
                return;
            }

            _buffer[_position++] = b;
        }
    }
}
