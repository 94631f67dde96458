using EdgeController.Hal;

namespace EdgeController.Ledger.Market;

/// <summary>
/// The market's part of `ec-gateway run`: call <see cref="TickAsync"/> every few seconds with the
/// gateway's time. Each tick it reads the new ledger entries, appends a params record when the
/// site's settings give other params than the newest one, clears every slot whose gate has
/// closed (from the first slot that closes after the runner started), publishes the result
/// retained and each award on the device's cmd/award topic, settles each awarded device once the
/// slot has ended and <see cref="SettleDelayMilliseconds"/> passed, and appends a correction when
/// readings that came in later (gap fills) change a settlement. Single-threaded: one caller.
/// </summary>
public sealed class MarketRunner(LedgerDatabase ledger, MarketSiteConfig config, IMessageSigner gatewaySigner, IAwardSigner awardSigner, IMarketPublisher publisher, string site)
{
    /// <summary>How long after a slot ends its settlement waits for the last readings (two reading periods and some).</summary>
    public const long SettleDelayMilliseconds = 120_000;

    /// <summary>How long after a slot's settlement late readings still lead to a correction.</summary>
    public const long CorrectionWindowMilliseconds = 86_400_000;

    private readonly MarketLedgerView _view = new();
    private readonly List<(long Slot, string Device, long SettledIndex, long EndRestsOn)> _settled = [];
    private long _checkedIndex;
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
            Append(MarketRecordWriter.Params(NextSequence(), now, wanted), MarketRecordWriter.ParamsKind, now);
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

        foreach (long slot in _view.ClearedSlots.Where(s => s + slotMs + SettleDelayMilliseconds <= now).ToList())
        {
            foreach (string device in MarketEngine.AwardedDevices(_view.ResultFor(slot)!))
            {
                if (_view.SettlementFor(slot, device) is null)
                {
                    long restsOn = EndRestsOn(slot, device);
                    Settle(slot, device, now);
                    _settled.Add((slot, device, _view.LastIndex, restsOn));
                }
            }
        }

        Correct(now);
    }

    private async Task ClearAsync(long slot, long now, CancellationToken cancellationToken)
    {
        if (_view.ResultFor(slot) is not null)
        {
            return;
        }

        (byte[] payload, ClearingOutcome outcome) = MarketEngine.Result(_view, slot, NextSequence(), now);
        byte[] raw = Append(payload, MarketRecordWriter.ResultKind, now);
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

    private void Settle(long slot, string device, long now)
    {
        MarketSettlement? settlement = MarketEngine.Settlement(_view, slot, device);
        if (settlement is not null)
        {
            Append(MarketRecordWriter.Settlement(NextSequence(), now, settlement), MarketRecordWriter.SettlementKind, now);
        }
    }

    /// <summary>
    /// Looks again at recent settlements whose device has readings that came in after them with
    /// a device time up to the reading the slot's end rests on (a gap fill, or a device back
    /// from an outage): recomputed from the ledger as it is now, a changed one gets a correction.
    /// </summary>
    private void Correct(long now)
    {
        _settled.RemoveAll(entry => entry.Slot + CorrectionWindowMilliseconds < now);
        long checkedUpTo = _checkedIndex;
        _checkedIndex = _view.LastIndex;
        for (int k = 0; k < _settled.Count; k++)
        {
            (long slot, string device, long settledIndex, long endRestsOn) = _settled[k];
            IReadOnlyList<ReadingPoint> readings = _view.ReadingsOf(device);
            if (readings.Count == 0 || readings[^1].Index <= Math.Max(checkedUpTo, settledIndex))
            {
                continue;
            }

            // Only readings newer than both the settlement and the last check, at or before the reading the end boundary rested on, can change it.
            bool relevant = false;
            for (int r = readings.Count - 1; r >= 0 && readings[r].Index > Math.Max(checkedUpTo, settledIndex); r--)
            {
                relevant |= readings[r].DeviceTimeMilliseconds <= endRestsOn;
            }

            MarketRecord previous = _view.SettlementFor(slot, device)!;
            MarketSettlement? current = relevant ? MarketEngine.Settlement(_view, slot, device) : null;
            MarketSettlement? before = relevant ? SettlementOf(previous) : null;
            if (current is not null && before is not null && !current.SameFigures(before))
            {
                long restsOn = EndRestsOn(slot, device);
                Append(MarketRecordWriter.Settlement(NextSequence(), now, current), MarketRecordWriter.SettlementKind, now);
                _settled[k] = (slot, device, _view.LastIndex, restsOn);
            }
        }
    }

    private static MarketSettlement? SettlementOf(MarketRecord record)
    {
        System.Text.Json.JsonElement root = record.Root;
        List<(long, string)> readings = root.GetProperty("readings").EnumerateArray()
            .Select(r => (r.GetProperty("idx").GetInt64(), r.GetProperty("hash").GetString() ?? "")).ToList();
        return new MarketSettlement(root.GetProperty("slot").GetInt64(), root.GetProperty("device").GetString() ?? "", null,
            root.GetProperty("import_mwh").GetInt64(), root.GetProperty("export_mwh").GetInt64(), root.GetProperty("traded_wh").GetInt64(),
            root.GetProperty("deviation_mwh").GetInt64(), root.GetProperty("market_nc").GetInt64(), root.GetProperty("deviation_nc").GetInt64(),
            root.GetProperty("import_price").GetInt64(), root.GetProperty("feedin_price").GetInt64(), root.GetProperty("price").GetInt64(), readings);
    }

    private long EndRestsOn(long slot, string device) =>
        SettlementCalculator.Bracket(slot + config.SlotMilliseconds, _view.ReadingsOf(device)).After;

    private long NextSequence() => _view.LastMarketSequence + 1;

    private byte[] Append(byte[] payload, string kind, long now)
    {
        byte[] raw = MarketRecordWriter.Seal(payload, gatewaySigner);
        long sequence;
        using (System.Text.Json.JsonDocument document = System.Text.Json.JsonDocument.Parse(payload))
        {
            sequence = MarketLedgerView.Integer(document.RootElement, "seq") ?? 0;
        }

        ledger.AppendGatewayRecord(MarketRecordWriter.MarketDevice, sequence, raw, now);
        _view.LoadNew(ledger.Path);
        Appended[kind] = Appended.GetValueOrDefault(kind) + 1;
        return raw;
    }
}
