using System.Globalization;
using System.Text.Json;

namespace EdgeController.Gateway;

/// <summary>
/// A tariff v2 schedule as a user writes it for `ec-gateway tariff send --schedule FILE`
/// (docs/gateway.md): prices in currency per kWh (decimal, negative allowed), converted to
/// microcurrency per kWh rounded half away from zero.
/// <list type="bullet">
/// <item>CSV (.csv): a header naming <c>time</c> (ISO 8601, the slot's start), <c>import_price</c>
/// and optionally <c>export_price</c>; one row a slot, consecutive, 15 or 60 minutes apart.</item>
/// <item>JSON (.json): <c>{"from":"&lt;ISO 8601&gt;","step":15|60,"import":[...],"export":[...]}</c>
/// ("export" optional).</item>
/// </list>
/// </summary>
public sealed record TariffScheduleFile(DateTimeOffset From, int StepMinutes, long[] Import, long[]? Export)
{
    private const decimal MicrocurrencyPerCurrency = 1_000_000m;

    public static TariffScheduleFile Load(string path)
    {
        string text = File.ReadAllText(path);
        return path.EndsWith(".json", StringComparison.OrdinalIgnoreCase) ? ParseJson(text) : ParseCsv(text);
    }

    public static TariffScheduleFile ParseCsv(string text)
    {
        string[] lines = text.Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        if (lines.Length < 2)
        {
            throw new FormatException("the schedule CSV needs a header and at least one row");
        }

        string[] header = lines[0].Split(',', StringSplitOptions.TrimEntries);
        int time = Column(header, "time", required: true);
        int import = Column(header, "import_price", required: true);
        int export = Column(header, "export_price", required: false);
        List<DateTimeOffset> starts = [];
        List<long> imports = [];
        List<long> exports = [];
        for (int row = 1; row < lines.Length; row++)
        {
            string[] cells = lines[row].Split(',', StringSplitOptions.TrimEntries);
            if (cells.Length < header.Length)
            {
                throw new FormatException($"row {row + 1}: {cells.Length} cells, the header has {header.Length}");
            }

            starts.Add(DateTimeOffset.Parse(cells[time], CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal));
            imports.Add(Microcurrency(cells[import], row + 1));
            if (export >= 0)
            {
                exports.Add(Microcurrency(cells[export], row + 1));
            }
        }

        int step = starts.Count > 1 ? (int)(starts[1] - starts[0]).TotalMinutes : 60;
        for (int k = 1; k < starts.Count; k++)
        {
            if (starts[k] - starts[k - 1] != TimeSpan.FromMinutes(step))
            {
                throw new FormatException($"row {k + 2}: slots must follow each other {step} minutes apart");
            }
        }

        return Checked(new TariffScheduleFile(starts[0], step, [.. imports], export >= 0 ? [.. exports] : null));
    }

    public static TariffScheduleFile ParseJson(string text)
    {
        using JsonDocument document = JsonDocument.Parse(text);
        JsonElement root = document.RootElement;
        DateTimeOffset from = DateTimeOffset.Parse(root.GetProperty("from").GetString() ?? throw new FormatException("\"from\" is a time"),
            CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);
        int step = root.GetProperty("step").GetInt32();
        long[] import = [.. root.GetProperty("import").EnumerateArray().Select((price, k) => Microcurrency(price.GetDecimal(), k + 1))];
        long[]? export = root.TryGetProperty("export", out JsonElement exports)
            ? [.. exports.EnumerateArray().Select((price, k) => Microcurrency(price.GetDecimal(), k + 1))]
            : null;
        return Checked(new TariffScheduleFile(from, step, import, export));
    }

    private static TariffScheduleFile Checked(TariffScheduleFile schedule)
    {
        if (schedule.StepMinutes is not (15 or 60))
        {
            throw new FormatException($"slots of {schedule.StepMinutes} minutes: a schedule's step is 15 or 60");
        }

        if (schedule.Import.Length > Core.Tariffs.TariffSchedule.MaximumSlots)
        {
            throw new FormatException($"{schedule.Import.Length} slots: a schedule has at most {Core.Tariffs.TariffSchedule.MaximumSlots}");
        }

        if (schedule.Export is not null && schedule.Export.Length != schedule.Import.Length)
        {
            throw new FormatException("as many export prices as import prices");
        }

        return schedule;
    }

    private static int Column(string[] header, string name, bool required)
    {
        int index = Array.FindIndex(header, column => string.Equals(column, name, StringComparison.OrdinalIgnoreCase));
        return index < 0 && required ? throw new FormatException($"the schedule CSV has no column {name}") : index;
    }

    private static long Microcurrency(string cell, int row) =>
        decimal.TryParse(cell, NumberStyles.Float, CultureInfo.InvariantCulture, out decimal price)
            ? Microcurrency(price, row)
            : throw new FormatException($"row {row}: {cell} is not a price");

    private static long Microcurrency(decimal pricePerKilowattHour, int row)
    {
        decimal micro = Math.Round(pricePerKilowattHour * MicrocurrencyPerCurrency, MidpointRounding.AwayFromZero);
        return Math.Abs(micro) <= EdgeController.Ledger.LedgerCommands.MaxSchedulePrice
            ? (long)micro
            : throw new FormatException($"price {row}: {pricePerKilowattHour} per kWh has more than 8 digits in microcurrency");
    }
}
