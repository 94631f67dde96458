using System.Globalization;
using System.Text;
using EdgeController.Bench.Scenarios;

namespace EdgeController.Control.Tests.Planning;

/// <summary>The trace bench's reader: finer rows become minute means, prices become a day-ahead publication.</summary>
public sealed class TraceCsvTests
{
    [Fact]
    public void Load_ThirtySecondRowsWithPrices_AveragesToMinutesAndRunsEveryPolicy()
    {
        string path = Path.Combine(Path.GetTempPath(), $"trace-{Guid.NewGuid():N}.csv");
        var csv = new StringBuilder("time,load_w,pv_w,import_price,export_price\n");
        var start = new DateTimeOffset(2026, 6, 1, 0, 0, 0, TimeSpan.FromHours(2));
        for (int i = 0; i < 2 * 2880; i++)
        {
            DateTimeOffset at = start.AddSeconds(30 * i);
            double hour = at.Hour + (at.Minute / 60.0);
            double pv = hour > 6 && hour < 20 ? 2000 * Math.Sin(Math.PI * (hour - 6) / 14) : 0;
            double load = i % 2 == 0 ? 400 : 600;
            double price = hour >= 17 && hour < 21 ? 0.40 : 0.20;
            csv.Append(CultureInfo.InvariantCulture, $"{at:yyyy-MM-ddTHH:mm:sszzz},{load},{pv:F1},{price},{(hour >= 12 && hour < 14 ? -0.02 : 0.05)}\n");
        }

        File.WriteAllText(path, csv.ToString());
        try
        {
            Scenario trace = TraceCsv.Load(path, warmupDays: 1);
            Assert.Equal(1440, trace.Minutes);
            Assert.Equal(1440, trace.WarmupPv.Length);
            Assert.Equal(500, trace.Load[0], 6);
            Assert.Equal(PricePublication.DayAhead, trace.Publication);
            Assert.Equal(-0.02, trace.ExportPrice[(12 * 60) + 30], 6);

            SuiteResult result = SuiteResult.Run(trace, 20, 250);
            Assert.True(result.OptimumCost <= result.FirmwareCausal.Cost + 1e-6);
            Assert.True(result.FirmwareCausal.Cost < result.NoBattery.Cost);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
