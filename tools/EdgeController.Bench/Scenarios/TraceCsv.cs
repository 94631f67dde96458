using System.Globalization;

namespace EdgeController.Bench.Scenarios;

/// <summary>
/// Reads a measured trace: a CSV with a header naming the columns time (ISO 8601, with or
/// without an offset; the clock time as written is the site's local time), load_w, pv_w and
/// optionally import_price and export_price (currency per kWh), at one-minute steps or finer.
/// Rows are averaged into one-minute means (finer traces are scored at one minute); a missing
/// minute repeats the one before. Without prices the standard time-of-use tariff applies (a
/// fixed tariff in the board config); with them they are published to the firmware day-ahead
/// (quarter-hour means, at 13:00 for the next day). Without export_price, export earns 0.05.
/// The first warmupDays days are only watched by the forecaster, not scored.
/// </summary>
public static class TraceCsv
{
    public static Scenario Load(string path, int warmupDays)
    {
        string[] lines = File.ReadAllLines(path);
        if (lines.Length < 2)
        {
            throw new InvalidDataException("a header and at least one row");
        }

        string[] header = lines[0].Split(',').Select(h => h.Trim().ToLowerInvariant()).ToArray();
        int time = Column(header, "time", true);
        int load = Column(header, "load_w", true);
        int pv = Column(header, "pv_w", true);
        int import = Column(header, "import_price", false);
        int export = Column(header, "export_price", false);
        var rows = new List<(DateTime Local, double Load, double Pv, double Import, double Export)>();
        for (int i = 1; i < lines.Length; i++)
        {
            if (string.IsNullOrWhiteSpace(lines[i]))
            {
                continue;
            }

            string[] cells = lines[i].Split(',');
            DateTimeOffset at = DateTimeOffset.Parse(cells[time].Trim(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);
            rows.Add((at.DateTime, Number(cells[load]), Number(cells[pv]), import >= 0 ? Number(cells[import]) : double.NaN, export >= 0 ? Number(cells[export]) : double.NaN));
        }

        rows.Sort((a, b) => a.Local.CompareTo(b.Local));
        DateTime first = new(rows[0].Local.Year, rows[0].Local.Month, rows[0].Local.Day, rows[0].Local.Hour, rows[0].Local.Minute, 0);
        int minutes = (int)(rows[^1].Local - first).TotalMinutes + 1;
        var sums = new double[4, minutes];
        var counts = new int[minutes];
        foreach (var row in rows)
        {
            int t = (int)(row.Local - first).TotalMinutes;
            sums[0, t] += row.Load;
            sums[1, t] += row.Pv;
            sums[2, t] += row.Import;
            sums[3, t] += row.Export;
            counts[t]++;
        }

        if (minutes > 2 * rows.Count)
        {
            throw new InvalidDataException("the trace must be at one-minute resolution or finer");
        }

        var series = new double[4][];
        for (int c = 0; c < 4; c++)
        {
            series[c] = new double[minutes];
            for (int t = 0; t < minutes; t++)
            {
                series[c][t] = counts[t] > 0 ? sums[c, t] / counts[t] : (t > 0 ? series[c][t - 1] : 0);
            }
        }

        int startMinute = (first.Hour * 60) + first.Minute;
        bool priced = import >= 0;
        double[] importPrice = priced ? series[2] : new double[minutes];
        double[] exportPrice = export >= 0 ? series[3] : new double[minutes];
        for (int t = 0; t < minutes; t++)
        {
            int hour = (startMinute + t) % 1440 / 60;
            if (!priced)
            {
                importPrice[t] = Days.DaysSite.ImportPriceAtHour(hour) / 1e6;
            }

            if (export < 0)
            {
                exportPrice[t] = Days.DaysSite.ExportMicrocurrency / 1e6;
            }
        }

        int warm = Math.Min(warmupDays * 1440, minutes - 1);
        DateTime midnight = first.Date;
        long startUnix = new DateTimeOffset(midnight, TimeSpan.Zero).ToUnixTimeMilliseconds() + ((startMinute + warm) * 60_000L);
        return new Scenario
        {
            Name = "trace",
            Pv = series[1][warm..],
            Load = series[0][warm..],
            ImportPrice = importPrice[warm..],
            ExportPrice = exportPrice[warm..],
            Publication = priced ? PricePublication.DayAhead : PricePublication.FixedTimeOfUse,
            StepMinutes = 15,
            StartMinuteOfDay = (startMinute + warm) % 1440,
            StartUnixMilliseconds = startUnix,
            WarmupPv = series[1][..warm],
            WarmupLoad = series[0][..warm],
            TerminalPricePerKilowattHour = Math.Max(0, importPrice[warm..].Min()),
        };
    }

    private static int Column(string[] header, string name, bool required)
    {
        int index = Array.IndexOf(header, name);
        if (index < 0 && required)
        {
            throw new InvalidDataException($"column {name} missing");
        }

        return index;
    }

    private static double Number(string cell) => double.Parse(cell.Trim(), CultureInfo.InvariantCulture);
}
