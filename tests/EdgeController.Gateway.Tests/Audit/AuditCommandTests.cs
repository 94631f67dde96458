using EdgeController.Ledger;
using Microsoft.Data.Sqlite;

namespace EdgeController.Gateway.Tests.Audit;

/// <summary>
/// The auditor's path through the real tool: `head` writes a signed head that openssl verifies,
/// `prove` a proof, and `audit`, holding only the public key, accepts the intact ledger and
/// refuses one changed byte and a rewritten history.
/// </summary>
public sealed class AuditCommandTests : IDisposable
{
    private readonly TemporaryFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private string LedgerPath => _folder.File("site1.db");

    private string Head(string name)
    {
        string folder = _folder.File(name);
        ExternalProcess.Result head = ExternalProcess.RunTool("ec-gateway", "head", "--ledger", LedgerPath, "--out", folder);
        Assert.True(head.ExitCode == 0, head.Error);
        Assert.StartsWith("{\"origin\":\"ec/v1/site1/ledger\",\"tree_size\":", head.Output, StringComparison.Ordinal);
        return folder;
    }

    private (string Proof, string Message) Prove(long idx, string name)
    {
        ExternalProcess.Result prove = ExternalProcess.RunTool("ec-gateway", "prove", "--ledger", LedgerPath, "--idx", idx.ToString(System.Globalization.CultureInfo.InvariantCulture), "--message-out", _folder.File(name + ".raw"));
        Assert.True(prove.ExitCode == 0, prove.Error);
        Assert.Single(prove.Output.Trim().Split('\n')); // JSON only on stdout
        File.WriteAllText(_folder.File(name + ".json"), prove.Output);
        return (_folder.File(name + ".json"), _folder.File(name + ".raw"));
    }

    private ExternalProcess.Result Audit(string head, params string[] more) =>
        ExternalProcess.RunTool("ec-gateway", ["audit", "--public-key", Path.Combine(head, "gateway.pub.pem"), "--checkpoint", Path.Combine(head, "checkpoint"), .. more]);

    private void ChangeOneByte(long idx)
    {
        using SqliteConnection connection = new($"Data Source={LedgerPath};Pooling=False");
        connection.Open();
        using SqliteCommand read = connection.CreateCommand();
        read.CommandText = $"SELECT raw FROM ledger WHERE idx = {idx}";
        byte[] raw = (byte[])read.ExecuteScalar()!;
        // The last digit of "ts": the message still parses, one byte differs.
        int at = SignedReadings.Text(raw).IndexOf(",\"tq\"", StringComparison.Ordinal) - 1;
        raw[at] = (byte)(raw[at] == (byte)'9' ? '8' : '9');
        using SqliteCommand update = connection.CreateCommand();
        update.CommandText = "UPDATE ledger SET raw = $raw WHERE idx = $idx";
        update.Parameters.AddWithValue("$raw", raw);
        update.Parameters.AddWithValue("$idx", idx);
        Assert.Equal(1, update.ExecuteNonQuery());
    }

    [RequiresProgramFact("openssl")]
    public void OpensslVerifiesTheHead_WithTheCommandOfTheDocs()
    {
        LedgerTreeTests.Fill(LedgerPath, 1, 20);
        string head = Head("head");

        ExternalProcess.Result verified = ExternalProcess.Run(ExternalProcess.Find("openssl")!,
            ["dgst", "-sha256", "-verify", Path.Combine(head, "gateway.pub.pem"), "-signature", Path.Combine(head, "checkpoint.sig"), Path.Combine(head, "checkpoint")], TimeSpan.FromSeconds(30));
        Assert.True(verified.ExitCode == 0, verified.Output + verified.Error);
        Assert.Contains("Verified OK", verified.Output, StringComparison.Ordinal);

        File.AppendAllText(Path.Combine(head, "checkpoint"), "x");
        ExternalProcess.Result refused = ExternalProcess.Run(ExternalProcess.Find("openssl")!,
            ["dgst", "-sha256", "-verify", Path.Combine(head, "gateway.pub.pem"), "-signature", Path.Combine(head, "checkpoint.sig"), Path.Combine(head, "checkpoint")], TimeSpan.FromSeconds(30));
        Assert.NotEqual(0, refused.ExitCode);
    }

    [Fact]
    public void IntactEntry_PassesAudit_WithDeviceKeysToo()
    {
        LedgerTreeTests.Fill(LedgerPath, 1, 40);
        string head = Head("head");
        (string proof, string message) = Prove(3, "p3");
        File.WriteAllText(_folder.File("keys.json"), "{\"dev-a\":{\"k1\":\"" + Convert.ToHexStringLower(SignedReadings.KeyA) + "\"}}");

        ExternalProcess.Result audit = Audit(head, "--proof", proof, "--message", message, "--keys", _folder.File("keys.json"));

        Assert.True(audit.ExitCode == 0, audit.Output + audit.Error);
        Assert.Contains("\"inclusion\":\"ok\"", audit.Output, StringComparison.Ordinal);
        Assert.Contains("\"device_signature\":\"ok\"", audit.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void OneChangedByteInAnOldEntry_FailsAuditAgainstTheSignedHead()
    {
        LedgerTreeTests.Fill(LedgerPath, 1, 40);
        string head = Head("head");
        (string honestProof, _) = Prove(3, "honest");
        ChangeOneByte(3);
        (string proof, string message) = Prove(3, "tampered");

        ExternalProcess.Result fromTamperedLedger = Audit(head, "--proof", proof, "--message", message);
        ExternalProcess.Result tamperedMessageHonestProof = Audit(head, "--proof", honestProof, "--message", message);
        (string neighbourProof, string neighbour) = Prove(4, "neighbour");
        ExternalProcess.Result neighbourOfTheChange = Audit(head, "--proof", neighbourProof, "--message", neighbour);

        Assert.Equal(1, fromTamperedLedger.ExitCode);
        Assert.Contains("\"inclusion\":\"fail\"", fromTamperedLedger.Output, StringComparison.Ordinal);
        Assert.Equal(1, tamperedMessageHonestProof.ExitCode);
        Assert.Equal(1, neighbourOfTheChange.ExitCode);
    }

    [Fact]
    public void RewrittenHistoryWithANewHead_FailsConsistencyFromTheOldHead()
    {
        LedgerTreeTests.Fill(LedgerPath, 1, 40);
        string oldHead = Head("old");
        LedgerTreeTests.Fill(LedgerPath, 41, 50);
        string honestHead = Head("honest");
        ExternalProcess.Result honestProof = ExternalProcess.RunTool("ec-gateway", "prove", "--ledger", LedgerPath, "--from", "40", "--to", "50");
        File.WriteAllText(_folder.File("honest.json"), honestProof.Output);
        ExternalProcess.Result honest = Audit(honestHead, "--old-checkpoint", Path.Combine(oldHead, "checkpoint"), "--consistency", _folder.File("honest.json"));
        Assert.True(honest.ExitCode == 0, honest.Output + honest.Error);

        // The operator rewrites entry 7, recomputes the chain and the tree, and signs a new head.
        ChangeOneByte(7);
        using (SqliteConnection connection = new($"Data Source={LedgerPath};Pooling=False"))
        {
            connection.Open();
            byte[] previous = LedgerHash.Genesis();
            for (long idx = 1; idx <= 50; idx++)
            {
                using SqliteCommand read = connection.CreateCommand();
                read.CommandText = $"SELECT raw FROM ledger WHERE idx = {idx}";
                byte[] hash = LedgerHash.Compute(previous, idx, (byte[])read.ExecuteScalar()!);
                using SqliteCommand update = connection.CreateCommand();
                update.CommandText = "UPDATE ledger SET prev_hash = $prev, hash = $hash WHERE idx = $idx";
                update.Parameters.AddWithValue("$prev", previous);
                update.Parameters.AddWithValue("$hash", hash);
                update.Parameters.AddWithValue("$idx", idx);
                update.ExecuteNonQuery();
                previous = hash;
            }

            using SqliteCommand drop = connection.CreateCommand();
            drop.CommandText = "DELETE FROM merkle_nodes; DELETE FROM checkpoints;";
            drop.ExecuteNonQuery();
        }

        LedgerTreeTests.Fill(LedgerPath, 51, 52);
        Assert.True(LedgerChainVerifier.Verify(LedgerPath, null).IsValid);
        string newHead = Head("new");
        ExternalProcess.Result proof = ExternalProcess.RunTool("ec-gateway", "prove", "--ledger", LedgerPath, "--from", "40", "--to", "52");
        Assert.True(proof.ExitCode == 0, proof.Error);
        File.WriteAllText(_folder.File("rewritten.json"), proof.Output);

        ExternalProcess.Result audit = Audit(newHead, "--old-checkpoint", Path.Combine(oldHead, "checkpoint"), "--consistency", _folder.File("rewritten.json"));

        Assert.Equal(1, audit.ExitCode);
        Assert.Contains("\"head\":\"ok\"", audit.Output, StringComparison.Ordinal);
        Assert.Contains("\"consistency\":\"fail\"", audit.Output, StringComparison.Ordinal);
    }
}
