using EdgeController.Core.Control;
using EdgeController.Core.Protection;

namespace EdgeController.Control.Tests.Control;

public sealed class ProtectionEventReporterTests
{
    [Fact]
    public void Names_OfNoFault_IsNone()
    {
        Assert.Equal("none", ProtectionEventReporter.Names(ProtectionFaults.None));
    }

    [Fact]
    public void Names_OfOneFault_IsItsName()
    {
        Assert.Equal("sensor_loss", ProtectionEventReporter.Names(ProtectionFaults.SensorLoss));
    }

    [Fact]
    public void Names_OfSeveralFaults_JoinsThemWithPlus_LowestBitFirst()
    {
        int faults = ProtectionFaults.UncontrolledCurrent | ProtectionFaults.OverVoltage | ProtectionFaults.UnderTemperatureCharge;

        Assert.Equal("over_voltage+under_temperature_charge+uncontrolled_current", ProtectionEventReporter.Names(faults));
    }

    [Theory]
    [InlineData(1 << 10, "bit_10")]
    [InlineData(ProtectionFaults.OverVoltage | (1 << 12), "over_voltage+bit_12")]
    [InlineData(1 << 30, "bit_30")]
    [InlineData(int.MinValue, "bit_31")] // the sign bit: a mask is a set of bits, not a number
    [InlineData(ProtectionFaults.UnderVoltage | int.MinValue, "under_voltage+bit_31")]
    public void Names_OfABitWithoutAFault_NamesItsNumber(int faults, string expected)
    {
        Assert.Equal(expected, ProtectionEventReporter.Names(faults));
    }

    [Fact]
    public void Names_OfEveryBit_NamesThirtyTwo()
    {
        Assert.Equal(32, ProtectionEventReporter.Names(-1).Split('+').Length);
    }
}
