namespace EdgeController.Ledger.Market;

/// <summary>
/// Splits an integer total over weights so that the shares add up to it exactly (largest
/// remainder): share i = floor(total × w_i / W) with W = Σ w, toward −∞; the R = total − Σ shares
/// units left (0 ≤ R &lt; count) go one each to the largest remainders total × w_i − share_i × W,
/// equal remainders in the order given (the caller gives devices in ordinal order). A zero weight
/// never gets a unit. 128-bit products, so any long total and weights fit.
/// </summary>
public static class ProRata
{
    /// <summary>The shares of total in proportion to weights (each ≥ 0); all 0 when the weights are.</summary>
    public static long[] Split(long total, IReadOnlyList<long> weights)
    {
        long[] shares = new long[weights.Count];
        Int128 sum = 0;
        foreach (long weight in weights)
        {
            if (weight < 0)
            {
                throw new ArgumentOutOfRangeException(nameof(weights), "weights are never negative");
            }

            sum += weight;
        }

        if (sum == 0)
        {
            return shares;
        }

        Int128[] remainders = new Int128[weights.Count];
        Int128 given = 0;
        for (int i = 0; i < weights.Count; i++)
        {
            Int128 product = (Int128)total * weights[i];
            Int128 share = MarketClearing.FloorDivide(product, sum);
            shares[i] = (long)share;
            remainders[i] = product - (share * sum);
            given += share;
        }

        int left = (int)((Int128)total - given);
        // Stable: equal remainders keep the caller's order.
        int[] order = Enumerable.Range(0, weights.Count).OrderByDescending(i => remainders[i]).ToArray();
        for (int k = 0; k < left; k++)
        {
            shares[order[k]]++;
        }

        return shares;
    }
}
