using EdgeController.Ledger;
using Microsoft.Data.Sqlite;

namespace EdgeController.Gateway.Tests;

/// <summary>Signed checkpoints pin the chain against a rewrite that recomputes every hash.</summary>
public sealed class CheckpointTests : IDisposable
{
    private readonly TemporaryFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private string LedgerPath => _folder.File("ledger.db");

    private GatewayKey Key => GatewayKey.LoadOrCreate(_folder.File("gateway-key.json"));

    private void FillAndCheckpoint(int entries)
    {
        using LedgerDatabase ledger = LedgerDatabase.Open(LedgerPath);
        LedgerIngestor ingestor = new(SignedReadings.Registry(), ledger, () => 0);
        for (int seq = 1; seq <= entries; seq++)
        {
            ingestor.Ingest(SignedReadings.Topic("dev-a"), SignedReadings.Reading("dev-a", seq));
        }

        byte[]? message = ledger.Checkpoint("gateway-site1", Key, 1_782_036_000_000);
        Assert.NotNull(message);
        Assert.StartsWith("EC1|{\"v\":1,\"dev\":\"gateway-site1\",\"ev\":\"checkpoint\",\"idx\":" + entries + ",", LedgerCheckpoint.Text(message), StringComparison.Ordinal);
    }

    [Fact]
    public void IntactLedger_MatchesItsCheckpoint()
    {
        FillAndCheckpoint(4);

        Assert.Equal((1, ""), CheckpointVerifier.Verify(LedgerPath, Key));
    }

    [Fact]
    public void RewrittenChain_PassesTheChainCheck_ButNotTheCheckpoint()
    {
        FillAndCheckpoint(4);
        using (SqliteConnection connection = new($"Data Source={LedgerPath};Pooling=False"))
        {
            connection.Open();
            byte[] previous = new byte[32];
            for (long index = 1; index <= 4; index++)
            {
                byte[] raw = index == 2 ? SignedReadings.Reading("dev-a", 2, energyMilliwattHours: 999) : SignedReadings.Reading("dev-a", index);
                byte[] hash = LedgerHash.Compute(previous, index, raw);
                using SqliteCommand update = connection.CreateCommand();
                update.CommandText = "UPDATE ledger SET raw = $raw, prev_hash = $prev, hash = $hash WHERE idx = $idx";
                update.Parameters.AddWithValue("$raw", raw);
                update.Parameters.AddWithValue("$prev", previous);
                update.Parameters.AddWithValue("$hash", hash);
                update.Parameters.AddWithValue("$idx", index);
                update.ExecuteNonQuery();
                previous = hash;
            }
        }

        Assert.True(LedgerChainVerifier.Verify(LedgerPath, SignedReadings.Registry()).IsValid);
        (int _, string problem) = CheckpointVerifier.Verify(LedgerPath, Key);
        Assert.Contains("idx=4 is not the one signed", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void CheckpointUnderAnotherKey_IsRefused()
    {
        FillAndCheckpoint(2);
        GatewayKey other = new("gw1", SignedReadings.KeyB);

        (int _, string problem) = CheckpointVerifier.Verify(LedgerPath, other);

        Assert.Contains("bad signature", problem, StringComparison.Ordinal);
    }
}
