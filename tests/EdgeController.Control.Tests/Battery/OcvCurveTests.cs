using EdgeController.Core.Battery;

namespace EdgeController.Control.Tests.Battery;

public sealed class OcvCurveTests
{
    [Theory]
    [InlineData(BatteryChemistry.LiFePO4)]
    [InlineData(BatteryChemistry.Nmc)]
    [InlineData(BatteryChemistry.LeadAcid)]
    public void SocPerMilleAt_VoltageOfAnySoc_GivesThatSocBackWithinTheRoundingOfOneMillivolt(BatteryChemistry chemistry)
    {
        OcvCurve curve = OcvCurves.For(chemistry);
        for (int soc = 0; soc <= 1000; soc += 10)
        {
            int millivolts = curve.CellMillivoltsAt(soc);
            int back = curve.SocPerMilleAt(millivolts);
            // One millivolt of rounding is worth 50 / slope per mille.
            int tolerance = 1 + (OcvCurve.StepPerMille / curve.SlopeMillivoltsPerStepAt(millivolts));
            Assert.InRange(back, soc - tolerance, soc + tolerance);
        }
    }

    [Fact]
    public void SocPerMilleAt_OutsideTheTable_ClampsToEmptyAndFull()
    {
        OcvCurve curve = OcvCurves.For(BatteryChemistry.Nmc);

        Assert.Equal(0, curve.SocPerMilleAt(2000));
        Assert.Equal(1000, curve.SocPerMilleAt(4500));
    }

    [Fact]
    public void Constructor_TableNotIncreasing_Throws()
    {
        int[] table = new int[OcvCurve.PointCount];
        Assert.Throws<ArgumentException>(() => new OcvCurve(table));
    }

    [Fact]
    public void SlopeMillivoltsPerStepAt_LiFePO4Plateau_IsFlatterThanItsEnds()
    {
        OcvCurve curve = OcvCurves.For(BatteryChemistry.LiFePO4);

        Assert.True(curve.SlopeMillivoltsPerStepAt(curve.CellMillivoltsAt(500)) < BatteryParameters.LiFePO4OcvTrustSlopeMillivoltsPerStep);
        Assert.True(curve.SlopeMillivoltsPerStepAt(curve.CellMillivoltsAt(30)) > BatteryParameters.LiFePO4OcvTrustSlopeMillivoltsPerStep);
        Assert.True(curve.SlopeMillivoltsPerStepAt(curve.CellMillivoltsAt(980)) > BatteryParameters.LiFePO4OcvTrustSlopeMillivoltsPerStep);
    }
}
