namespace EdgeController.Core.Telemetry
{
    /// <summary>
    /// The seq ranges the ledger asked for again, oldest request first, in a fixed number of
    /// slots (no allocation). When every slot is taken, a new range widens the newest one to
    /// cover both: that may resend a few messages the ledger already has (it drops them as
    /// redeliveries), never fewer than asked.
    /// </summary>
    public sealed class ResendRanges
    {
        private readonly long[] _firsts;
        private readonly long[] _lasts;
        private int _head;
        private int _count;

        /// <summary>Room for capacity ranges.</summary>
        public ResendRanges(int capacity)
        {
            if (capacity < 1)
            {
                throw new System.ArgumentOutOfRangeException("capacity");
            }

            _firsts = new long[capacity];
            _lasts = new long[capacity];
        }

        /// <summary>Ranges waiting.</summary>
        public int Count
        {
            get { return _count; }
        }

        /// <summary>The oldest range's first seq.</summary>
        public long First
        {
            get { return _firsts[_head]; }
        }

        /// <summary>The oldest range's last seq.</summary>
        public long Last
        {
            get { return _lasts[_head]; }
        }

        /// <summary>Adds first..last (inclusive); merges it into the newest range when they touch or when full.</summary>
        public void Add(long firstSequence, long lastSequence)
        {
            if (_count > 0)
            {
                int newest = (_head + _count - 1) % _firsts.Length;
                bool touches = firstSequence <= _lasts[newest] + 1 && lastSequence + 1 >= _firsts[newest];
                if (touches || _count == _firsts.Length)
                {
                    _firsts[newest] = firstSequence < _firsts[newest] ? firstSequence : _firsts[newest];
                    _lasts[newest] = lastSequence > _lasts[newest] ? lastSequence : _lasts[newest];
                    return;
                }
            }

            int tail = (_head + _count) % _firsts.Length;
            _firsts[tail] = firstSequence;
            _lasts[tail] = lastSequence;
            _count++;
        }

        /// <summary>Forgets the oldest range.</summary>
        public void RemoveFirst()
        {
            if (_count == 0)
            {
                return;
            }

            _head = (_head + 1) % _firsts.Length;
            _count--;
        }

        /// <summary>Forgets every range.</summary>
        public void Clear()
        {
            _head = 0;
            _count = 0;
        }
    }
}
