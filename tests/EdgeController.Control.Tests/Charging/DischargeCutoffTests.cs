using EdgeController.Core.Charging;

namespace EdgeController.Control.Tests.Charging;

public sealed class DischargeCutoffTests
{
    private readonly DischargeCutoff _cutoff = new(cutoffMillivolts: 48_000, resumeMillivolts: 50_400, cutoffSocPerMille: 100, resumeSocPerMille: 150);

    [Fact]
    public void Update_SocFallsToTheCutoff_StopsAndResumesOnlyAboveTheResumeLevel()
    {
        _cutoff.Update(51_000, 100);
        Assert.False(_cutoff.DischargeAllowed);

        _cutoff.Update(51_000, 140);
        Assert.False(_cutoff.DischargeAllowed);

        _cutoff.Update(51_000, 150);
        Assert.True(_cutoff.DischargeAllowed);
    }

    [Fact]
    public void Update_VoltageSagsUnderLoadThenRecoversAtRest_StaysStoppedUntilTheResumeVoltage()
    {
        _cutoff.Update(47_900, 400);
        Assert.False(_cutoff.DischargeAllowed);

        _cutoff.Update(49_500, 400);
        Assert.False(_cutoff.DischargeAllowed);

        _cutoff.Update(50_400, 400);
        Assert.True(_cutoff.DischargeAllowed);
    }
}
