namespace EdgeController.Ledger.Market;

/// <summary>
/// The "netted" rule's slot step: the awarded members' excesses (deviation &gt; 0, delivered more
/// than traded) and shortfalls (&lt; 0) of one slot meet each other. With E the sum of the excesses
/// and S that of the shortfalls (mWh), M = min(E, S) is netted: each side's M is split over its
/// members in proportion to their deviation (<see cref="ProRata"/>), so the short side is met in
/// full and the long side keeps E − S or S − E for the grid. The netted money is
/// N = floor(M × price / 1000) nc at the slot's clearing price; each side's N is split over its
/// members in proportion to their netted mWh: the excess side receives it, the shortfall side
/// pays it, so the members' netted money sums to exactly 0.
/// </summary>
public static class DeviationNetting
{
    /// <summary>What netting gives each member (same order as the deviations), and the slot's two sums.</summary>
    public sealed record Outcome(long[] NettedMilliwattHours, long[] NettedNanocurrency, long ExcessMilliwattHours, long ShortfallMilliwattHours);

    /// <summary>Nets the deviations (mWh, signed, in device order) at the clearing price (µ/kWh).</summary>
    public static Outcome Net(IReadOnlyList<long> deviationMilliwattHours, long clearingPrice)
    {
        int count = deviationMilliwattHours.Count;
        long[] excess = deviationMilliwattHours.Select(d => Math.Max(0, d)).ToArray();
        long[] shortfall = deviationMilliwattHours.Select(d => Math.Max(0, -d)).ToArray();
        long excessSum = checked(excess.Sum());
        long shortfallSum = checked(shortfall.Sum());
        long met = Math.Min(excessSum, shortfallSum);
        long[] nettedExcess = ProRata.Split(met, excess);
        long[] nettedShortfall = ProRata.Split(met, shortfall);
        long money = MarketClearing.FloorDivide(checked(met * clearingPrice), 1000);
        long[] received = ProRata.Split(money, nettedExcess);
        long[] paid = ProRata.Split(money, nettedShortfall);
        long[] nettedMwh = new long[count];
        long[] nettedNano = new long[count];
        for (int i = 0; i < count; i++)
        {
            // A member is on one side only, so one of each pair is 0.
            nettedMwh[i] = nettedExcess[i] - nettedShortfall[i];
            nettedNano[i] = received[i] - paid[i];
        }

        return new Outcome(nettedMwh, nettedNano, excessSum, shortfallSum);
    }
}
