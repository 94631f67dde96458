using EdgeController.Core.Planning;

namespace EdgeController.Control.Tests.Planning;

public sealed class TimeOfUseTariffTests
{
    [Fact]
    public void SetImportPrice_PeakWindow_ChangesOnlyThoseHours()
    {
        var tariff = new TimeOfUseTariff(200_000, 50_000);

        tariff.SetImportPrice(17, 21, 400_000);

        Assert.Equal(200_000, tariff.ImportPriceAt(16));
        Assert.Equal(400_000, tariff.ImportPriceAt(17));
        Assert.Equal(400_000, tariff.ImportPriceAt(20));
        Assert.Equal(200_000, tariff.ImportPriceAt(21));
        Assert.Equal(400_000, tariff.ImportPriceAt(17 + 24));
    }

    [Fact]
    public void SetImportPrice_RangePastMidnight_Wraps()
    {
        var tariff = new TimeOfUseTariff(200_000, 50_000);

        tariff.SetImportPrice(22, 6, 90_000);

        Assert.Equal(90_000, tariff.ImportPriceAt(22));
        Assert.Equal(90_000, tariff.ImportPriceAt(0));
        Assert.Equal(90_000, tariff.ImportPriceAt(5));
        Assert.Equal(200_000, tariff.ImportPriceAt(6));
        Assert.Equal(200_000, tariff.ImportPriceAt(21));
    }

    [Fact]
    public void SetSchedule_FromTheGateway_ReplacesEveryHourAndCopiesTheBuffers()
    {
        var tariff = new TimeOfUseTariff(200_000, 50_000);
        int[] import = new int[24];
        int[] export = new int[24];
        for (int hour = 0; hour < 24; hour++)
        {
            import[hour] = 100_000 + (hour * 1000);
            export[hour] = 10_000;
        }

        tariff.SetSchedule(import, export);
        import[5] = 0;

        Assert.Equal(105_000, tariff.ImportPriceAt(5));
        Assert.Equal(10_000, tariff.ExportPriceAt(23));
        Assert.Equal(1, tariff.ScheduleVersion);
    }

    [Fact]
    public void SetSchedule_WrongLength_Throws()
    {
        var tariff = new TimeOfUseTariff(200_000, 50_000);

        Assert.Throws<ArgumentException>(() => tariff.SetSchedule(new int[12], new int[24]));
    }
}
