namespace EdgeController.Core.Telemetry
{
    /// <summary>The highest seq of each kind an outbox took, so a rebooted controller starts above them. Not thread-safe.</summary>
    internal sealed class HighestSequences
    {
        public HighestSequences(long reading, long @event)
        {
            Reading = reading;
            Event = @event;
        }

        public long Reading { get; private set; }

        public long Event { get; private set; }

        public long Of(MessageKind kind)
        {
            return kind == MessageKind.Event ? Event : Reading;
        }

        public void Note(MessageKind kind, long sequence)
        {
            if (kind == MessageKind.Event && sequence > Event)
            {
                Event = sequence;
            }
            else if (kind == MessageKind.Reading && sequence > Reading)
            {
                Reading = sequence;
            }
        }
    }
}
