using EdgeController.Core.Dispatch;

namespace EdgeController.Bench.Dispatch;

/// <summary>
/// Random feasible dispatch problems from a seed: 2 to 6 sources with limits of up to ±50 kW,
/// preferences that may lie outside the limits, weights log-uniform over the whole allowed range
/// (1 to 1e6) so that stiff and soft sources meet, prices from -0.1 to 0.6 currency per kWh,
/// and a demand uniform between the sum of the minima and the sum of the maxima.
/// </summary>
public sealed class RandomDispatchProblems
{
    private const int MaxLimitMilliwatts = 50_000_000;
    private const int PreferenceOvershootMilliwatts = 10_000_000;
    private const int MinPriceMicrocurrencyPerKilowattHour = -100_000;
    private const int MaxPriceMicrocurrencyPerKilowattHour = 600_000;
    private readonly Random _random;

    /// <summary>Creates the sequence for a seed.</summary>
    public RandomDispatchProblems(int seed)
    {
        _random = new Random(seed);
    }

    /// <summary>Overwrites the problem with the next random feasible one.</summary>
    public void Next(DispatchProblem problem)
    {
        problem.Clear();
        int count = _random.Next(2, 7);
        long minimumSum = 0;
        long maximumSum = 0;
        for (int i = 0; i < count; i++)
        {
            int a = _random.Next(-MaxLimitMilliwatts, MaxLimitMilliwatts + 1);
            int b = _random.Next(-MaxLimitMilliwatts, MaxLimitMilliwatts + 1);
            // Some sources are fixed (min = max), as a PV array at night is.
            if (_random.Next(10) == 0)
            {
                b = a;
            }

            int minimum = Math.Min(a, b);
            int maximum = Math.Max(a, b);
            int preferred = _random.Next(minimum - PreferenceOvershootMilliwatts, maximum + PreferenceOvershootMilliwatts + 1);
            int weight = (int)Math.Round(Math.Pow(10, _random.NextDouble() * 6));
            int price = _random.Next(MinPriceMicrocurrencyPerKilowattHour, MaxPriceMicrocurrencyPerKilowattHour + 1);
            problem.AddSource(minimum, maximum, preferred, Math.Clamp(weight, DispatchProblem.MinimumWeight, DispatchProblem.MaximumWeight), price);
            minimumSum += minimum;
            maximumSum += maximum;
        }

        problem.DemandMilliwatts = (int)(minimumSum + (long)(_random.NextDouble() * (maximumSum - minimumSum)));
    }
}
