using EdgeController.Core.Metering;
using FsCheck.Xunit;

namespace EdgeController.Core.Tests.Metering;

public sealed class EnergyAccumulatorTests
{
    [Fact]
    public void OneWattForOneHour_IsOneThousandMilliwattHours()
    {
        EnergyAccumulator accumulator = new(0);
        for (int second = 0; second < 3600; second++)
        {
            accumulator.Add(1000, 1000);
        }

        Assert.Equal(1000, accumulator.MilliwattHours);
        Assert.Equal(0, accumulator.RemainderMilliwattMilliseconds);
    }

    [Fact]
    public void BillionTicks_HaveNoDrift()
    {
        // 10^9 ticks of 7 mW for 3 ms: every tick is far below one mWh, so a meter that rounded each
        // tick would read 0 or far too much; the exact total is 21e9 mW·ms = 5833 mWh + 1.2e6 mW·ms.
        EnergyAccumulator accumulator = new(0);
        for (int tick = 0; tick < 1_000_000_000; tick++)
        {
            accumulator.Add(7, 3);
        }

        Assert.Equal(5833, accumulator.MilliwattHours);
        Assert.Equal(21_000_000_000L - (5833L * 3_600_000), accumulator.RemainderMilliwattMilliseconds);
    }

    [Property(MaxTest = 200)]
    public bool Register_IsTheExactFloorOfTheSum(int[] powersMilliwatts, int elapsedMilliseconds)
    {
        int elapsed = Math.Abs(elapsedMilliseconds % 100_000) + 1;
        EnergyAccumulator accumulator = new(0);
        System.Numerics.BigInteger exact = 0;
        long previousMilliwattHours = 0;
        foreach (int power in powersMilliwatts)
        {
            accumulator.Add(power, elapsed);
            exact += Math.Max(0, power) * (System.Numerics.BigInteger)elapsed;
            if (accumulator.MilliwattHours < previousMilliwattHours)
            {
                return false;
            }

            previousMilliwattHours = accumulator.MilliwattHours;
        }

        return accumulator.MilliwattHours == (long)(exact / EnergyAccumulator.MilliwattMillisecondsPerMilliwattHour)
            && accumulator.RemainderMilliwattMilliseconds == (long)(exact % EnergyAccumulator.MilliwattMillisecondsPerMilliwattHour);
    }

    [Fact]
    public void RegisterPair_SplitsByDirection()
    {
        EnergyRegisterPair pair = new(10, 20);
        pair.Add(3_600_000, 1);
        pair.Add(-7_200_000, 1);
        pair.Add(int.MinValue, 0);

        Assert.Equal(11, pair.ForwardMilliwattHours);
        Assert.Equal(22, pair.ReverseMilliwattHours);
    }
}
