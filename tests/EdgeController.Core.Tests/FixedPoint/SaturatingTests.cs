using EdgeController.Core.FixedPoint;
using FsCheck.Xunit;

namespace EdgeController.Core.Tests.FixedPoint;

public sealed class SaturatingTests
{
    [Theory]
    [InlineData(int.MaxValue, 1, int.MaxValue)]
    [InlineData(int.MinValue, -1, int.MinValue)]
    [InlineData(5, -7, -2)]
    public void AddInt_ClampsAtTheRange(int a, int b, int expected) => Assert.Equal(expected, Saturating.Add(a, b));

    [Theory]
    [InlineData(long.MaxValue, 1L, long.MaxValue)]
    [InlineData(long.MinValue, -1L, long.MinValue)]
    [InlineData(long.MaxValue, long.MinValue, -1L)]
    public void AddLong_ClampsAtTheRange(long a, long b, long expected) => Assert.Equal(expected, Saturating.Add(a, b));

    [Theory]
    [InlineData(long.MaxValue, 2L, long.MaxValue)]
    [InlineData(long.MinValue, 2L, long.MinValue)]
    [InlineData(long.MinValue, -1L, long.MaxValue)]
    [InlineData(-3037000500L, 3037000500L, long.MinValue)]
    [InlineData(3037000499L, 3037000499L, 9223372030926249001L)]
    public void MultiplyLong_ClampsInsteadOfWrapping(long a, long b, long expected) => Assert.Equal(expected, Saturating.Multiply(a, b));

    [Property]
    public bool MultiplyLong_EqualsTheExactProductClamped(long a, long b)
    {
        System.Numerics.BigInteger exact = (System.Numerics.BigInteger)a * b;
        System.Numerics.BigInteger clamped = System.Numerics.BigInteger.Clamp(exact, long.MinValue, long.MaxValue);
        return Saturating.Multiply(a, b) == (long)clamped;
    }

    [Property]
    public bool MultiplyInt_EqualsTheExactProductClamped(int a, int b) =>
        Saturating.Multiply(a, b) == (int)Math.Clamp((long)a * b, int.MinValue, int.MaxValue);

    [Theory]
    [InlineData(7L, 0L, int.MaxValue)]
    [InlineData(-7L, 0L, int.MinValue)]
    [InlineData(0L, 0L, 0)]
    [InlineData(-7L, 2L, -3)]
    [InlineData(long.MinValue, -1L, int.MaxValue)]
    public void Divide_TruncatesTowardZeroAndSaturates(long numerator, long denominator, int expected) =>
        Assert.Equal(expected, Saturating.Divide(numerator, denominator));

    [Theory]
    [InlineData(5L, 2L, 3)]
    [InlineData(-5L, 2L, -3)]
    [InlineData(5L, -2L, -3)]
    [InlineData(7L, 3L, 2)]
    [InlineData(-8L, 3L, -3)]
    public void DivideRounded_RoundsHalfAwayFromZero(long numerator, long denominator, int expected) =>
        Assert.Equal(expected, Saturating.DivideRounded(numerator, denominator));

    [Property]
    public bool DivideRounded_MatchesMathRoundAwayFromZero(int numerator, int denominator)
    {
        if (denominator == 0)
        {
            return true;
        }

        decimal exact = (decimal)numerator / denominator;
        return Saturating.DivideRounded(numerator, denominator) == (int)Math.Clamp(Math.Round(exact, MidpointRounding.AwayFromZero), int.MinValue, int.MaxValue);
    }
}
