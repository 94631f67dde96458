using EdgeController.Hal;

namespace EdgeController.Ledger.Market;

/// <summary>
/// The market's part of `ec-gateway run`: call <see cref="TickAsync"/> every few seconds with the
/// gateway's time. Each tick it reads the new ledger entries, appends a params record when the
/// site's settings give other params than the newest one, clears every slot whose gate has
/// closed (from the first slot that closes after the runner started), publishes the result
/// retained and each award on the device's cmd/award topic, settles the slot's awarded devices
/// together once the slot has ended and <see cref="SettleDelayMilliseconds"/> passed (one pass:
/// a record per device, consecutive in one transaction), and re-settles the whole slot in a new
/// pass of corrections when readings that came in later (gap fills) change any of its
/// settlements (also for the slots settled before the runner started, as the ledger shows them).
/// Single-threaded: one caller.
/// </summary>
public sealed class MarketRunner(LedgerDatabase ledger, MarketSiteConfig config, IMessageSigner gatewaySigner, IAwardSigner awardSigner, IMarketPublisher publisher, string site)
{
    /// <summary>How long after a slot ends its settlement waits for the last readings (two reading periods and some).</summary>
    public const long SettleDelayMilliseconds = 120_000;

    /// <summary>How long after a slot's settlement late readings still lead to a correction.</summary>
    public const long CorrectionWindowMilliseconds = 86_400_000;

    private readonly MarketLedgerView _view = new();
    private readonly List<SettledSlot> _settled = [];
    private long _checkedIndex;
    private bool _settledRestored;
    private long _nextSlot = long.MinValue;

    /// <summary>Awards not sent because the device had no cmd key.</summary>
    public long AwardsUnsigned { get; private set; }

    /// <summary>Records appended since start, by kind.</summary>
    public Dictionary<string, long> Appended { get; } = new(StringComparer.Ordinal);

    /// <summary>One step at the gateway's time now (Unix ms).</summary>
    public async Task TickAsync(long now, CancellationToken cancellationToken)
    {
        _view.LoadNew(ledger.Path);
        MarketParameters wanted = config.ParametersFor(now);
        if (_view.LatestParameters is not MarketParameters latest || !latest.SameAs(wanted))
        {
            AppendBuilt(MarketRecordWriter.ParamsKind, now, sequence => MarketRecordWriter.Params(sequence, now, wanted));
        }

        long slotMs = config.SlotMilliseconds;
        if (_nextSlot == long.MinValue)
        {
            // The first slot whose gate closes after now: earlier ones may have had orders this runner never saw the deadline of.
            _nextSlot = (MarketClearing.FloorDivide(now + config.GateClosureMilliseconds, slotMs) + 1) * slotMs;
        }

        while (_nextSlot - config.GateClosureMilliseconds <= now)
        {
            await ClearAsync(_nextSlot, now, cancellationToken);
            _nextSlot += slotMs;
        }

        foreach (long slot in _view.ClearedSlots.Where(s => s + slotMs + SettleDelayMilliseconds <= now).Order().ToList())
        {
            IReadOnlyList<string> awarded = MarketEngine.AwardedDevices(_view.ResultFor(slot)!);
            if (awarded.Count > 0 && awarded.All(device => _view.SettlementFor(slot, device) is null))
            {
                SettlePass(slot, now);
            }
        }

        if (!_settledRestored)
        {
            RestoreSettledSlots(now);
            _settledRestored = true;
        }

        Correct(now);
    }

    /// <summary>
    /// The first tick after a start: the slots the ledger shows settled within the correction
    /// window are watched again, each from its newest pass, as if this runner had written them.
    /// Without this a gateway restarted between a settlement and a device's gap fill would leave
    /// the slot on figures the ledger's readings no longer give.
    /// </summary>
    private void RestoreSettledSlots(long now)
    {
        foreach (long slot in _view.ClearedSlots.Where(s => s + CorrectionWindowMilliseconds >= now).Order().ToList())
        {
            if (_settled.Any(entry => entry.Slot == slot))
            {
                continue;
            }

            IReadOnlyList<string> awarded = MarketEngine.AwardedDevices(_view.ResultFor(slot)!);
            List<long> newest = awarded.Select(device => _view.SettlementFor(slot, device)?.Index ?? 0).Where(index => index > 0).ToList();
            if (newest.Count == 0)
            {
                continue;
            }

            Dictionary<string, long> restsOn = awarded.ToDictionary(device => device, device => EndRestsOn(slot, device), StringComparer.Ordinal);
            _settled.Add(new SettledSlot(slot, newest.Max(), restsOn));
        }
    }

    private async Task ClearAsync(long slot, long now, CancellationToken cancellationToken)
    {
        ClearingOutcome? outcome = null;
        byte[]? raw = AppendBuilt(MarketRecordWriter.ResultKind, now, sequence =>
        {
            if (_view.ResultFor(slot) is not null)
            {
                return null;
            }

            (byte[] payload, ClearingOutcome cleared) = MarketEngine.Result(_view, slot, sequence, now);
            outcome = cleared;
            return payload;
        });
        if (raw is null || outcome is null)
        {
            return;
        }

        await publisher.PublishAsync($"ec/v1/{site}/market/result", raw, retained: true, cancellationToken);
        long slotMs = _view.ParametersFor(slot)?.Parameters.SlotMilliseconds ?? config.SlotMilliseconds;
        foreach (IGrouping<string, MarketAward> device in outcome.Awards.GroupBy(a => a.Device))
        {
            IMessageSigner? signer = awardSigner.CommandSignerFor(device.Key);
            if (signer is null)
            {
                AwardsUnsigned++;
                continue;
            }

            long buy = device.Where(a => a.Side == MarketSide.Buy).Sum(a => a.WattHours);
            long sell = device.Where(a => a.Side == MarketSide.Sell).Sum(a => a.WattHours);
            byte[] award = MarketRecordWriter.Seal(AwardCommandWriter.Payload(device.Key, slot, slotMs, buy, sell, outcome.PriceMicrocurrencyPerKilowattHour), signer);
            await publisher.PublishAsync($"ec/v1/{site}/{device.Key}/cmd/{AwardCommandWriter.CommandName}", award, retained: false, cancellationToken);
        }
    }

    /// <summary>Writes the slot's settlements (corrections of the newest ones, if any) as one pass and remembers what its boundaries rest on.</summary>
    private void SettlePass(long slot, long now)
    {
        Dictionary<string, long>? restsOn = null;
        long passIndex = ledger.AppendGatewayRecords(MarketRecordWriter.MarketDevice, () =>
        {
            _view.LoadNew(ledger.Path);
            IReadOnlyList<MarketSettlement>? settlements = MarketEngine.SlotSettlements(_view, slot);
            if (settlements is null || settlements.Count == 0)
            {
                return [];
            }

            restsOn = settlements.ToDictionary(s => s.Device, s => EndRestsOn(slot, s.Device), StringComparer.Ordinal);
            long sequence = NextSequence();
            return settlements.Select((s, k) => (sequence + k, MarketRecordWriter.Seal(MarketRecordWriter.Settlement(sequence + k, now, s), gatewaySigner))).ToList();
        }, now);
        if (restsOn is null)
        {
            return;
        }

        _view.LoadNew(ledger.Path);
        Appended[MarketRecordWriter.SettlementKind] = Appended.GetValueOrDefault(MarketRecordWriter.SettlementKind) + restsOn.Count;
        _settled.RemoveAll(entry => entry.Slot == slot);
        // The pass's own last idx, not the view's: a reading appended just after the pass is newer than it, and may call for a correction.
        _settled.Add(new SettledSlot(slot, passIndex, restsOn));
    }

    /// <summary>
    /// Looks again at recent slots whose awarded devices have readings that came in after the
    /// slot's last pass with a device time up to the reading the slot's end rests on (a gap fill,
    /// or a device back from an outage): recomputed from the ledger as it is now, a slot where
    /// any settlement changed is re-settled whole, every device's record correcting its last, since
    /// one member's delivery moves the netting of all the others.
    /// </summary>
    private void Correct(long now)
    {
        _settled.RemoveAll(entry => entry.Slot + CorrectionWindowMilliseconds < now);
        long checkedUpTo = _checkedIndex;
        _checkedIndex = _view.LastIndex;
        foreach (SettledSlot entry in _settled.ToList())
        {
            long newerThan = Math.Max(checkedUpTo, entry.SettledIndex);
            bool relevant = false;
            foreach ((string device, long endRestsOn) in entry.EndRestsOn)
            {
                // Only readings newer than both the pass and the last check, at or before the reading the end boundary rested on, can change it.
                IReadOnlyList<ReadingPoint> readings = _view.ReadingsOf(device);
                for (int r = readings.Count - 1; r >= 0 && readings[r].Index > newerThan && !relevant; r--)
                {
                    relevant = readings[r].DeviceTimeMilliseconds <= endRestsOn;
                }
            }

            if (relevant && Changed(entry.Slot))
            {
                SettlePass(entry.Slot, now);
            }
        }
    }

    /// <summary>True when the slot's settlements computed now differ from the newest records in anything but seq, ts and corrects.</summary>
    private bool Changed(long slot)
    {
        IReadOnlyList<MarketSettlement>? current = MarketEngine.SlotFigures(_view, slot);
        if (current is null)
        {
            return false;
        }

        foreach (MarketSettlement settlement in current)
        {
            MarketRecord? previous = _view.SettlementFor(slot, settlement.Device);
            if (previous is null)
            {
                return true;
            }

            byte[] same = MarketRecordWriter.Settlement(previous.Sequence, previous.Timestamp, settlement with { Corrects = MarketLedgerView.Integer(previous.Root, "corrects") });
            if (!same.AsSpan().SequenceEqual(previous.Payload))
            {
                return true;
            }
        }

        return false;
    }

    private long EndRestsOn(long slot, string device) =>
        SettlementCalculator.Bracket(slot + config.SlotMilliseconds, _view.ReadingsOf(device)).After;

    private long NextSequence() => _view.LastMarketSequence + 1;

    /// <summary>
    /// Seals and appends one record whose payload is computed, for the next _market seq, from the
    /// ledger as it stands, under the ledger's writer lock
    /// (<see cref="LedgerDatabase.AppendGatewayRecords(string, Func{IReadOnlyList{ValueTuple{long, byte[]}}}, long)"/>),
    /// so that the replay, which sees the entries below the record's idx, sees what it was
    /// computed from. A null payload appends nothing. Returns the sealed record, or null.
    /// </summary>
    private byte[]? AppendBuilt(string kind, long now, Func<long, byte[]?> payloadFromView)
    {
        byte[]? raw = null;
        ledger.AppendGatewayRecords(MarketRecordWriter.MarketDevice, () =>
        {
            _view.LoadNew(ledger.Path);
            long sequence = NextSequence();
            byte[]? payload = payloadFromView(sequence);
            if (payload is null)
            {
                return [];
            }

            raw = MarketRecordWriter.Seal(payload, gatewaySigner);
            return [(sequence, raw)];
        }, now);
        if (raw is null)
        {
            return null;
        }

        _view.LoadNew(ledger.Path);
        Appended[kind] = Appended.GetValueOrDefault(kind) + 1;
        return raw;
    }
}
