namespace EdgeController.Core.Config
{
    /// <summary>
    /// The errors found in one configuration document, in the order found. Each is one line
    /// "path: reason", where path names the field as a person would find it in the file
    /// ("ina219[1].address").
    /// </summary>
    public sealed class ConfigErrors
    {
        private string[] _lines = new string[8];

        /// <summary>Errors so far.</summary>
        public int Count { get; private set; }

        /// <summary>Records that the field at path is wrong and why.</summary>
        public void Add(string path, string reason)
        {
            if (Count == _lines.Length)
            {
                string[] larger = new string[_lines.Length * 2];
                System.Array.Copy(_lines, larger, Count);
                _lines = larger;
            }

            _lines[Count] = path + ": " + reason;
            Count++;
        }

        /// <summary>The errors as "path: reason" lines.</summary>
        public string[] ToArray()
        {
            string[] result = new string[Count];
            System.Array.Copy(_lines, result, Count);
            return result;
        }
    }
}
