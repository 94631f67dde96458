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

        // dev-a delivered 15 x 8333 mWh over the slot, 124995 mWh, against 125 Wh sold: -5 mWh short at import 400000.
        JsonElement a = noon.Settlements.Single(s => s.Root.GetProperty("device").GetString() == "dev-a").Root;
        Assert.Equal(124_995, a.GetProperty("export_mwh").GetInt64());
        Assert.Equal(-5, a.GetProperty("deviation_mwh").GetInt64());
        Assert.Equal(125 * 150_000, a.GetProperty("market_nc").GetInt64());
        Assert.Equal(-2000, a.GetProperty("deviation_nc").GetInt64());
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

    [Fact]
    public async Task A_device_back_from_an_outage_brings_a_correction_that_replays()
    {
        using MarketDay day = new();
        long slot = MarketDay.DayStart + (12 * 3_600_000);
        // dev-b is silent from 2 minutes before the slot ends until 10 minutes after: the end
        // boundary has no reading after it when the settlement is written.
        day.Outage = ("dev-b", slot + 780_000, slot + 1_500_000);
        await day.RunAsync(slot - 600_000, 60);
        (IReadOnlyList<SlotHistory> slots, _) = MarketHistory.Read(day.LedgerPath);
        List<MarketRecord> settlements = slots.Single(s => s.Slot == slot).Settlements.Where(s => s.Root.GetProperty("device").GetString() == "dev-b").ToList();
        Assert.Equal(2, settlements.Count);
        Assert.Equal(settlements[0].Index, settlements[1].Root.GetProperty("corrects").GetInt64());
        Assert.True(settlements[1].Root.GetProperty("import_mwh").GetInt64() > settlements[0].Root.GetProperty("import_mwh").GetInt64());
        MarketVerification replay = MarketReplay.Verify(day.LedgerPath, day.GatewayKey);
        Assert.True(replay.IsValid, replay.Problem);
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
