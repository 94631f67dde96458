namespace EdgeController.Core.Console
{
    /// <summary>
    /// The last <see cref="Capacity"/> things the console did or saw (unlocks, failures, saves,
    /// calibrations, key changes by id and fingerprint), in RAM, for `log`. Never holds a key or a PIN.
    /// </summary>
    public sealed class ConsoleLog
    {
        /// <summary>Entries kept.</summary>
        public const int Capacity = 32;

        private readonly long[] _uptimes = new long[Capacity];
        private readonly string[] _texts = new string[Capacity];
        private int _next;
        private int _count;

        /// <summary>Entries held (at most <see cref="Capacity"/>).</summary>
        public int Count
        {
            get { return _count; }
        }

        /// <summary>Adds an entry.</summary>
        public void Add(long uptimeMilliseconds, string text)
        {
            _uptimes[_next] = uptimeMilliseconds;
            _texts[_next] = text;
            _next = (_next + 1) % Capacity;
            if (_count < Capacity)
            {
                _count++;
            }
        }

        /// <summary>The age-th newest-but-counting-from-oldest entry: index 0 is the oldest held.</summary>
        public string Format(int index)
        {
            int slot = (_next - _count + index + Capacity) % Capacity;
            return _uptimes[slot].ToString() + " " + _texts[slot];
        }
    }
}
