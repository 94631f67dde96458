using EdgeController.Core.Json;

namespace EdgeController.Core.Config
{
    /// <summary>
    /// Reads the members of one JSON object of a configuration document, each with its field
    /// path, recording an error for anything missing, of the wrong kind or out of range. A read
    /// that failed returns a harmless default so the loader can go on and report every error
    /// of the file at once.
    /// </summary>
    internal sealed class ConfigSection
    {
        private readonly JsonValue _object;
        private readonly ConfigErrors _errors;

        internal ConfigSection(JsonValue jsonObject, string path, ConfigErrors errors)
        {
            _object = jsonObject;
            Path = path;
            _errors = errors;
        }

        internal string Path { get; private set; }

        internal ConfigErrors Errors
        {
            get { return _errors; }
        }

        internal string FieldPath(string key)
        {
            return Path.Length == 0 ? key : Path + "." + key;
        }

        internal bool Has(string key)
        {
            JsonValue value = _object.Member(key);
            return value != null && value.Kind != JsonKind.Null;
        }

        internal void Fail(string key, string reason)
        {
            _errors.Add(FieldPath(key), reason);
        }

        /// <summary>Every member must be one of known; names starting with '_' are comments and ignored.</summary>
        internal void RejectUnknownKeys(string[] known)
        {
            for (int i = 0; i < _object.Count; i++)
            {
                string name = _object.NameAt(i);
                if (name.Length > 0 && name[0] == '_')
                {
                    continue;
                }

                bool found = false;
                for (int k = 0; k < known.Length; k++)
                {
                    if (known[k] == name)
                    {
                        found = true;
                        break;
                    }
                }

                if (!found)
                {
                    _errors.Add(FieldPath(PrintableName(name)), "unknown field (misspelt? units belong in the name, e.g. shuntMilliohms)");
                }
            }
        }

        internal int ReadInt(string key, int min, int max)
        {
            JsonValue value = _object.Member(key);
            if (value == null)
            {
                Fail(key, "missing (an integer " + min.ToString() + ".." + max.ToString() + ")");
                return min;
            }

            if (value.Kind != JsonKind.Integer)
            {
                Fail(key, "must be an integer");
                return min;
            }

            if (value.IntegerValue < min || value.IntegerValue > max)
            {
                Fail(key, "must be " + min.ToString() + ".." + max.ToString() + ", not " + value.IntegerValue.ToString());
                return min;
            }

            return (int)value.IntegerValue;
        }

        /// <summary>A GPIO number, or -1 (error recorded) so that a missing pin claims nothing.</summary>
        internal int ReadPin(string key)
        {
            JsonValue value = _object.Member(key);
            if (value == null || value.Kind != JsonKind.Integer || value.IntegerValue < 0 || value.IntegerValue > 63)
            {
                Fail(key, value == null ? "missing (a GPIO number)" : "must be a GPIO number 0..63");
                return -1;
            }

            return (int)value.IntegerValue;
        }

        /// <summary>An integer written either as a number or as a "0x.." string (I2C addresses read better in hex).</summary>
        internal int ReadIntOrHex(string key, int min, int max, string rangeText)
        {
            JsonValue value = _object.Member(key);
            long number;
            if (value == null)
            {
                Fail(key, "missing (must be " + rangeText + ")");
                return -1;
            }

            if (value.Kind == JsonKind.Integer)
            {
                number = value.IntegerValue;
            }
            else if (value.Kind == JsonKind.String && TryParseHex(value.StringValue, out number))
            {
                // number set
            }
            else
            {
                Fail(key, "must be an integer or a \"0x..\" hex string in " + rangeText);
                return -1;
            }

            if (number < min || number > max)
            {
                Fail(key, "must be " + rangeText);
                return -1;
            }

            return (int)number;
        }

        internal string ReadString(string key, bool required)
        {
            JsonValue value = _object.Member(key);
            if (value == null || value.Kind == JsonKind.Null)
            {
                if (required)
                {
                    Fail(key, "missing (a string)");
                }

                return null;
            }

            if (value.Kind != JsonKind.String)
            {
                Fail(key, "must be a string");
                return null;
            }

            return value.StringValue;
        }

        /// <summary>A required string that must be one of allowed.</summary>
        internal string ReadChoice(string key, string[] allowed)
        {
            string text = ReadString(key, true);
            if (text == null)
            {
                return null;
            }

            for (int i = 0; i < allowed.Length; i++)
            {
                if (allowed[i] == text)
                {
                    return text;
                }
            }

            string list = "";
            for (int i = 0; i < allowed.Length; i++)
            {
                list += (i == 0 ? "\"" : ", \"") + allowed[i] + "\"";
            }

            Fail(key, "must be one of " + list + ", not \"" + text + "\"");
            return null;
        }

        /// <summary>A required id: 1..maxLength of [A-Za-z0-9_-].</summary>
        internal string ReadId(string key, int maxLength)
        {
            string text = ReadString(key, true);
            if (text != null && !Identifiers.IsValid(text, maxLength))
            {
                Fail(key, "must be 1.." + maxLength.ToString() + " characters of A-Z a-z 0-9 _ -");
                return null;
            }

            return text;
        }

        internal bool ReadBool(string key)
        {
            JsonValue value = _object.Member(key);
            if (value == null)
            {
                Fail(key, "missing (true or false)");
                return false;
            }

            if (value.Kind != JsonKind.Boolean)
            {
                Fail(key, "must be true or false");
                return false;
            }

            return value.BooleanValue;
        }

        /// <summary>A required nested object as a section, or null (error recorded).</summary>
        internal ConfigSection ReadObject(string key)
        {
            JsonValue value = _object.Member(key);
            if (value == null)
            {
                Fail(key, "missing (an object)");
                return null;
            }

            if (value.Kind != JsonKind.Object)
            {
                Fail(key, "must be an object");
                return null;
            }

            return new ConfigSection(value, FieldPath(key), _errors);
        }

        /// <summary>A required array of minCount..maxCount items, or null (error recorded).</summary>
        internal JsonValue ReadArray(string key, int minCount, int maxCount)
        {
            JsonValue value = _object.Member(key);
            if (value == null)
            {
                Fail(key, "missing (an array)");
                return null;
            }

            if (value.Kind != JsonKind.Array)
            {
                Fail(key, "must be an array");
                return null;
            }

            if (value.Count < minCount || value.Count > maxCount)
            {
                Fail(key, "must have " + minCount.ToString() + ".." + maxCount.ToString() + " entries, not " + value.Count.ToString());
                return null;
            }

            return value;
        }

        /// <summary>Item i of array (read from this section's key) as a section, or null (error recorded).</summary>
        internal ConfigSection Item(string key, JsonValue array, int index)
        {
            string path = FieldPath(key) + "[" + index.ToString() + "]";
            JsonValue item = array.ItemAt(index);
            if (item.Kind != JsonKind.Object)
            {
                _errors.Add(path, "must be an object");
                return null;
            }

            return new ConfigSection(item, path, _errors);
        }

        /// <summary>A member name fit for an error path: as is when plain, else quoted with odd characters as '?'.</summary>
        private static string PrintableName(string name)
        {
            bool plain = name.Length > 0;
            char[] chars = new char[name.Length];
            for (int i = 0; i < name.Length; i++)
            {
                char c = name[i];
                bool ok = Identifiers.IsIdCharacter(c);
                plain &= ok;
                chars[i] = ok ? c : '?';
            }

            return plain ? name : "\"" + new string(chars) + "\"";
        }

        private static bool TryParseHex(string text, out long number)
        {
            number = 0;
            if (text == null || text.Length < 3 || text.Length > 10 || text[0] != '0' || (text[1] != 'x' && text[1] != 'X'))
            {
                return false;
            }

            for (int i = 2; i < text.Length; i++)
            {
                char c = text[i];
                int digit;
                if (c >= '0' && c <= '9')
                {
                    digit = c - '0';
                }
                else if (c >= 'a' && c <= 'f')
                {
                    digit = c - 'a' + 10;
                }
                else if (c >= 'A' && c <= 'F')
                {
                    digit = c - 'A' + 10;
                }
                else
                {
                    return false;
                }

                number = (number * 16) + digit;
            }

            return true;
        }
    }
}
