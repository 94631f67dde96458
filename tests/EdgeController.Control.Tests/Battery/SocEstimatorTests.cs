using EdgeController.Bench.Battery;
using EdgeController.Core.Battery;

namespace EdgeController.Control.Tests.Battery;

public sealed class SocEstimatorTests
{
    private const int CapacityMilliampHours = 100_000;
    private const int Cells = 16;
    private const int OneHourMilliseconds = 3_600_000;
    private readonly BatteryParameters _lfp = new(BatteryChemistry.LiFePO4, Cells, CapacityMilliampHours, 0);

    [Fact]
    public void Update_DischargeTenAmpsForAnHour_RemovesTenPerCentExactly()
    {
        var estimator = new SocEstimator(_lfp);
        estimator.StartAt(800);

        for (int second = 0; second < 3600; second++)
        {
            estimator.Update(-10_000, 52_000, 1000);
        }

        Assert.Equal(700, estimator.SocPerMille);
        Assert.Equal(70_000, estimator.ChargeMilliampHours);
    }

    [Fact]
    public void Update_ChargeTenAmpsForAnHour_StoresItTimesTheChargeEfficiency()
    {
        var estimator = new SocEstimator(_lfp);
        estimator.StartAt(200);

        estimator.Update(10_000, 53_000, OneHourMilliseconds);

        Assert.Equal(20_000 + 9_900, estimator.ChargeMilliampHours);
    }

    [Fact]
    public void Update_CountBeyondFullOrEmpty_ClampsToTheCapacity()
    {
        var estimator = new SocEstimator(_lfp);
        estimator.StartAt(990);

        estimator.Update(50_000, 56_000, OneHourMilliseconds);
        Assert.Equal(1000, estimator.SocPerMille);

        estimator.Update(-50_000, 48_000, 3 * OneHourMilliseconds);
        Assert.Equal(0, estimator.SocPerMille);
    }

    [Fact]
    public void Update_RestOnASteepPartOfTheCurve_MovesThreeQuartersTowardTheOcvSoc()
    {
        var estimator = new SocEstimator(_lfp);
        estimator.StartAt(200);
        int packMillivolts = Cells * _lfp.OcvCurve.CellMillivoltsAt(40);

        for (int minute = 0; minute < 29; minute++)
        {
            estimator.Update(0, packMillivolts, 60_000);
        }

        Assert.Equal(200, estimator.SocPerMille);
        estimator.Update(0, packMillivolts, 60_000);

        Assert.Equal(1, estimator.CorrectionCount);
        Assert.InRange(estimator.SocPerMille, 200 - 121, 200 - 119);
    }

    [Fact]
    public void Update_RestOnTheLiFePO4Plateau_LeavesTheCountAlone()
    {
        var estimator = new SocEstimator(_lfp);
        estimator.StartAt(700);
        int packMillivolts = Cells * _lfp.OcvCurve.CellMillivoltsAt(400);

        for (int minute = 0; minute < 120; minute++)
        {
            estimator.Update(0, packMillivolts, 60_000);
        }

        Assert.Equal(0, estimator.CorrectionCount);
        Assert.Equal(700, estimator.SocPerMille);
    }

    [Fact]
    public void Update_CurrentAboveRestThreshold_RestartsTheRestTimer()
    {
        var estimator = new SocEstimator(_lfp);
        estimator.StartAt(500);

        estimator.Update(0, 52_000, 20 * 60_000);
        estimator.Update(5_000, 52_000, 1000);

        Assert.Equal(0, estimator.RestElapsedMilliseconds);
    }

    [Fact]
    public void Restore_ReadsBackTheSocAndSoh_WithTheChargeOfTheFadedCapacity()
    {
        var estimator = new SocEstimator(_lfp);

        estimator.Restore(600, 900);

        Assert.Equal(600, estimator.SocPerMille);
        Assert.Equal(900, estimator.SohPerMille);
        // 60 % of a pack faded to 90 Ah, not of the rated 100 Ah.
        Assert.Equal(54_000, estimator.ChargeMilliampHours);
    }

    [Theory]
    [InlineData(0, SocEstimator.MinimumSohPerMille)]
    [InlineData(SocEstimator.MinimumSohPerMille - 1, SocEstimator.MinimumSohPerMille)]
    [InlineData(SocEstimator.MaximumSohPerMille + 1, SocEstimator.MaximumSohPerMille)]
    [InlineData(int.MaxValue, SocEstimator.MaximumSohPerMille)]
    public void Restore_HealthOutOfBounds_IsClampedBeforeTheSocIsTaken(int sohPerMille, int expectedSohPerMille)
    {
        var estimator = new SocEstimator(_lfp);

        estimator.Restore(500, sohPerMille);

        Assert.Equal(expectedSohPerMille, estimator.SohPerMille);
        Assert.Equal(500, estimator.SocPerMille);
        Assert.Equal(CapacityMilliampHours * expectedSohPerMille / 1000 / 2, estimator.ChargeMilliampHours);
    }

    [Fact]
    public void Restore_ThenAnHourAtTenAmps_CountsAgainstTheFadedCapacity()
    {
        var estimator = new SocEstimator(_lfp);
        estimator.Restore(800, 500);

        estimator.Update(-10_000, 52_000, OneHourMilliseconds);

        // 10 Ah out of a 50 Ah pack is 200 per mille, twice what it is of the rated 100 Ah.
        Assert.Equal(600, estimator.SocPerMille);
    }

    [Theory]
    [InlineData(BatteryChemistry.LiFePO4)]
    [InlineData(BatteryChemistry.Nmc)]
    [InlineData(BatteryChemistry.LeadAcid)]
    public void SimulatedWeek_WithNoiseAndOnePerCentGainError_KeepsRmsSocErrorUnderThreePerCent(BatteryChemistry chemistry)
    {
        SocBenchmarkResult result = SocBenchmark.Run(chemistry, days: 7, tickSeconds: 10, seed: 5);

        Assert.InRange(result.RmsErrorPercent, 0, 3);
    }

    [Fact]
    public void SimulatedFortnight_PackFadedToNinetyPerCent_SohEstimateFollowsIt()
    {
        SocBenchmarkResult result = SocBenchmark.Run(BatteryChemistry.Nmc, days: 14, tickSeconds: 10, seed: 5, trueCapacityFraction: 0.9);

        Assert.InRange(result.FinalSohPerMille, 870, 950);
    }
}
