namespace EdgeController.Core.Telemetry
{
    /// <summary>
    /// The outbox without flash: a <see cref="MessageRing"/>. When it is full the oldest message is
    /// dropped and counted; a message is forgotten at the broker's PUBACK. Not thread-safe:
    /// <see cref="TelemetryOutbox"/> calls it under its lock.
    /// </summary>
    internal sealed class RamOutbox
    {
        private readonly MessageRing _ring;
        private readonly DroppedMessageTally _dropped;
        private long _nextTag = 1;
        private bool _peekValid;
        private long _peekTag;

        public RamOutbox(int capacityMessages, int maxMessageBytes, DroppedMessageTally dropped)
        {
            _ring = new MessageRing(capacityMessages, maxMessageBytes);
            _dropped = dropped;
        }

        public int Capacity
        {
            get { return _ring.Capacity; }
        }

        public int Count
        {
            get { return _ring.Count; }
        }

        public void Enqueue(MessageKind kind, long sequence, byte[] message, int length)
        {
            if (_ring.IsFull)
            {
                _dropped.Count(_ring.KindAt(0), _ring.SequenceAt(0));
                _ring.RemoveOldest();
            }

            _ring.Push(kind, sequence, _nextTag++, message, 0, length);
        }

        public int PeekOldest(byte[] destination, out MessageKind kind)
        {
            _peekValid = false;
            kind = MessageKind.Reading;
            if (_ring.Count == 0)
            {
                return -1;
            }

            kind = _ring.KindAt(0);
            _peekTag = _ring.TagAt(0);
            _peekValid = true;
            return _ring.CopyAt(0, destination);
        }

        /// <summary>Forgets the peeked message, unless it was dropped meanwhile.</summary>
        public void RemoveOldest()
        {
            if (!_peekValid)
            {
                return;
            }

            _peekValid = false;
            if (_ring.Count > 0 && _ring.TagAt(0) == _peekTag)
            {
                _ring.RemoveOldest();
            }
        }
    }
}
