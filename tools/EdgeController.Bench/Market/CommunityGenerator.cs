namespace EdgeController.Bench.Market;

/// <summary>
/// The bench community, the same for every run with a seed: member i (0-based) has
/// <list type="bullet">
/// <item>PV by i mod 4: none, 2.5 kWp, 4 kWp, 6 kWp (a quarter of the members have none);</item>
/// <item>a battery by i mod 3: none, 5 kWh, 10 kWh (a third have none);</item>
/// <item>a load base of 350 + 50 × (i mod 7) W (350 to 650 W, about 12 to 22 kWh a day with its peaks);</item>
/// <item>its own weather and appliance noise: SiteDayProfile seeded with seed + 7919 × i.</item>
/// </list>
/// Because 4, 3 and 7 are coprime, the 20 members cover every PV/battery pairing.
/// </summary>
public static class CommunityGenerator
{
    private static readonly double[] s_pvPeakWatts = [0, 2500, 4000, 6000];
    private static readonly double[] s_batteryWattHours = [0, 5000, 10_000];

    /// <summary>The community of count members.</summary>
    public static IReadOnlyList<Prosumer> Generate(int count, int seed) =>
        Enumerable.Range(0, count).Select(i => new Prosumer($"p{i:D2}", s_pvPeakWatts[i % 4], s_batteryWattHours[i % 3], 350 + (50 * (i % 7)), seed + (7919 * i))).ToList();
}
