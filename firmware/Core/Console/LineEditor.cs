using EdgeController.Core.Settings;

namespace EdgeController.Core.Console
{
    /// <summary>
    /// Turns the bytes a terminal sends into command lines, the way picocom, PuTTY or tio users
    /// expect: printable ASCII is kept and echoed; backspace (BS or DEL) erases; CR, LF or CRLF
    /// ends a line; Ctrl-C drops the line; ANSI escape sequences (arrow keys) and every other
    /// control or non-ASCII byte are ignored; characters past <see cref="MaxLineLength"/> are
    /// refused with a bell and the line is reported as too long.
    /// Secrets are not echoed: once the line reads "key set ", "unlock " or "config set " and one
    /// of the catalogue's secret names (pin, wifi_pass, mqtt_pass) and a space (any case, any
    /// spacing), nothing typed after it is echoed, so a key, PIN or password typed or pasted
    /// never appears on the screen or in a terminal log; backspace over it erases silently.
    /// </summary>
    public sealed class LineEditor
    {
        /// <summary>The longest command line.</summary>
        public const int MaxLineLength = 120;

        /// <summary>What a byte did.</summary>
        public const int Pending = 0;

        /// <summary>A line is complete: read it with <see cref="TakeLine"/>.</summary>
        public const int LineReady = 1;

        /// <summary>The line was dropped (Ctrl-C).</summary>
        public const int Cancelled = 2;

        private const byte Backspace = 0x08;
        private const byte Delete = 0x7F;
        private const byte CarriageReturn = 0x0D;
        private const byte LineFeed = 0x0A;
        private const byte Escape = 0x1B;
        private const byte EndOfText = 0x03;
        private const byte Bell = 0x07;

        private const int EscapeNone = 0;
        private const int EscapeStarted = 1;
        private const int EscapeSequence = 2;

        private readonly char[] _line = new char[MaxLineLength];
        private readonly bool[] _echoed = new bool[MaxLineLength];
        private readonly byte[] _echo = new byte[16];
        private int _length;
        private int _echoLength;
        private bool _overflow;
        private bool _lastWasCarriageReturn;
        private int _escapeState;

        /// <summary>When false nothing is echoed (for scripts and terminals with local echo).</summary>
        public bool EchoEnabled = true;

        /// <summary>True when the completed line had more than <see cref="MaxLineLength"/> characters.</summary>
        public bool LastLineTooLong { get; private set; }

        /// <summary>Echo bytes produced by the last <see cref="Feed"/>.</summary>
        public int EchoLength
        {
            get { return _echoLength; }
        }

        /// <summary>The echo buffer (its first <see cref="EchoLength"/> bytes are valid).</summary>
        public byte[] Echo
        {
            get { return _echo; }
        }

        /// <summary>Takes one received byte; the echo for it is in <see cref="Echo"/>.</summary>
        public int Feed(byte b)
        {
            _echoLength = 0;
            bool afterCarriageReturn = _lastWasCarriageReturn;
            _lastWasCarriageReturn = b == CarriageReturn;
            if (_escapeState != EscapeNone)
            {
                if (b >= 0x20)
                {
                    return SkipEscape(b);
                }

                // A control byte (Enter, Ctrl-C, ...) ends a broken-off sequence and counts itself.
                _escapeState = EscapeNone;
            }

            switch (b)
            {
                case CarriageReturn:
                    return EndLine();
                case LineFeed:
                    return afterCarriageReturn ? Pending : EndLine();
                case Backspace:
                case Delete:
                    Erase();
                    return Pending;
                case EndOfText:
                    _length = 0;
                    _overflow = false;
                    PutEcho((byte)'^');
                    PutEcho((byte)'C');
                    PutNewline();
                    return Cancelled;
                case Escape:
                    _escapeState = EscapeStarted;
                    return Pending;
            }

            if (b < 0x20 || b > 0x7E)
            {
                return Pending;
            }

            if (_length == MaxLineLength)
            {
                _overflow = true;
                PutEcho(Bell);
                return Pending;
            }

            bool secret = IsAfterSecretPrefix(_length);
            _line[_length] = (char)b;
            _echoed[_length] = !secret;
            _length++;
            if (!secret)
            {
                PutEcho(b);
            }

            return Pending;
        }

        /// <summary>The completed line (call once after <see cref="LineReady"/>).</summary>
        public string TakeLine()
        {
            string line = new string(_line, 0, _length);
            _length = 0;
            return line;
        }

        private int EndLine()
        {
            PutNewline();
            LastLineTooLong = _overflow;
            _overflow = false;
            return LineReady;
        }

        private void Erase()
        {
            if (_length == 0)
            {
                return;
            }

            _length--;
            if (_echoed[_length])
            {
                PutEcho(Backspace);
                PutEcho((byte)' ');
                PutEcho(Backspace);
            }
        }

        private int SkipEscape(byte b)
        {
            if (_escapeState == EscapeStarted)
            {
                // ESC [ and ESC O start a sequence (cursor keys); ESC and anything else is dropped whole.
                _escapeState = b == (byte)'[' || b == (byte)'O' ? EscapeSequence : EscapeNone;
                return Pending;
            }

            if (b > 0x3F)
            {
                // The final byte (0x40..0x7E), or a byte no sequence has: either way it ends here.
                _escapeState = EscapeNone;
            }

            return Pending;
        }

        private void PutNewline()
        {
            PutEcho((byte)'\r');
            PutEcho((byte)'\n');
        }

        private void PutEcho(byte b)
        {
            if (EchoEnabled && _echoLength < _echo.Length)
            {
                _echo[_echoLength++] = b;
            }
        }

        /// <summary>
        /// True when position is past a secret's prefix at the start of the line: "key set ",
        /// "unlock " or "config set &lt;secret name&gt; " (leading spaces, any spacing and any case allowed).
        /// </summary>
        private bool IsAfterSecretPrefix(int position)
        {
            int i = MatchWord(SkipSpaces(0, position), position, "key");
            if (i >= 0)
            {
                return IsAfterWords(i, position, "set", null);
            }

            i = MatchWord(SkipSpaces(0, position), position, "config");
            if (i >= 0)
            {
                for (int k = 0; k < SecretSettings.Names.Length; k++)
                {
                    if (IsAfterWords(i, position, "set", SecretSettings.Names[k]))
                    {
                        return true;
                    }
                }

                return false;
            }

            i = MatchWord(SkipSpaces(0, position), position, "unlock");
            return i >= 0 && i < position && _line[i] == ' ';
        }

        /// <summary>True when, after the word ending at i, the words first (and second, if given) follow, each with a space after it, before position.</summary>
        private bool IsAfterWords(int i, int position, string first, string second)
        {
            if (i >= position || _line[i] != ' ')
            {
                return false;
            }

            i = MatchWord(SkipSpaces(i, position), position, first);
            if (i < 0 || i >= position || _line[i] != ' ')
            {
                return false;
            }

            if (second == null)
            {
                return true;
            }

            i = MatchWord(SkipSpaces(i, position), position, second);
            return i >= 0 && i < position && _line[i] == ' ';
        }

        private int SkipSpaces(int i, int end)
        {
            while (i < end && _line[i] == ' ')
            {
                i++;
            }

            return i;
        }

        private int MatchWord(int i, int end, string word)
        {
            if (i < 0 || i + word.Length > end)
            {
                return -1;
            }

            for (int k = 0; k < word.Length; k++)
            {
                char c = _line[i + k];
                if (c >= 'A' && c <= 'Z')
                {
                    c = (char)(c + ('a' - 'A'));
                }

                if (c != word[k])
                {
                    return -1;
                }
            }

            return i + word.Length;
        }
    }
}
