namespace EdgeController.Core.Telemetry
{
    /// <summary>
    /// A bounded FIFO of signed messages waiting for the broker, in preallocated slots so that
    /// queueing a reading allocates nothing. When it is full the oldest message is dropped and
    /// counted (<see cref="DroppedCount"/>): a drop is never silent.
    /// Thread-safe: the control loop enqueues while the link thread drains.
    /// </summary>
    public sealed class TelemetryOutbox
    {
        private readonly byte[][] _slots;
        private readonly int[] _lengths;
        private readonly MessageKind[] _kinds;
        private readonly object _sync = new object();
        private int _head;
        private int _count;

        /// <param name="capacityMessages">How many messages it holds.</param>
        /// <param name="maxMessageBytes">The largest message; longer ones are refused.</param>
        public TelemetryOutbox(int capacityMessages, int maxMessageBytes)
        {
            if (capacityMessages < 1 || maxMessageBytes < 1)
            {
                throw new System.ArgumentOutOfRangeException("capacityMessages");
            }

            _slots = new byte[capacityMessages][];
            for (int i = 0; i < capacityMessages; i++)
            {
                _slots[i] = new byte[maxMessageBytes];
            }

            _lengths = new int[capacityMessages];
            _kinds = new MessageKind[capacityMessages];
            MaxMessageBytes = maxMessageBytes;
        }

        /// <summary>The largest message a slot holds.</summary>
        public int MaxMessageBytes { get; private set; }

        /// <summary>Slots in all.</summary>
        public int Capacity
        {
            get { return _slots.Length; }
        }

        /// <summary>Messages waiting.</summary>
        public int Count
        {
            get
            {
                lock (_sync)
                {
                    return _count;
                }
            }
        }

        /// <summary>Messages dropped because the outbox was full, since boot.</summary>
        public long DroppedCount { get; private set; }

        /// <summary>Copies a message in; drops the oldest when full. False if it is too long.</summary>
        public bool Enqueue(MessageKind kind, byte[] message, int length)
        {
            if (length < 0 || length > MaxMessageBytes)
            {
                return false;
            }

            lock (_sync)
            {
                if (_count == _slots.Length)
                {
                    _head = (_head + 1) % _slots.Length;
                    _count--;
                    DroppedCount++;
                }

                int tail = (_head + _count) % _slots.Length;
                System.Array.Copy(message, 0, _slots[tail], 0, length);
                _lengths[tail] = length;
                _kinds[tail] = kind;
                _count++;
                return true;
            }
        }

        /// <summary>
        /// Copies the oldest message into destination without removing it (so a failed publish
        /// loses nothing). Returns its length, or -1 when empty.
        /// </summary>
        public int PeekOldest(byte[] destination, out MessageKind kind)
        {
            lock (_sync)
            {
                if (_count == 0)
                {
                    kind = MessageKind.Reading;
                    return -1;
                }

                int length = _lengths[_head];
                System.Array.Copy(_slots[_head], 0, destination, 0, length);
                kind = _kinds[_head];
                return length;
            }
        }

        /// <summary>Removes the oldest message, once it is safely published.</summary>
        public void RemoveOldest()
        {
            lock (_sync)
            {
                if (_count == 0)
                {
                    return;
                }

                _head = (_head + 1) % _slots.Length;
                _count--;
            }
        }
    }
}
