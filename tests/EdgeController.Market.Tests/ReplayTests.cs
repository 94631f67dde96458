using System.Text;
using System.Text.Json;
using EdgeController.Core.Signing;
using EdgeController.Hal.Simulation.Signing;
using EdgeController.Ledger;
using EdgeController.Ledger.Market;
using Microsoft.Data.Sqlite;

namespace EdgeController.Market.Tests;

/// <summary>A day's market through a real ledger: records, publications, and `verify --market`'s replay.</summary>
public sealed class ReplayTests
{
    [Fact]
    public async Task A_day_clears_every_slot_settles_every_award_and_replays_bit_for_bit()
    {
        using MarketDay day = new();
        await day.RunAsync(MarketDay.DayStart - 600_000, 1440 + 20);

        (IReadOnlyList<SlotHistory> slots, _) = MarketHistory.Read(day.LedgerPath);
        Assert.True(slots.Count >= 96);
        SlotHistory noon = slots.Single(s => s.Slot == MarketDay.DayStart + (12 * 3_600_000) + 900_000); // slot number % 4 == 1: dev-c's order is good
        // Book: a sells 125 @150000; b buys 75 @390000 (its 60 Wh order replaced); c buys 50 @150000.
        // Buy curve 390000 x75, 150000 x50; sell 150000 x125: Q = 125, lo = hi = 150000.
        Assert.Equal(150_000, noon.Result.Root.GetProperty("price").GetInt64());
        Assert.Equal(125, noon.Result.Root.GetProperty("traded_wh").GetInt64());
        Assert.Contains(noon.Book.Rejected, r => r.Reason == OrderRejectionReasons.Replaced);
        Assert.Equal(3, noon.Settlements.Count);

        // dev-a delivered 15 x 8333 mWh over the slot, 124995 mWh, against 125 Wh sold: 5 mWh short;
        // dev-c used 15 x 3333 = 49995 mWh of the 50 Wh it bought: 5 mWh over; dev-b used its 75 Wh.
        // Netted: the two meet at the clearing price, 5 mWh x 150000 = 750 nc from dev-a to dev-c; nothing is left for the grid.
        JsonElement a = noon.Settlements.Single(s => s.Root.GetProperty("device").GetString() == "dev-a").Root;
        Assert.Equal(124_995, a.GetProperty("export_mwh").GetInt64());
        Assert.Equal(-5, a.GetProperty("deviation_mwh").GetInt64());
        Assert.Equal(-5, a.GetProperty("netted_mwh").GetInt64());
        Assert.Equal((5, 5), (a.GetProperty("slot_excess_mwh").GetInt64(), a.GetProperty("slot_shortfall_mwh").GetInt64()));
        Assert.Equal(125 * 150_000, a.GetProperty("market_nc").GetInt64());
        Assert.Equal(-750, a.GetProperty("netted_nc").GetInt64());
        Assert.Equal(-750, a.GetProperty("deviation_nc").GetInt64());
        JsonElement c = noon.Settlements.Single(s => s.Root.GetProperty("device").GetString() == "dev-c").Root;
        Assert.Equal((5, 750), (c.GetProperty("netted_mwh").GetInt64(), c.GetProperty("deviation_nc").GetInt64()));
        // One pass: consecutive entries in device order, whose netted energy and money sum to zero.
        Assert.Equal(["dev-a", "dev-b", "dev-c"], noon.Settlements.Select(s => s.Root.GetProperty("device").GetString()));
        Assert.Equal([noon.Settlements[0].Index, noon.Settlements[0].Index + 1, noon.Settlements[0].Index + 2], noon.Settlements.Select(s => s.Index));
        Assert.All(slots.Where(s => s.Settlements.Count > 0), s =>
        {
            Assert.Equal(0, s.Settlements.Sum(r => r.Root.GetProperty("netted_mwh").GetInt64()));
            Assert.Equal(0, s.Settlements.Sum(r => r.Root.GetProperty("netted_nc").GetInt64()));
        });
        Assert.All(a.GetProperty("readings").EnumerateArray(), r => Assert.True(r.GetProperty("idx").GetInt64() < noon.Settlements[0].Index));

        Assert.Contains(slots, s => s.Book.Rejected.Any(r => r.Reason == OrderRejectionReasons.PriceAboveImport));
        Assert.Contains(slots, s => s.Book.Rejected.Any(r => r.Reason == OrderRejectionReasons.Quantity));
        Assert.Contains(day.Published.Messages, m => m.Topic == "ec/v1/site1/market/result" && m.Retained);
        Assert.Contains(day.Published.Messages, m => m.Topic == "ec/v1/site1/dev-b/cmd/award" && !m.Retained);

        ChainVerification chain = LedgerChainVerifier.Verify(day.LedgerPath, day.Registry);
        Assert.True(chain.IsValid, $"{chain.FirstBadIndex}: {chain.Problem}");
        MarketVerification replay = MarketReplay.Verify(day.LedgerPath, day.GatewayKey);
        Assert.True(replay.IsValid, replay.Problem);
        Assert.True(replay.RecordsChecked >= 96 * 3, $"{replay.RecordsChecked} records"); // a result and at least two settlements a slot
    }

    [Fact]
    public async Task A_site_on_the_grid_rule_writes_the_records_of_before_netting_and_they_replay()
    {
        using MarketDay day = new(SettlementRule.Grid);
        await day.RunAsync(MarketDay.DayStart + (12 * 3_600_000), 40);
        MarketLedgerView view = new();
        view.LoadNew(day.LedgerPath);
        MarketRecord parameters = view.Records.First(r => r.Kind == MarketRecordWriter.ParamsKind);
        Assert.False(parameters.Root.TryGetProperty("settlement", out _)); // a params record without the key is "grid"
        List<MarketRecord> settlements = view.Records.Where(r => r.Kind == MarketRecordWriter.SettlementKind).ToList();
        Assert.NotEmpty(settlements);
        Assert.All(settlements, s => Assert.False(s.Root.TryGetProperty("netted_mwh", out _)));
        // dev-a's 5 mWh short in a slot where dev-c is 5 over: at import, 5 x 400000 / 1000.
        Assert.Contains(settlements, s => s.Root.GetProperty("device").GetString() == "dev-a" && s.Root.GetProperty("deviation_nc").GetInt64() == -2000);
        MarketVerification replay = MarketReplay.Verify(day.LedgerPath, day.GatewayKey);
        Assert.True(replay.IsValid, replay.Problem);
    }

    [Fact]
    public async Task A_result_whose_price_is_changed_by_one_is_named_even_when_resigned_and_rechained()
    {
        using MarketDay day = new();
        await day.RunAsync(MarketDay.DayStart + (11 * 3_600_000), 120);
        (IReadOnlyList<SlotHistory> slots, _) = MarketHistory.Read(day.LedgerPath);
        MarketRecord target = slots.First(s => s.Result.Root.GetProperty("traded_wh").GetInt64() > 0).Result;
        long price = target.Root.GetProperty("price").GetInt64();
        string payload = Encoding.ASCII.GetString(target.Payload).Replace($"\"price\":{price},", $"\"price\":{price + 1},", StringComparison.Ordinal);
        day.Ledger.Dispose();
        Rewrite(day.LedgerPath, target.Index, MarketRecordWriter.Seal(Encoding.ASCII.GetBytes(payload), new HmacSha256Signer(day.GatewayKey.KeyId, day.GatewayKey.Key)));

        Assert.True(LedgerChainVerifier.Verify(day.LedgerPath).IsValid); // the forger re-chained everything
        MarketVerification replay = MarketReplay.Verify(day.LedgerPath, day.GatewayKey);
        Assert.False(replay.IsValid);
        Assert.Equal(target.Index, replay.FirstBadIndex);
        Assert.Contains("result record does not reproduce", replay.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_record_signed_with_another_key_fails_the_signature_check()
    {
        using MarketDay day = new();
        await day.RunAsync(MarketDay.DayStart + (11 * 3_600_000), 30);
        GatewayKey other = new("gw1", new byte[32]);
        MarketVerification replay = MarketReplay.Verify(day.LedgerPath, other);
        Assert.False(replay.IsValid);
        Assert.Contains("signature", replay.Problem, StringComparison.Ordinal);
    }

    /// <summary>A slot in which all three devices are awarded.</summary>
    private static readonly long OutageSlot = MarketDay.DayStart + (12 * 3_600_000) + 900_000;

    // dev-b is silent from 2 minutes before the slot ends until 10 minutes after: the end
    // boundary has no reading after it when the settlement is written, so dev-b's import is
    // held short and it looks 15 Wh over; dev-a's 5 mWh shortfall is netted mostly against that.
    private static MarketDay DayWithDevBSilentAroundTheEndOf(long slot) => new() { Outage = ("dev-b", slot + 780_000, slot + 1_500_000) };

    [Fact]
    public async Task A_device_back_from_an_outage_brings_a_correction_of_the_whole_slot_that_replays()
    {
        using MarketDay day = DayWithDevBSilentAroundTheEndOf(OutageSlot);
        long slot = OutageSlot;
        await day.RunAsync(slot - 600_000, 60);
        (IReadOnlyList<SlotHistory> slots, _) = MarketHistory.Read(day.LedgerPath);
        List<MarketRecord> settlements = slots.Single(s => s.Slot == slot).Settlements;
        // Two passes of three: dev-b's later readings moved its deviation, and with it the netting of the others.
        Assert.Equal(6, settlements.Count);
        List<MarketRecord> first = settlements[..3];
        List<MarketRecord> second = settlements[3..];
        Assert.Equal([second[0].Index, second[0].Index + 1, second[0].Index + 2], second.Select(s => s.Index));
        for (int k = 0; k < 3; k++)
        {
            Assert.Equal(first[k].Root.GetProperty("device").GetString(), second[k].Root.GetProperty("device").GetString());
            Assert.Equal(first[k].Index, second[k].Root.GetProperty("corrects").GetInt64());
        }

        Assert.True(second[1].Root.GetProperty("import_mwh").GetInt64() > first[1].Root.GetProperty("import_mwh").GetInt64());
        // Once dev-b is known to have used its 75 Wh, dev-a's shortfall meets dev-c's 5 mWh excess instead.
        Assert.True(first[2].Root.GetProperty("netted_mwh").GetInt64() < 5, MarketDay.Text(first[2].Payload));
        Assert.Equal(5, second[2].Root.GetProperty("netted_mwh").GetInt64());
        Assert.Equal(0, second.Sum(s => s.Root.GetProperty("netted_nc").GetInt64()));
        MarketVerification replay = MarketReplay.Verify(day.LedgerPath, day.GatewayKey);
        Assert.True(replay.IsValid, replay.Problem);
    }

    [Fact]
    public async Task A_device_back_from_an_outage_after_a_gateway_restart_still_brings_the_correction()
    {
        using MarketDay day = DayWithDevBSilentAroundTheEndOf(OutageSlot);
        long slot = OutageSlot;
        // As above, but the gateway restarts at slot + 20 min, after the slot's first pass (slot +
        // 17 min) and before dev-b is back (slot + 25 min): the new runner knows the pass only
        // from the ledger.
        await day.RunAsync(slot - 600_000, 30);
        (IReadOnlyList<SlotHistory> beforeRestart, _) = MarketHistory.Read(day.LedgerPath);
        Assert.Equal(3, beforeRestart.Single(s => s.Slot == slot).Settlements.Count);

        day.RestartRunner();
        await day.RunAsync(slot + 1_200_000, 30);

        (IReadOnlyList<SlotHistory> slots, _) = MarketHistory.Read(day.LedgerPath);
        List<MarketRecord> settlements = slots.Single(s => s.Slot == slot).Settlements;
        Assert.Equal(6, settlements.Count);
        for (int k = 0; k < 3; k++)
        {
            Assert.Equal(settlements[k].Index, settlements[k + 3].Root.GetProperty("corrects").GetInt64());
        }

        Assert.True(settlements[4].Root.GetProperty("import_mwh").GetInt64() > settlements[1].Root.GetProperty("import_mwh").GetInt64());
        MarketVerification replay = MarketReplay.Verify(day.LedgerPath, day.GatewayKey);
        Assert.True(replay.IsValid, replay.Problem);
    }

    [Fact]
    public async Task A_settlement_whose_netted_money_is_changed_by_one_is_named_even_when_resigned_and_rechained()
    {
        using MarketDay day = new();
        await day.RunAsync(MarketDay.DayStart + (11 * 3_600_000), 60);
        (IReadOnlyList<SlotHistory> slots, _) = MarketHistory.Read(day.LedgerPath);
        MarketRecord target = slots.SelectMany(s => s.Settlements).First(s => s.Root.GetProperty("netted_nc").GetInt64() != 0);
        long netted = target.Root.GetProperty("netted_nc").GetInt64();
        string payload = MarketDay.Text(target.Payload).Replace($"\"netted_nc\":{netted},", $"\"netted_nc\":{netted + 1},", StringComparison.Ordinal);
        day.Ledger.Dispose();
        Rewrite(day.LedgerPath, target.Index, MarketRecordWriter.Seal(Encoding.ASCII.GetBytes(payload), new HmacSha256Signer(day.GatewayKey.KeyId, day.GatewayKey.Key)));

        MarketVerification replay = MarketReplay.Verify(day.LedgerPath, day.GatewayKey);
        Assert.False(replay.IsValid);
        Assert.Equal(target.Index, replay.FirstBadIndex);
        Assert.Contains("settlement record does not reproduce", replay.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_correction_of_one_device_alone_is_named_because_it_leaves_the_others_on_the_old_netting()
    {
        using MarketDay day = new();
        await day.RunAsync(MarketDay.DayStart + (11 * 3_600_000), 40);
        (IReadOnlyList<SlotHistory> slots, MarketLedgerView view) = MarketHistory.Read(day.LedgerPath);
        long slot = slots.First(s => s.Settlements.Count > 0).Slot;
        // A record that reproduces from the ledger below it (dev-a's correction of that slot), but no pass around it.
        MarketSettlement lone = MarketEngine.SlotSettlements(view, slot)!.Single(s => s.Device == "dev-a");
        long index = day.Ledger.AppendGatewayRecord(MarketRecordWriter.MarketDevice, view.LastMarketSequence + 1,
            MarketRecordWriter.Seal(MarketRecordWriter.Settlement(view.LastMarketSequence + 1, day.Now, lone), new HmacSha256Signer(day.GatewayKey.KeyId, day.GatewayKey.Key)), day.Now);

        MarketVerification replay = MarketReplay.Verify(day.LedgerPath, day.GatewayKey);
        Assert.False(replay.IsValid);
        Assert.Equal(index, replay.FirstBadIndex);
        Assert.Contains($"the settlement pass of slot {slot} ends at idx {index} without 'dev-b'", replay.Problem, StringComparison.Ordinal);
    }

    /// <summary>Replaces one entry's raw bytes and recomputes every hash from it on, as a forger with write access would.</summary>
    private static void Rewrite(string path, long index, byte[] raw)
    {
        using SqliteConnection connection = new($"Data Source={path};Pooling=False");
        connection.Open();
        List<(long Idx, byte[] Raw)> rows = [];
        using (SqliteCommand read = connection.CreateCommand())
        {
            read.CommandText = "SELECT idx, raw FROM ledger ORDER BY idx";
            using SqliteDataReader reader = read.ExecuteReader();
            while (reader.Read())
            {
                rows.Add((reader.GetInt64(0), reader.GetInt64(0) == index ? raw : (byte[])reader.GetValue(1)));
            }
        }

        byte[] previous = LedgerHash.Genesis();
        using SqliteTransaction transaction = connection.BeginTransaction();
        foreach ((long idx, byte[] entry) in rows)
        {
            byte[] hash = LedgerHash.Compute(previous, idx, entry);
            using SqliteCommand update = connection.CreateCommand();
            update.Transaction = transaction;
            update.CommandText = "UPDATE ledger SET raw = $raw, prev_hash = $prev, hash = $hash WHERE idx = $idx";
            update.Parameters.AddWithValue("$raw", entry);
            update.Parameters.AddWithValue("$prev", previous);
            update.Parameters.AddWithValue("$hash", hash);
            update.Parameters.AddWithValue("$idx", idx);
            update.ExecuteNonQuery();
            previous = hash;
        }

        transaction.Commit();
    }
}
