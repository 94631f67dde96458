namespace EdgeController.Core.Telemetry
{
    /// <summary>
    /// A FIFO of messages in preallocated RAM slots: pushing and taking allocate nothing. Each
    /// message carries its kind, its seq and a tag the owner chooses (the RAM-only outbox numbers
    /// its messages with it; the durable outbox stores where the message lies in its flash log, so
    /// the drain finds the newest messages here instead of reading them back from flash).
    /// RAM: slots x maxMessageBytes bytes, plus 21 bytes of bookkeeping per slot. Not thread-safe:
    /// the outbox locks around it.
    /// </summary>
    public sealed class MessageRing
    {
        private readonly byte[][] _slots;
        private readonly int[] _lengths;
        private readonly MessageKind[] _kinds;
        private readonly long[] _sequences;
        private readonly long[] _tags;
        private int _head;
        private int _count;

        /// <summary>A ring of slots messages of up to maxMessageBytes each.</summary>
        public MessageRing(int slots, int maxMessageBytes)
        {
            if (slots < 1 || maxMessageBytes < 1)
            {
                throw new System.ArgumentOutOfRangeException("slots");
            }

            _slots = new byte[slots][];
            for (int i = 0; i < slots; i++)
            {
                _slots[i] = new byte[maxMessageBytes];
            }

            _lengths = new int[slots];
            _kinds = new MessageKind[slots];
            _sequences = new long[slots];
            _tags = new long[slots];
            MaxMessageBytes = maxMessageBytes;
        }

        /// <summary>The largest message a slot holds.</summary>
        public int MaxMessageBytes { get; private set; }

        /// <summary>Slots in all.</summary>
        public int Capacity
        {
            get { return _slots.Length; }
        }

        /// <summary>Messages held.</summary>
        public int Count
        {
            get { return _count; }
        }

        /// <summary>True when a push would need a slot freed first.</summary>
        public bool IsFull
        {
            get { return _count == _slots.Length; }
        }

        /// <summary>Copies a message in at the newest end; the caller frees a slot first when full.</summary>
        public void Push(MessageKind kind, long sequence, long tag, byte[] message, int offset, int length)
        {
            if (_count == _slots.Length || length < 0 || length > MaxMessageBytes)
            {
                throw new System.InvalidOperationException("ring full or message too long");
            }

            int tail = (_head + _count) % _slots.Length;
            System.Array.Copy(message, offset, _slots[tail], 0, length);
            _lengths[tail] = length;
            _kinds[tail] = kind;
            _sequences[tail] = sequence;
            _tags[tail] = tag;
            _count++;
        }

        /// <summary>Forgets the oldest message (nothing when empty).</summary>
        public void RemoveOldest()
        {
            if (_count == 0)
            {
                return;
            }

            _head = (_head + 1) % _slots.Length;
            _count--;
        }

        /// <summary>Forgets every message.</summary>
        public void Clear()
        {
            _head = 0;
            _count = 0;
        }

        /// <summary>The kind of the index-th oldest message (0 = oldest).</summary>
        public MessageKind KindAt(int index)
        {
            return _kinds[Slot(index)];
        }

        /// <summary>The seq of the index-th oldest message.</summary>
        public long SequenceAt(int index)
        {
            return _sequences[Slot(index)];
        }

        /// <summary>The tag of the index-th oldest message.</summary>
        public long TagAt(int index)
        {
            return _tags[Slot(index)];
        }

        /// <summary>Copies the index-th oldest message into destination; returns its length.</summary>
        public int CopyAt(int index, byte[] destination)
        {
            int slot = Slot(index);
            int length = _lengths[slot];
            System.Array.Copy(_slots[slot], 0, destination, 0, length);
            return length;
        }

        /// <summary>The index of the message with tag, or -1 when none holds it.</summary>
        public int IndexOfTag(long tag)
        {
            for (int i = 0; i < _count; i++)
            {
                if (_tags[Slot(i)] == tag)
                {
                    return i;
                }
            }

            return -1;
        }

        private int Slot(int index)
        {
            if (index < 0 || index >= _count)
            {
                throw new System.ArgumentOutOfRangeException("index");
            }

            return (_head + index) % _slots.Length;
        }
    }
}
