using EdgeController.Core.Control;
using EdgeController.Hal;

namespace EdgeController.DeviceProjects.Tests;

/// <summary>
/// Core's setpoint adapters, the logic that left hal/Esp32's PWM classes: the duty a power or a
/// limit becomes, on the output the device drives with PWM.
/// </summary>
public class SetpointOutputTests
{
    [Theory]
    [InlineData(0, SetpointDuty.ConverterIdle)]
    [InlineData(5_000_000, SetpointDuty.FullScale)] // full rated discharge
    [InlineData(-5_000_000, SetpointDuty.ConverterLiveZero)] // full rated charge
    [InlineData(2_500_000, SetpointDuty.ConverterIdle + SetpointDuty.ConverterHalfSpan / 2)]
    public void TheBatteryConverter_WritesCoresDuty_ForItsRating(int milliwatts, int expectedDuty)
    {
        RecordingOutput output = new();
        SetpointBatteryConverter converter = new(output, ratedWatts: 5000);

        Assert.True(converter.SetPowerMilliwatts(milliwatts));
        Assert.Equal(expectedDuty, output.Duty);
        Assert.Equal(SetpointDuty.ForBatteryPower(milliwatts, 5_000_000), output.Duty);
    }

    [Theory]
    [InlineData(int.MaxValue, SetpointDuty.FullScale)]
    [InlineData(0, 0)]
    [InlineData(1_500_000, SetpointDuty.FullScale / 2)]
    public void ThePvCurtailment_WritesTheLimitOverTheRating(int limitMilliwatts, int expectedDuty)
    {
        RecordingOutput output = new();
        SetpointPvCurtailment pv = new(output, ratedWatts: 3000);

        Assert.True(pv.SetLimitMilliwatts(limitMilliwatts));
        Assert.Equal(expectedDuty, output.Duty);
    }

    [Fact]
    public void AnOutputThatRefuses_IsReportedAsNotTaken()
    {
        RecordingOutput output = new() { Refuse = true };

        Assert.False(new SetpointBatteryConverter(output, 5000).SetPowerMilliwatts(1000));
        Assert.False(new SetpointPvCurtailment(output, 3000).SetLimitMilliwatts(1000));
    }

    private sealed class RecordingOutput : IDutyCycleOutput
    {
        public int Duty { get; private set; } = -1;

        public bool Refuse { get; init; }

        public bool TrySetDutyPerTenThousand(int dutyPerTenThousand)
        {
            if (Refuse)
            {
                return false;
            }

            Duty = dutyPerTenThousand;
            return true;
        }
    }
}
