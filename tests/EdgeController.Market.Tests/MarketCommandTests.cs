using System.Diagnostics;
using System.Text.Json;
using EdgeController.Ledger;

namespace EdgeController.Market.Tests;

/// <summary>`ec-gateway market`, `market export` and `verify --market` on a ledger the runner wrote.</summary>
public sealed class MarketCommandTests
{
    [Fact]
    public async Task The_commands_show_export_and_verify_the_market()
    {
        using MarketDay day = new();
        await day.RunAsync(MarketDay.DayStart + (11 * 3_600_000), 75);
        day.Ledger.FlushWriteAheadLog();
        string keyFile = day.LedgerPath + ".gateway-key.json";
        File.WriteAllText(keyFile, JsonSerializer.Serialize(new Dictionary<string, string> { ["kid"] = day.GatewayKey.KeyId, ["key"] = Convert.ToHexStringLower(day.GatewayKey.Key) }));

        (int showExit, string show) = Gateway("market", "--ledger", day.LedgerPath);
        Assert.Equal(0, showExit);
        Assert.Contains("scheme=uniform-k0.5 price=150000", show, StringComparison.Ordinal);
        Assert.Contains("  settlement dev=dev-a", show, StringComparison.Ordinal);
        Assert.Contains(" netted_mwh=", show, StringComparison.Ordinal);
        Assert.Contains("rejected_replaced=", show, StringComparison.Ordinal);
        Assert.Contains("device=dev-b settled_slots=", show, StringComparison.Ordinal);

        (int jsonExit, string jsonl) = Gateway("market", "export", "--ledger", day.LedgerPath, "--format", "jsonl");
        Assert.Equal(0, jsonExit);
        List<JsonElement> lines = jsonl.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => JsonDocument.Parse(line).RootElement.Clone()).ToList();
        Assert.Contains(lines, l => l.GetProperty("kind").GetString() == "order" && l.GetProperty("side").GetString() == "sell" && l.GetProperty("wh").GetInt64() == 125);
        Assert.Contains(lines, l => l.GetProperty("kind").GetString() == "result" && l.GetProperty("awards").GetArrayLength() > 0);
        Assert.Contains(lines, l => l.GetProperty("kind").GetString() == "settlement" && l.GetProperty("rule").GetString() == "linear-ts" && l.TryGetProperty("netted_nc", out _));

        (int csvExit, string csv) = Gateway("market", "export", "--ledger", day.LedgerPath, "--format", "csv");
        Assert.Equal(0, csvExit);
        Assert.StartsWith("kind,slot,dev,side,wh,price,idx,traded_wh,awards", csv, StringComparison.Ordinal);
        Assert.Contains("\nresult,", csv, StringComparison.Ordinal);
        string[] rows = csv.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.EndsWith(",total_nc,netted_mwh,netted_nc", rows[0], StringComparison.Ordinal);
        Assert.All(rows, row => Assert.Equal(17, row.Count(ch => ch == ',')));

        (int verifyExit, string verify) = Gateway("verify", "--ledger", day.LedgerPath, "--market", "--gateway-key", keyFile);
        Assert.True(verifyExit == 0, verify);
        Assert.Contains("market records reproduced with signatures", verify, StringComparison.Ordinal);
    }

    private static (int Exit, string Output) Gateway(params string[] arguments)
    {
        ProcessStartInfo start = new("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "ec-gateway.dll"));
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using Process process = Process.Start(start)!;
        Task<string> error = process.StandardError.ReadToEndAsync();
        string output = process.StandardOutput.ReadToEnd();
        process.WaitForExit(120_000);
        return (process.ExitCode, output + error.Result);
    }
}
