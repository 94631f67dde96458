namespace EdgeController.Ledger.Market;

/// <summary>
/// Settles a slot's awarded devices from their signed grid registers. The register value at a
/// boundary T is read by the rule "linear-ts": the last reading at or before T (device time "ts",
/// synced readings only) and the first after it, interpolated linearly and floored; a reading
/// exactly at T is taken as it is; with a reading on one side only, that reading's value is held;
/// with none, 0 energy. A register that went backwards between the two (a device that lost its
/// state) holds the earlier value. Deviation = delivered net export − traded. Under
/// <see cref="SettlementRule.Netted"/> the members' opposite deviations first meet at the
/// clearing price (<see cref="DeviationNetting"/>); what is left (all of it under
/// <see cref="SettlementRule.Grid"/>) is paid at the feed-in price for an excess and costs the
/// import price for a shortfall, floor(mWh × price / 1000) toward −∞.
/// </summary>
public static class SettlementCalculator
{
    /// <summary>The name of the interpolation rule, written into every settlement.</summary>
    public const string InterpolationRule = "linear-ts";

    /// <summary>
    /// Settles every device of devices (the slot's awarded ones, in ordinal order, each with its
    /// readings, all with a lower idx than the records to come) over [slot, slot + slotMs).
    /// Returns one settlement per device, in the same order.
    /// </summary>
    public static IReadOnlyList<MarketSettlement> SettleSlot(long slot, long slotMilliseconds, ClearingOutcome outcome, SlotPrices prices, SettlementRule rule,
        IReadOnlyList<(string Device, IReadOnlyList<ReadingPoint> Readings)> devices)
    {
        List<MarketSettlement> own = devices.Select(d => Own(slot, slotMilliseconds, d.Device, outcome, prices, d.Readings)).ToList();
        if (rule == SettlementRule.Grid)
        {
            return own;
        }

        DeviationNetting.Outcome netting = DeviationNetting.Net(own.Select(s => s.DeviationMilliwattHours).ToList(), outcome.PriceMicrocurrencyPerKilowattHour);
        List<MarketSettlement> settled = new(own.Count);
        for (int i = 0; i < own.Count; i++)
        {
            long rest = own[i].DeviationMilliwattHours - netting.NettedMilliwattHours[i];
            settled.Add(own[i] with
            {
                Rule = SettlementRule.Netted,
                NettedMilliwattHours = netting.NettedMilliwattHours[i],
                NettedNanocurrency = netting.NettedNanocurrency[i],
                DeviationNanocurrency = netting.NettedNanocurrency[i] + AtGridPrice(rest, prices),
                SlotExcessMilliwattHours = netting.ExcessMilliwattHours,
                SlotShortfallMilliwattHours = netting.ShortfallMilliwattHours,
            });
        }

        return settled;
    }

    /// <summary>What a device's flows over the slot earn (positive) or cost at the grid's prices, trading nothing: the "alone" figure.</summary>
    public static long AloneNanocurrency(long slot, long slotMilliseconds, SlotPrices prices, IReadOnlyList<ReadingPoint> readings) =>
        Own(slot, slotMilliseconds, "", new ClearingOutcome(0, 0, []), prices, readings).DeviationNanocurrency;

    /// <summary>A deviation's money at the grid's price: feed-in for an excess (≥ 0), import for a shortfall.</summary>
    public static long AtGridPrice(long deviationMilliwattHours, SlotPrices prices)
    {
        long price = deviationMilliwattHours >= 0 ? prices.FeedInMicrocurrencyPerKilowattHour : prices.ImportMicrocurrencyPerKilowattHour;
        return MarketClearing.FloorDivide(checked(deviationMilliwattHours * price), 1000);
    }

    /// <summary>The device times a boundary's value rests on: a later reading inside (before, after) changes it.</summary>
    public static (long Before, long After) Bracket(long boundary, IReadOnlyList<ReadingPoint> readings)
    {
        (ReadingPoint? before, ReadingPoint? after) = Find(boundary, readings);
        return (before?.DeviceTimeMilliseconds ?? long.MinValue, after?.DeviceTimeMilliseconds ?? long.MaxValue);
    }

    /// <summary>One device's registers, awards and deviation, its whole deviation at the grid's price.</summary>
    private static MarketSettlement Own(long slot, long slotMilliseconds, string device, ClearingOutcome outcome, SlotPrices prices, IReadOnlyList<ReadingPoint> readings)
    {
        SortedDictionary<long, string> cited = new();
        (long importStart, long exportStart) = RegistersAt(slot, readings, cited);
        (long importEnd, long exportEnd) = RegistersAt(slot + slotMilliseconds, readings, cited);
        long importMwh = Math.Max(0, importEnd - importStart);
        long exportMwh = Math.Max(0, exportEnd - exportStart);
        long soldWh = outcome.Awards.Where(a => a.Device == device && a.Side == MarketSide.Sell).Sum(a => a.WattHours);
        long boughtWh = outcome.Awards.Where(a => a.Device == device && a.Side == MarketSide.Buy).Sum(a => a.WattHours);
        long marketNano = outcome.Awards.Where(a => a.Device == device).Sum(a => a.Side == MarketSide.Sell ? a.AmountNanocurrency : -a.AmountNanocurrency);
        long tradedWh = soldWh - boughtWh;
        long deviationMwh = exportMwh - importMwh - (tradedWh * 1000);
        return new MarketSettlement(slot, device, null, importMwh, exportMwh, tradedWh, deviationMwh, marketNano, AtGridPrice(deviationMwh, prices),
            prices.ImportMicrocurrencyPerKilowattHour, prices.FeedInMicrocurrencyPerKilowattHour, outcome.PriceMicrocurrencyPerKilowattHour,
            cited.Select(entry => (entry.Key, entry.Value)).ToList());
    }

    private static (long Import, long Export) RegistersAt(long boundary, IReadOnlyList<ReadingPoint> readings, SortedDictionary<long, string> cited)
    {
        (ReadingPoint? before, ReadingPoint? after) = Find(boundary, readings);
        if (before is not null)
        {
            cited[before.Index] = before.HashHex;
        }

        if (after is not null)
        {
            cited[after.Index] = after.HashHex;
        }

        if (before is null && after is null)
        {
            return (0, 0);
        }

        if (before is null || after is null || before.DeviceTimeMilliseconds == boundary)
        {
            ReadingPoint only = before ?? after!;
            return (only.ImportMilliwattHours, only.ExportMilliwattHours);
        }

        long span = after.DeviceTimeMilliseconds - before.DeviceTimeMilliseconds;
        long into = boundary - before.DeviceTimeMilliseconds;
        return (Interpolate(before.ImportMilliwattHours, after.ImportMilliwattHours, into, span),
            Interpolate(before.ExportMilliwattHours, after.ExportMilliwattHours, into, span));
    }

    private static long Interpolate(long from, long to, long into, long span) =>
        to <= from ? from : from + (long)((Int128)(to - from) * into / span);

    /// <summary>The last reading at or before boundary (ties: the higher idx) and, unless that one is at boundary, the first after it (ties: the lower idx).</summary>
    private static (ReadingPoint? Before, ReadingPoint? After) Find(long boundary, IReadOnlyList<ReadingPoint> readings)
    {
        ReadingPoint? before = null;
        ReadingPoint? after = null;
        foreach (ReadingPoint reading in readings)
        {
            long ts = reading.DeviceTimeMilliseconds;
            if (ts <= boundary && (before is null || ts > before.DeviceTimeMilliseconds || (ts == before.DeviceTimeMilliseconds && reading.Index > before.Index)))
            {
                before = reading;
            }

            if (ts > boundary && (after is null || ts < after.DeviceTimeMilliseconds || (ts == after.DeviceTimeMilliseconds && reading.Index < after.Index)))
            {
                after = reading;
            }
        }

        return before is not null && before.DeviceTimeMilliseconds == boundary ? (before, null) : (before, after);
    }
}
