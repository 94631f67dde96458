namespace EdgeController.Core.Json
{
    /// <summary>
    /// A small strict JSON reader for configuration files (RFC 8259 grammar, minus floating point).
    /// It accepts objects, arrays, strings, integers that fit a long, true, false and null, and
    /// refuses everything else with a message naming the line and column: fractions and exponents
    /// (values are integers in the unit their key names, e.g. "shuntMilliohms"), duplicate names,
    /// comments, trailing commas, nesting deeper than <see cref="MaxDepth"/>. It never throws on any
    /// input: malformed text is a failed <see cref="JsonParseResult"/>, not an exception.
    /// </summary>
    public sealed class JsonReader
    {
        /// <summary>The deepest nesting of arrays and objects accepted (a stack guard on a small device).</summary>
        public const int MaxDepth = 32;

        private readonly string _text;
        private int _position;
        private string _error;
        private int _errorOffset;

        private JsonReader(string text)
        {
            _text = text;
        }

        /// <summary>Parses text as exactly one JSON value with optional whitespace around it.</summary>
        public static JsonParseResult Parse(string text)
        {
            if (text == null)
            {
                return new JsonParseResult(null, "no text", 0, 1, 1);
            }

            JsonReader reader = new JsonReader(text);
            JsonValue value = reader.ParseDocument();
            if (value == null)
            {
                int line;
                int column;
                LineAndColumn(text, reader._errorOffset, out line, out column);
                return new JsonParseResult(null, "line " + line.ToString() + ", column " + column.ToString() + ": " + reader._error,
                    reader._errorOffset, line, column);
            }

            return new JsonParseResult(value, null, -1, 0, 0);
        }

        private JsonValue ParseDocument()
        {
            SkipWhitespace();
            JsonValue value = ParseValue(0);
            if (value == null)
            {
                return null;
            }

            SkipWhitespace();
            if (_position < _text.Length)
            {
                return Fail("unexpected text after the end of the document");
            }

            return value;
        }

        private JsonValue ParseValue(int depth)
        {
            if (_position >= _text.Length)
            {
                return Fail("unexpected end of text: a value was expected");
            }

            char c = _text[_position];
            switch (c)
            {
                case '{':
                    return ParseObject(depth + 1);
                case '[':
                    return ParseArray(depth + 1);
                case '"':
                    string text = ParseString();
                    return text == null ? null : JsonValue.NewString(text);
                case 't':
                    return ParseLiteral("true", JsonValue.NewBoolean(true));
                case 'f':
                    return ParseLiteral("false", JsonValue.NewBoolean(false));
                case 'n':
                    return ParseLiteral("null", JsonValue.NewNull());
                default:
                    if (c == '-' || (c >= '0' && c <= '9'))
                    {
                        return ParseInteger();
                    }

                    return Fail("unexpected character '" + Printable(c) + "': a value was expected");
            }
        }

        private JsonValue ParseObject(int depth)
        {
            if (depth > MaxDepth)
            {
                return Fail("nesting deeper than " + MaxDepth.ToString() + " levels");
            }

            JsonValue result = JsonValue.NewObject();
            _position++;
            SkipWhitespace();
            if (Peek() == '}')
            {
                _position++;
                return result;
            }

            while (true)
            {
                SkipWhitespace();
                if (Peek() != '"')
                {
                    return Fail("a member name in double quotes was expected");
                }

                int nameOffset = _position;
                string name = ParseString();
                if (name == null)
                {
                    return null;
                }

                if (result.IndexOf(name) >= 0)
                {
                    _position = nameOffset;
                    return Fail("duplicate member name \"" + name + "\"");
                }

                SkipWhitespace();
                if (Peek() != ':')
                {
                    return Fail("':' was expected after the member name");
                }

                _position++;
                SkipWhitespace();
                JsonValue value = ParseValue(depth);
                if (value == null)
                {
                    return null;
                }

                result.Append(name, value);
                SkipWhitespace();
                char next = Peek();
                if (next == ',')
                {
                    _position++;
                    continue;
                }

                if (next == '}')
                {
                    _position++;
                    return result;
                }

                return Fail("',' or '}' was expected");
            }
        }

        private JsonValue ParseArray(int depth)
        {
            if (depth > MaxDepth)
            {
                return Fail("nesting deeper than " + MaxDepth.ToString() + " levels");
            }

            JsonValue result = JsonValue.NewArray();
            _position++;
            SkipWhitespace();
            if (Peek() == ']')
            {
                _position++;
                return result;
            }

            while (true)
            {
                SkipWhitespace();
                JsonValue value = ParseValue(depth);
                if (value == null)
                {
                    return null;
                }

                result.Append(null, value);
                SkipWhitespace();
                char next = Peek();
                if (next == ',')
                {
                    _position++;
                    continue;
                }

                if (next == ']')
                {
                    _position++;
                    return result;
                }

                return Fail("',' or ']' was expected");
            }
        }

        private JsonValue ParseInteger()
        {
            int start = _position;
            bool negative = false;
            if (_text[_position] == '-')
            {
                negative = true;
                _position++;
            }

            if (_position >= _text.Length || _text[_position] < '0' || _text[_position] > '9')
            {
                return Fail("a digit was expected");
            }

            if (_text[_position] == '0' && _position + 1 < _text.Length && _text[_position + 1] >= '0' && _text[_position + 1] <= '9')
            {
                return Fail("leading zeros are not allowed");
            }

            // Accumulate negatively so that long.MinValue, which has no positive twin, still fits.
            long value = 0;
            while (_position < _text.Length && _text[_position] >= '0' && _text[_position] <= '9')
            {
                int digit = _text[_position] - '0';
                if (value < (long.MinValue + digit) / 10)
                {
                    _position = start;
                    return Fail("integer does not fit 64 bits");
                }

                value = (value * 10) - digit;
                _position++;
            }

            char next = Peek();
            if (next == '.' || next == 'e' || next == 'E')
            {
                return Fail("fractions and exponents are not accepted: write an integer in the unit the key names (e.g. milliohms)");
            }

            if (!negative)
            {
                if (value == long.MinValue)
                {
                    _position = start;
                    return Fail("integer does not fit 64 bits");
                }

                value = -value;
            }

            return JsonValue.NewInteger(value);
        }

        private string ParseString()
        {
            _position++;
            char[] buffer = new char[16];
            int length = 0;
            while (true)
            {
                if (_position >= _text.Length)
                {
                    FailText("unterminated string");
                    return null;
                }

                char c = _text[_position];
                if (c == '"')
                {
                    _position++;
                    return new string(buffer, 0, length);
                }

                if (c < ' ')
                {
                    FailText("control character in a string (escape it)");
                    return null;
                }

                if (c == '\\')
                {
                    c = ParseEscape();
                    if (_error != null)
                    {
                        return null;
                    }
                }
                else
                {
                    _position++;
                }

                if (length == buffer.Length)
                {
                    char[] larger = new char[buffer.Length * 2];
                    System.Array.Copy(buffer, larger, length);
                    buffer = larger;
                }

                buffer[length++] = c;
            }
        }

        private char ParseEscape()
        {
            _position++;
            if (_position >= _text.Length)
            {
                FailText("unterminated escape");
                return ' ';
            }

            char e = _text[_position];
            _position++;
            switch (e)
            {
                case '"': return '"';
                case '\\': return '\\';
                case '/': return '/';
                case 'b': return '\b';
                case 'f': return '\f';
                case 'n': return '\n';
                case 'r': return '\r';
                case 't': return '\t';
                case 'u':
                    int code = 0;
                    for (int i = 0; i < 4; i++)
                    {
                        int digit = _position < _text.Length ? HexDigit(_text[_position]) : -1;
                        if (digit < 0)
                        {
                            FailText("\\u needs four hex digits");
                            return ' ';
                        }

                        code = (code * 16) + digit;
                        _position++;
                    }

                    return (char)code;
                default:
                    _position--;
                    FailText("unknown escape '\\" + Printable(e) + "'");
                    return ' ';
            }
        }

        private JsonValue ParseLiteral(string literal, JsonValue value)
        {
            if (_position + literal.Length > _text.Length || _text.Substring(_position, literal.Length) != literal)
            {
                return Fail("unknown literal: true, false or null was expected");
            }

            _position += literal.Length;
            return value;
        }

        private static int HexDigit(char c)
        {
            if (c >= '0' && c <= '9')
            {
                return c - '0';
            }

            if (c >= 'a' && c <= 'f')
            {
                return c - 'a' + 10;
            }

            if (c >= 'A' && c <= 'F')
            {
                return c - 'A' + 10;
            }

            return -1;
        }

        private char Peek()
        {
            return _position < _text.Length ? _text[_position] : '\0';
        }

        private void SkipWhitespace()
        {
            while (_position < _text.Length)
            {
                char c = _text[_position];
                if (c != ' ' && c != '\t' && c != '\n' && c != '\r')
                {
                    return;
                }

                _position++;
            }
        }

        private JsonValue Fail(string reason)
        {
            FailText(reason);
            return null;
        }

        private void FailText(string reason)
        {
            if (_error == null)
            {
                _error = reason;
                _errorOffset = _position;
            }
        }

        private static string Printable(char c)
        {
            if (c >= ' ' && c < (char)127)
            {
                return c.ToString();
            }

            return "\\u" + ((int)c).ToString("X4");
        }

        private static void LineAndColumn(string text, int offset, out int line, out int column)
        {
            line = 1;
            column = 1;
            for (int i = 0; i < offset && i < text.Length; i++)
            {
                if (text[i] == '\n')
                {
                    line++;
                    column = 1;
                }
                else
                {
                    column++;
                }
            }
        }
    }
}
