using EdgeController.Core.Protection;

namespace EdgeController.Control.Tests.Protection;

public sealed class ProtectionMonitorTests
{
    private const int Cells = 16;
    private const int NormalMillivolts = 52_000;
    private const int NormalDeciCelsius = 250;
    private readonly ProtectionLimits _limits = ProtectionLimits.ForCells(Cells, 3600, 3400, 3700, 2800, 3150, 150_000, 150_000);
    private readonly ProtectionMonitor _monitor;

    public ProtectionMonitorTests()
    {
        _monitor = new ProtectionMonitor(_limits);
    }

    private void Evaluate(int millivolts = NormalMillivolts, int milliamps = 0, int deciCelsius = NormalDeciCelsius)
    {
        _monitor.Evaluate(true, millivolts, true, milliamps, true, deciCelsius);
    }

    [Fact]
    public void Constructor_BeforeTheFirstValidReading_KeepsTheContactorOpen()
    {
        Assert.False(_monitor.ContactorClosed);

        Evaluate();

        Assert.True(_monitor.ContactorClosed);
        Assert.Equal(ProtectionFaults.None, _monitor.Faults);
    }

    [Fact]
    public void Evaluate_VoltageAboveHardLimit_OpensAndLatchesUntilClearedAfterItFalls()
    {
        Evaluate(millivolts: Cells * 3710);

        Assert.NotEqual(0, _monitor.RaisedFaults & ProtectionFaults.OverVoltageHard);
        Assert.False(_monitor.ContactorClosed);
        Assert.NotEqual(0, _monitor.ClearLatched() & ProtectionFaults.OverVoltageHard);

        Evaluate(millivolts: Cells * 3300);
        Assert.False(_monitor.ContactorClosed);
        Assert.Equal(0, _monitor.ClearLatched());
        Assert.True(_monitor.ContactorClosed);
    }

    [Fact]
    public void Evaluate_OverVoltage_ReleasesOnlyBelowTheReleaseVoltage()
    {
        Evaluate(millivolts: Cells * 3600);
        Assert.False(_monitor.ChargeAllowed);
        Assert.True(_monitor.DischargeAllowed);

        Evaluate(millivolts: Cells * 3500);
        Assert.False(_monitor.ChargeAllowed);

        Evaluate(millivolts: Cells * 3390);
        Assert.True(_monitor.ChargeAllowed);
        Assert.NotEqual(0, _monitor.ClearedFaults & ProtectionFaults.OverVoltage);
    }

    [Fact]
    public void Evaluate_OverTemperature_ReleasesFiveDegreesLower()
    {
        Evaluate(deciCelsius: 600);
        Assert.False(_monitor.ContactorClosed);

        Evaluate(deciCelsius: 560);
        Assert.False(_monitor.ContactorClosed);

        Evaluate(deciCelsius: 549);
        Assert.True(_monitor.ContactorClosed);
    }

    [Fact]
    public void Evaluate_DischargeContinuesAfterUnderVoltageBlock_LatchesUncontrolledCurrent()
    {
        Evaluate(millivolts: Cells * 2790, milliamps: -40_000);
        Assert.False(_monitor.DischargeAllowed);

        Evaluate(millivolts: Cells * 2780, milliamps: -40_000);

        Assert.NotEqual(0, _monitor.LatchedFaults & ProtectionFaults.UncontrolledCurrent);
        Assert.False(_monitor.ContactorClosed);
    }

    [Fact]
    public void Evaluate_TwoFailedReadsThenGood_DoesNotLatchSensorLoss()
    {
        _monitor.Evaluate(true, NormalMillivolts, false, 0, true, NormalDeciCelsius);
        _monitor.Evaluate(true, NormalMillivolts, false, 0, true, NormalDeciCelsius);
        Evaluate();

        Assert.Equal(0, _monitor.Faults);
        Assert.True(_monitor.ContactorClosed);
    }

    [Fact]
    public void Evaluate_ThreeFailedReads_LatchesSensorLossAndPublishesItOnce()
    {
        int raisedCount = 0;
        for (int i = 0; i < 5; i++)
        {
            _monitor.Evaluate(true, NormalMillivolts, true, 0, false, 0);
            raisedCount += (_monitor.RaisedFaults & ProtectionFaults.SensorLoss) != 0 ? 1 : 0;
        }

        Assert.Equal(1, raisedCount);
        Assert.NotEqual(0, _monitor.LatchedFaults & ProtectionFaults.SensorLoss);
    }
}
