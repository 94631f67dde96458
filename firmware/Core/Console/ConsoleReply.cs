namespace EdgeController.Core.Console
{
    /// <summary>
    /// Collects one command's reply so that it is all or nothing: key=value lines ending with
    /// "OK", or, once <see cref="Error"/> was called, exactly one line "ERR &lt;code&gt; &lt;message&gt;"
    /// (the lines written before it are dropped). Text is made safe for one line: any byte outside
    /// printable ASCII becomes '?'. Lines end with CRLF for every terminal.
    /// </summary>
    public sealed class ConsoleReply
    {
        /// <summary>The largest reply.</summary>
        public const int MaxBytes = 4096;

        private readonly byte[] _buffer = new byte[MaxBytes];
        private int _length;
        private string _errorCode;
        private string _errorMessage;

        /// <summary>True once <see cref="Error"/> was called for this reply.</summary>
        public bool HasError
        {
            get { return _errorCode != null; }
        }

        /// <summary>The error code, or null.</summary>
        public string ErrorCode
        {
            get { return _errorCode; }
        }

        /// <summary>Starts a new reply.</summary>
        public void Clear()
        {
            _length = 0;
            _errorCode = null;
            _errorMessage = null;
        }

        /// <summary>Adds a line key=value.</summary>
        public void Line(string key, string value)
        {
            if (HasError)
            {
                return;
            }

            int mark = _length;
            Put(key);
            PutByte((byte)'=');
            Put(value);
            PutByte((byte)'\r');
            PutByte((byte)'\n');
            if (_length < 0)
            {
                _length = mark;
                Error("too_long", "reply does not fit " + MaxBytes.ToString() + " bytes");
            }
        }

        /// <summary>Adds a line key=value for an integer.</summary>
        public void Line(string key, long value)
        {
            Line(key, value.ToString());
        }

        /// <summary>Makes this reply one ERR line (the first error wins).</summary>
        public void Error(string code, string message)
        {
            if (_errorCode == null)
            {
                _errorCode = code;
                _errorMessage = message;
            }
        }

        /// <summary>Writes the finished reply (the lines and OK, or the ERR line) into port-ready bytes; returns the length.</summary>
        public int Finish(byte[] output)
        {
            int length = 0;
            if (HasError)
            {
                length = Append(output, length, "ERR ");
                length = Append(output, length, _errorCode);
                length = Append(output, length, " ");
                length = Append(output, length, _errorMessage);
                return AppendNewline(output, length);
            }

            System.Array.Copy(_buffer, 0, output, 0, _length);
            return AppendNewline(output, Append(output, _length, "OK"));
        }

        /// <summary>Bytes a finished reply can take.</summary>
        public static int MaxFinishedBytes
        {
            get { return MaxBytes + 512; }
        }

        private static int AppendNewline(byte[] output, int position)
        {
            output[position++] = (byte)'\r';
            output[position++] = (byte)'\n';
            return position;
        }

        private static int Append(byte[] output, int position, string text)
        {
            int limit = MaxFinishedBytes - 2;
            if (text == null)
            {
                return position;
            }

            for (int i = 0; i < text.Length && position < limit; i++)
            {
                output[position++] = SafeByte(text[i]);
            }

            return position;
        }

        private static byte SafeByte(char c)
        {
            return c >= ' ' && c <= '~' ? (byte)c : (byte)'?';
        }

        private void Put(string text)
        {
            if (text == null)
            {
                text = "";
            }

            for (int i = 0; i < text.Length; i++)
            {
                PutByte(SafeByte(text[i]));
            }
        }

        private void PutByte(byte b)
        {
            if (_length < 0)
            {
                return;
            }

            if (_length >= _buffer.Length - 4)
            {
                _length = -1;
                return;
            }

            _buffer[_length++] = b;
        }
    }
}
