using EdgeController.Core.FixedPoint;
using FsCheck.Xunit;

namespace EdgeController.Core.Tests.FixedPoint;

public sealed class Q16Tests
{
    [Fact]
    public void FromRatio_OfADivider_IsTheNearestQ16()
    {
        // 57 / 10 = 5.7 -> 373555.2 -> 373555
        Assert.Equal(373555, Q16.FromRatio(57, 10));
    }

    [Theory]
    [InlineData(1000, 98304, 1500)]
    [InlineData(-1000, 98304, -1500)]
    [InlineData(3, 32768, 2)]
    [InlineData(-3, 32768, -2)]
    public void Scale_RoundsToNearestTiesAwayFromZero(int value, int gain, int expected) => Assert.Equal(expected, Q16.Scale(value, gain));

    [Fact]
    public void Scale_SaturatesInsteadOfWrapping() => Assert.Equal(int.MaxValue, Q16.Scale(int.MaxValue, Q16.FromInteger(2)));

    [Fact]
    public void MultiplyAndDivide_AreInverseForSimpleValues()
    {
        int threeHalves = Q16.FromRatio(3, 2);
        Assert.Equal(Q16.FromRatio(9, 4), Q16.Multiply(threeHalves, threeHalves));
        Assert.Equal(threeHalves, Q16.Divide(Q16.FromRatio(9, 4), threeHalves));
        Assert.Equal(int.MaxValue, Q16.Divide(Q16.One, 0));
    }

    [Property]
    public bool ScaleLong_IsWithinHalfAnLsbOfTheExactProduct(int value, int gain)
    {
        decimal exact = (decimal)value * gain / Q16.One;
        long scaled = Q16.Scale((long)value, gain);
        return Math.Abs(scaled - exact) <= 0.5m;
    }

    [Fact]
    public void ToIntegerRounded_RoundsHalfAwayFromZero()
    {
        Assert.Equal(2, Q16.ToIntegerRounded(Q16.FromRatio(3, 2)));
        Assert.Equal(-2, Q16.ToIntegerRounded(Q16.FromRatio(-3, 2)));
        Assert.Equal(1, Q16.ToIntegerRounded(Q16.FromRatio(5, 4)));
    }
}
