namespace EdgeController.Core.Json
{
    /// <summary>
    /// One parsed JSON value. Arrays and objects keep their items in document order in plain
    /// arrays (no generics on nanoFramework); an object's member lookup is linear, which is fine
    /// for the small documents (board configs, settings) this reader is for.
    /// </summary>
    public sealed class JsonValue
    {
        private JsonValue[] _items;
        private string[] _names;
        private int _count;

        private JsonValue(JsonKind kind)
        {
            Kind = kind;
        }

        /// <summary>What this value is.</summary>
        public JsonKind Kind { get; private set; }

        /// <summary>The value of a <see cref="JsonKind.Boolean"/>.</summary>
        public bool BooleanValue { get; private set; }

        /// <summary>The value of an <see cref="JsonKind.Integer"/>.</summary>
        public long IntegerValue { get; private set; }

        /// <summary>The value of a <see cref="JsonKind.String"/>.</summary>
        public string StringValue { get; private set; }

        /// <summary>Items of an array or members of an object; 0 for anything else.</summary>
        public int Count
        {
            get { return _count; }
        }

        /// <summary>The i-th item of an array, or the i-th member's value of an object.</summary>
        public JsonValue ItemAt(int index)
        {
            if (index < 0 || index >= _count)
            {
                throw new System.ArgumentOutOfRangeException("index");
            }

            return _items[index];
        }

        /// <summary>The i-th member's name of an object (null for an array).</summary>
        public string NameAt(int index)
        {
            if (index < 0 || index >= _count)
            {
                throw new System.ArgumentOutOfRangeException("index");
            }

            return _names == null ? null : _names[index];
        }

        /// <summary>The value of the member called name, or null when this is not an object or has no such member.</summary>
        public JsonValue Member(string name)
        {
            int index = IndexOf(name);
            return index < 0 ? null : _items[index];
        }

        internal int IndexOf(string name)
        {
            if (Kind != JsonKind.Object)
            {
                return -1;
            }

            for (int i = 0; i < _count; i++)
            {
                if (_names[i] == name)
                {
                    return i;
                }
            }

            return -1;
        }

        internal static JsonValue NewNull()
        {
            return new JsonValue(JsonKind.Null);
        }

        internal static JsonValue NewBoolean(bool value)
        {
            JsonValue result = new JsonValue(JsonKind.Boolean);
            result.BooleanValue = value;
            return result;
        }

        internal static JsonValue NewInteger(long value)
        {
            JsonValue result = new JsonValue(JsonKind.Integer);
            result.IntegerValue = value;
            return result;
        }

        internal static JsonValue NewString(string value)
        {
            JsonValue result = new JsonValue(JsonKind.String);
            result.StringValue = value;
            return result;
        }

        internal static JsonValue NewArray()
        {
            JsonValue result = new JsonValue(JsonKind.Array);
            result._items = new JsonValue[4];
            return result;
        }

        internal static JsonValue NewObject()
        {
            JsonValue result = new JsonValue(JsonKind.Object);
            result._items = new JsonValue[4];
            result._names = new string[4];
            return result;
        }

        internal void Append(string name, JsonValue value)
        {
            if (_count == _items.Length)
            {
                JsonValue[] items = new JsonValue[_count * 2];
                System.Array.Copy(_items, items, _count);
                _items = items;
                if (_names != null)
                {
                    string[] names = new string[_count * 2];
                    System.Array.Copy(_names, names, _count);
                    _names = names;
                }
            }

            _items[_count] = value;
            if (_names != null)
            {
                _names[_count] = name;
            }

            _count++;
        }
    }
}
