using EdgeController.Core.Control;

namespace EdgeController.Core.Tests.Control;

/// <summary>The PWM setpoints' duty cycles the ESP32 power stage writes (hal/Esp32/PwmBatteryConverter, PwmPvCurtailment).</summary>
public sealed class SetpointDutyTests
{
    private const int RatedMilliwatts = 600_000;

    [Theory]
    [InlineData(0, 6000)]
    [InlineData(600_000, 10000)]
    [InlineData(-600_000, 2000)]
    [InlineData(300_000, 8000)]
    [InlineData(-300_000, 4000)]
    [InlineData(900_000, 10000)]
    [InlineData(-900_000, 2000)]
    [InlineData(int.MaxValue, 10000)]
    [InlineData(int.MinValue, 2000)]
    [InlineData(149, 6000)]
    [InlineData(150, 6001)]
    [InlineData(-149, 6000)]
    [InlineData(-150, 5999)]
    public void ForBatteryPower_IdlesAtSixtyPercent_AndStaysAboveTheLiveZero(int powerMilliwatts, int expectedDuty)
    {
        Assert.Equal(expectedDuty, SetpointDuty.ForBatteryPower(powerMilliwatts, RatedMilliwatts));
    }

    [Fact]
    public void ForBatteryPower_NeverAsksForMoreThanTheCommand()
    {
        for (int powerMilliwatts = -700_000; powerMilliwatts <= 700_000; powerMilliwatts += 997)
        {
            int duty = SetpointDuty.ForBatteryPower(powerMilliwatts, RatedMilliwatts);
            long commandedMilliwatts = (long)(duty - SetpointDuty.ConverterIdle) * RatedMilliwatts / SetpointDuty.ConverterHalfSpan;

            // Never below the live zero: 0 V at the converter means "no command", not "full charge".
            Assert.InRange(duty, SetpointDuty.ConverterLiveZero, SetpointDuty.FullScale);
            Assert.True(Math.Abs(commandedMilliwatts) <= Math.Abs((long)powerMilliwatts), $"{powerMilliwatts} mW gave {commandedMilliwatts} mW");
            Assert.True(Math.Sign(powerMilliwatts) * Math.Sign(commandedMilliwatts) >= 0, "a command never crosses idle");
        }
    }

    [Theory]
    [InlineData(int.MaxValue, 10000)]
    [InlineData(300_000, 10000)]
    [InlineData(450_000, 10000)]
    [InlineData(150_000, 5000)]
    [InlineData(0, 0)]
    [InlineData(-5, 0)]
    [InlineData(29, 0)]
    [InlineData(30, 1)]
    public void ForPvLimit_IsTheLimitOverTheRating_RoundedDown(int limitMilliwatts, int expectedDuty)
    {
        Assert.Equal(expectedDuty, SetpointDuty.ForPvLimit(limitMilliwatts, 300_000));
    }

    [Fact]
    public void EveryDuty_SurvivesTheDoubleTheEsp32ChannelTakes_EvenTruncated()
    {
        // hal/Esp32/PwmSetpoint.cs multiplies by this constant; PwmChannel keeps duty times 10000.
        const double DutyCyclePerPart = 1.0 / SetpointDuty.FullScale;
        for (int duty = 0; duty <= SetpointDuty.FullScale; duty++)
        {
            double dutyCycle = duty * DutyCyclePerPart;

            Assert.InRange(dutyCycle, 0.0, 1.0);
            Assert.Equal(duty, (int)(dutyCycle * SetpointDuty.FullScale));
        }
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    public void ARatingThatIsNotPositive_IsRefused(int ratedMilliwatts)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => SetpointDuty.ForBatteryPower(0, ratedMilliwatts));
        Assert.Throws<ArgumentOutOfRangeException>(() => SetpointDuty.ForPvLimit(0, ratedMilliwatts));
    }
}
