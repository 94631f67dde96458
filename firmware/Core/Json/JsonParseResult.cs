namespace EdgeController.Core.Json
{
    /// <summary>What <see cref="JsonReader.Parse"/> found: a value, or why and where the text is not accepted.</summary>
    public sealed class JsonParseResult
    {
        internal JsonParseResult(JsonValue value, string error, int offset, int line, int column)
        {
            Value = value;
            Error = error;
            Offset = offset;
            Line = line;
            Column = column;
        }

        /// <summary>True when the whole text was one accepted value.</summary>
        public bool Success
        {
            get { return Value != null; }
        }

        /// <summary>The root value, or null on failure.</summary>
        public JsonValue Value { get; private set; }

        /// <summary>Why the text was refused, with its line and column; null on success.</summary>
        public string Error { get; private set; }

        /// <summary>Character offset of the problem (0-based); -1 on success.</summary>
        public int Offset { get; private set; }

        /// <summary>Line of the problem (1-based); 0 on success.</summary>
        public int Line { get; private set; }

        /// <summary>Column of the problem (1-based); 0 on success.</summary>
        public int Column { get; private set; }
    }
}
