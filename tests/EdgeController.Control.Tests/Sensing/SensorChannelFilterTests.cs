using EdgeController.Core.FixedPoint;
using EdgeController.Core.Sensing;
using EdgeController.Hal;

namespace EdgeController.Control.Tests.Sensing;

public sealed class SensorChannelFilterTests
{
    // A pack voltage channel: 0..70 V, at most 2 V change per sample, frozen after 20 equal samples, smoothing 1/4.
    private readonly SensorChannelFilter _filter = new(0, 70_000, 2_000, 20, Q16.FromRatio(1, 4));

    [Fact]
    public void Sample_BeforeAnyValidSample_IsNotReady()
    {
        Assert.Equal(SensorHealth.NotReady, _filter.Health);
        Assert.False(_filter.IsValid);
    }

    [Fact]
    public void Sample_FailedRead_MarksTheChannelAndKeepsTheLastValue()
    {
        _filter.Sample(SensorStatus.Ok, 52_000);

        _filter.Sample(SensorStatus.NoAcknowledge, 0);

        Assert.Equal(SensorHealth.ReadFailed, _filter.Health);
        Assert.Equal(52_000, _filter.Value);
    }

    [Fact]
    public void Sample_OutsideThePhysicalRange_IsOutOfRange()
    {
        _filter.Sample(SensorStatus.Ok, 90_000);

        Assert.Equal(SensorHealth.OutOfRange, _filter.Health);
    }

    [Fact]
    public void Sample_LoneSpike_IsHeldBackAndTheChannelStaysOk()
    {
        _filter.Sample(SensorStatus.Ok, 52_000);

        _filter.Sample(SensorStatus.Ok, 60_000);

        Assert.Equal(SensorHealth.Ok, _filter.Health);
        Assert.Equal(52_000, _filter.Value);
        Assert.Equal(1, _filter.SpikesRejected);
    }

    [Fact]
    public void Sample_StepThatPersists_IsAcceptedOnItsThirdSample()
    {
        _filter.Sample(SensorStatus.Ok, 52_000);

        _filter.Sample(SensorStatus.Ok, 45_000);
        _filter.Sample(SensorStatus.Ok, 45_010);
        Assert.Equal(52_000, _filter.Value);
        _filter.Sample(SensorStatus.Ok, 45_020);

        Assert.Equal(45_020, _filter.Value);
        Assert.Equal(45_020, _filter.Filtered);
    }

    [Fact]
    public void Sample_SameRawValueTwentyTimes_IsStuck()
    {
        for (int i = 0; i < 20; i++)
        {
            _filter.Sample(SensorStatus.Ok, 52_000);
        }

        Assert.Equal(SensorHealth.Stuck, _filter.Health);
        _filter.Sample(SensorStatus.Ok, 52_003);
        Assert.Equal(SensorHealth.Ok, _filter.Health);
    }

    [Fact]
    public void Sample_SmallSteps_AreSmoothedExponentially()
    {
        _filter.Sample(SensorStatus.Ok, 50_000);

        _filter.Sample(SensorStatus.Ok, 50_400);

        Assert.Equal(50_400, _filter.Value);
        Assert.Equal(50_100, _filter.Filtered);
    }
}
