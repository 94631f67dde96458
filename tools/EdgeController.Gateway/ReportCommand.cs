using System.CommandLine;
using System.Globalization;
using EdgeController.Ledger;
using ScottPlot;

namespace EdgeController.Gateway;

/// <summary>`report`: energy per device per day (import, export, PV, battery in and out) as text and a PNG chart.</summary>
internal static class ReportCommand
{
    public static Command Create()
    {
        Option<FileInfo> ledger = GatewayOptions.LedgerFile("The ledger database (SQLite) to account.");
        Option<FileInfo?> chart = new("--png") { Description = "Also draw the report as a bar chart into this PNG file." };
        Option<string?> site = new("--site") { Description = "The site's name in the chart's title (default: the ledger's file name)." };
        Command command = new("report", "Energy per device per day from the signed energy registers: grid import and export, PV, battery in and out (kWh).") { ledger, chart, site };
        command.SetAction(parseResult =>
        {
            FileInfo ledgerFile = parseResult.GetRequiredValue(ledger);
            if (!ledgerFile.Exists)
            {
                Console.Error.WriteLine($"error: ledger '{ledgerFile.FullName}' does not exist");
                return VerifyCommand.ExitCannotRead;
            }

            IReadOnlyList<DailyEnergy> report = EnergyReport.Compute(ledgerFile.FullName);
            Console.WriteLine("device,day,import_kwh,export_kwh,pv_kwh,battery_in_kwh,battery_out_kwh,readings");
            foreach (DailyEnergy day in report)
            {
                Console.WriteLine(string.Join(',', day.DeviceId, day.Day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                    Kwh(day.ImportMilliwattHours), Kwh(day.ExportMilliwattHours), Kwh(day.PvMilliwattHours),
                    Kwh(day.BatteryInMilliwattHours), Kwh(day.BatteryOutMilliwattHours), day.Readings.ToString(CultureInfo.InvariantCulture)));
            }

            FileInfo? png = parseResult.GetValue(chart);
            if (png is not null)
            {
                Draw(report, png.FullName, parseResult.GetValue(site) ?? Path.GetFileNameWithoutExtension(ledgerFile.Name));
                Console.Error.WriteLine($"chart written to {png.FullName}");
            }

            return 0;
        });
        return command;
    }

    private static string Kwh(long milliwattHours) => (milliwattHours / 1_000_000.0).ToString("F3", CultureInfo.InvariantCulture);

    /// <summary>
    /// Grouped bars: one group per device-day, one bar per quantity, the load among them. A day
    /// the readings do not cover whole (a run's first or last) is drawn pale and labelled
    /// "partial", so its small totals are not read as a bad day. The legend sits outside the bars.
    /// </summary>
    private static void Draw(IReadOnlyList<DailyEnergy> report, string path, string site)
    {
        Plot plot = new();
        string[] names = ["grid import", "grid export", "PV", "battery in", "battery out", "load"];
        Func<DailyEnergy, long>[] quantities =
        [
            day => day.ImportMilliwattHours, day => day.ExportMilliwattHours, day => day.PvMilliwattHours,
            day => day.BatteryInMilliwattHours, day => day.BatteryOutMilliwattHours, day => day.LoadMilliwattHours,
        ];
        const double groupWidth = 1.0;
        double barWidth = groupWidth / (quantities.Length + 1);
        ScottPlot.Palettes.Category10 palette = new();
        for (int q = 0; q < quantities.Length; q++)
        {
            List<Bar> bars = [];
            for (int g = 0; g < report.Count; g++)
            {
                Color color = palette.GetColor(q);
                bars.Add(new Bar
                {
                    Position = g + (q * barWidth),
                    Value = quantities[q](report[g]) / 1_000_000.0,
                    Size = barWidth,
                    FillColor = report[g].IsPartial ? color.WithAlpha(0.35) : color,
                    LineColor = color,
                });
            }

            plot.Add.Bars(bars).LegendText = names[q];
        }

        Tick[] ticks = report.Select((day, g) => new Tick(g + (groupWidth / 2) - barWidth,
            $"{day.DeviceId}\n{day.Day:MM-dd}{(day.IsPartial ? "\npartial" : "")}")).ToArray();
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericManual(ticks);
        plot.Axes.Margins(bottom: 0);
        plot.YLabel("energy per day (kWh)");
        string range = report.Count == 0 ? "no readings"
            : $"{report.Min(day => day.Day):yyyy-MM-dd} to {report.Max(day => day.Day):yyyy-MM-dd} (UTC)";
        plot.Title($"{site}: energy per device and day, {range}");
        plot.ShowLegend(Edge.Right);
        plot.SavePng(path, Math.Max(900, (140 * report.Count) + 200), 520);
    }
}
