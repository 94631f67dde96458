using EdgeController.Core.FixedPoint;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace EdgeController.Core.Tests.FixedPoint;

/// <summary>Logarithm against Math.Log2 and Math.Log in double: the reference is the test's, never Core's.</summary>
public sealed class LogarithmTests
{
    /// <summary>
    /// How far below the true log2 the result may be, in Q16 units: 1 for the truncation, plus
    /// 2^-11 for the truncated squarings (relative error ε_k ≤ 2ε_(k-1) + 2^-29 over 16 steps is
    /// under 2^-12.4 in the last mantissa, i.e. 2^-12.4 / ln 2 &lt; 2^-11 units of log2).
    /// </summary>
    private const double Log2BelowUnits = 1.0 + (1.0 / 2048);

    // Room for the double reference itself, in Q16 units: (double)value rounds above 2^53, and
    // log2 × 65536 near 4e6 carries about 1e-9 of rounding.
    private const double ReferenceSlackUnits = 1e-6;

    /// <summary>Positive longs spread evenly over their bit lengths, so 2^62 is as likely as 3.</summary>
    public static class PositiveLongs
    {
        public static Arbitrary<long> Values() =>
            (from bits in Gen.Choose(0, 62)
             from high in Gen.Choose(0, int.MaxValue)
             from low in Gen.Choose(0, int.MaxValue)
             select (1L << bits) + ((((long)high << 31) | (uint)low) & ((1L << bits) - 1))).ToArbitrary();
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(10)]
    [InlineData(31)]
    [InlineData(32)]
    [InlineData(61)]
    [InlineData(62)]
    public void Log2Q16_OfAPowerOfTwo_IsExact(int exponent)
    {
        Assert.Equal(exponent * Q16.One, Logarithm.Log2Q16(1L << exponent));
    }

    [Theory]
    [InlineData(3L)]
    [InlineData(10L)]
    [InlineData(14_917L)] // the first value whose log2 lies a hair above a Q16 step: the squarings lose that step
    [InlineData(1_000_000L)]
    [InlineData((1L << 30) - 1)]
    [InlineData((1L << 30) + 1)]
    [InlineData((1L << 62) - 1)]
    [InlineData((1L << 62) + 12345)]
    [InlineData(long.MaxValue)]
    public void Log2Q16_IsTheTrueValueTruncated(long value)
    {
        AssertTruncatedLog2(value);
    }

    [Property(Arbitrary = [typeof(PositiveLongs)], MaxTest = 5000)]
    public void Log2Q16_OfAnyPositiveLong_IsTheTrueValueTruncated(long value)
    {
        AssertTruncatedLog2(value);
    }

    [Fact]
    public void Log2Q16_IsMonotonic_OverEveryValueUpToAMillion()
    {
        // The NTC's ratio moves by one count at a time: a step back would read as a temperature jump.
        int previous = Logarithm.Log2Q16(1);
        for (long value = 2; value <= 1_000_000; value++)
        {
            int next = Logarithm.Log2Q16(value);
            Assert.True(next >= previous, $"log2({value}) = {next} is below log2({value - 1}) = {previous}");
            previous = next;
        }
    }

    [Theory]
    [InlineData(0L)]
    [InlineData(-1L)]
    [InlineData(long.MinValue)]
    public void Log2Q16_OfZeroOrANegative_Throws(long value)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Logarithm.Log2Q16(value));
    }

    [Fact]
    public void NaturalLogOfTwo_IsLn2RoundedToQ16()
    {
        int ln2Q16 = (int)Math.Round(Math.Log(2) * Q16.One);
        int constant = Logarithm.NaturalLogOfTwoQ16;

        Assert.Equal(ln2Q16, constant);
    }

    [Theory]
    [InlineData(1L, 1L)]
    [InlineData(2L, 1L)]
    [InlineData(1L, 2L)]
    [InlineData(105_000L, 10_000L)] // a 10k NTC at -20 °C
    [InlineData(2_486L, 10_000L)] // at 60 °C
    [InlineData(40_950_000L, 10_000L)]
    [InlineData(10_000L, 40_950_000L)]
    [InlineData(1L << 62, 3L)]
    public void NaturalLogOfRatioQ16_IsWithinItsErrorBudgetOfLn(long numerator, long denominator)
    {
        AssertNaturalLogOfRatio(numerator, denominator);
    }

    [Property(Arbitrary = [typeof(PositiveLongs)], MaxTest = 2000)]
    public void NaturalLogOfRatioQ16_OfAnyTwoPositiveLongs_IsWithinItsErrorBudget(long numerator, long denominator)
    {
        AssertNaturalLogOfRatio(numerator, denominator);
    }

    [Fact]
    public void NaturalLogOfRatioQ16_OfEqualTerms_IsZero()
    {
        Assert.Equal(0, Logarithm.NaturalLogOfRatioQ16(10_000, 10_000));
    }

    [Theory]
    [InlineData(0L, 1L)]
    [InlineData(1L, 0L)]
    [InlineData(-5L, 3L)]
    public void NaturalLogOfRatioQ16_WithANonPositiveTerm_Throws(long numerator, long denominator)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Logarithm.NaturalLogOfRatioQ16(numerator, denominator));
    }

    private static void AssertTruncatedLog2(long value)
    {
        double errorUnits = Logarithm.Log2Q16(value) - (Math.Log2(value) * Q16.One);

        Assert.InRange(errorUnits, -Log2BelowUnits - ReferenceSlackUnits, ReferenceSlackUnits);
    }

    /// <summary>
    /// The budget, in Q16 units: the final rounding (1/2), the two truncated log2 (their
    /// difference within ±Log2BelowUnits, times ln 2) and ln 2 rounded to 45426 (0.09 units
    /// for each 1.0 of log2 of the ratio).
    /// </summary>
    private static void AssertNaturalLogOfRatio(long numerator, long denominator)
    {
        double log2Ratio = Math.Log2(numerator) - Math.Log2(denominator);
        double budgetUnits = 0.5
            + (Math.Log(2) * Log2BelowUnits)
            + (Math.Abs(log2Ratio) * Math.Abs((Math.Log(2) * Q16.One) - Logarithm.NaturalLogOfTwoQ16));

        double errorUnits = Logarithm.NaturalLogOfRatioQ16(numerator, denominator) - (log2Ratio * Math.Log(2) * Q16.One);

        Assert.InRange(errorUnits, -budgetUnits - ReferenceSlackUnits, budgetUnits + ReferenceSlackUnits);
    }
}
