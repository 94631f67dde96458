using EdgeController.Core.Metering;
using EdgeController.Core.Signing;
using EdgeController.Core.Telemetry;
using EdgeController.Hal;

namespace EdgeController.Core.Market
{
    /// <summary>
    /// Sends a slot's orders as signed events into the outbox, like <c>DeviceEvents</c>: each
    /// takes its seq from the device's one counter, so orders enter the gateway's chain like any
    /// event. Orders go out once per slot, when <see cref="IsOrderTime"/> says so: a lead time
    /// before the slot's gate closure, so that they are in before the deadline even after a
    /// reconnect. A later order for the same slot and side (a higher seq) replaces the earlier in
    /// the gateway's book.
    /// </summary>
    public sealed class MarketOrderPublisher
    {
        /// <summary>Orders go out this long before the slot starts (gate closure is 60 s before it; 4 minutes leaves room for retries).</summary>
        public const long DefaultLeadMilliseconds = 300000;

        private readonly ISequenceSource _sequence;
        private readonly IClock _clock;
        private readonly SignedEnvelopeWriter _envelopeWriter;
        private readonly TelemetryOutbox _outbox;
        private readonly OrderEventFormatter _formatter;
        private readonly ReadingHeader _header = new ReadingHeader();
        private readonly byte[] _message;
        private readonly long _bootCount;
        private long _lastPostedSlot = long.MinValue;

        /// <summary>Creates the publisher for one device; bootCount is the controller's.</summary>
        public MarketOrderPublisher(string deviceId, long bootCount, ISequenceSource sequence, IClock clock, SignedEnvelopeWriter envelopeWriter, TelemetryOutbox outbox)
        {
            _bootCount = bootCount;
            _sequence = sequence;
            _clock = clock;
            _envelopeWriter = envelopeWriter;
            _outbox = outbox;
            _formatter = new OrderEventFormatter(deviceId);
            _message = new byte[outbox.MaxMessageBytes];
        }

        /// <summary>Orders queued since boot.</summary>
        public int Published { get; private set; }

        /// <summary>Orders that could not be written or queued.</summary>
        public int Failed { get; private set; }

        /// <summary>
        /// True once per slot, when a synchronised clock is within leadMilliseconds before the
        /// next slot's start (slots aligned to UTC); slotStart is then that slot.
        /// </summary>
        public bool IsOrderTime(long slotMilliseconds, long leadMilliseconds, out long slotStartUnixMilliseconds)
        {
            long now = _clock.UnixTimeMilliseconds;
            slotStartUnixMilliseconds = ((now / slotMilliseconds) + 1) * slotMilliseconds;
            if (!_clock.IsWallClockSynchronized || slotStartUnixMilliseconds - now > leadMilliseconds || slotStartUnixMilliseconds <= _lastPostedSlot)
            {
                return false;
            }

            _lastPostedSlot = slotStartUnixMilliseconds;
            return true;
        }

        /// <summary>Signs and queues the plan's orders (0, 1 or 2); returns how many were queued.</summary>
        public int Publish(MarketOrderPlan plan)
        {
            int sent = 0;
            if (plan.BuyWattHours > 0 && Send(plan.SlotStartUnixMilliseconds, OrderEventFormatter.Buy, plan.BuyWattHours, plan.BuyPriceMicrocurrencyPerKilowattHour))
            {
                sent++;
            }

            if (plan.SellWattHours > 0 && Send(plan.SlotStartUnixMilliseconds, OrderEventFormatter.Sell, plan.SellWattHours, plan.SellPriceMicrocurrencyPerKilowattHour))
            {
                sent++;
            }

            return sent;
        }

        private bool Send(long slot, string side, long wattHours, long price)
        {
            _header.BootCount = _bootCount;
            _header.Sequence = _sequence.ReserveSequence();
            _header.UnixTimeMilliseconds = _clock.UnixTimeMilliseconds;
            _header.TimeSynchronized = _clock.IsWallClockSynchronized;
            int payloadLength = _formatter.Write(_message, SignedEnvelopeWriter.PayloadOffset, _header, slot, side, wattHours, price);
            int messageLength = payloadLength > 0 ? _envelopeWriter.Seal(_message, payloadLength) : -1;
            if (messageLength < 0 || !_outbox.Enqueue(MessageKind.Event, _header.Sequence, _message, messageLength))
            {
                Failed++;
                return false;
            }

            Published++;
            return true;
        }
    }
}
