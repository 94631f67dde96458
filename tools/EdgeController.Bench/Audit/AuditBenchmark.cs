using System.Diagnostics;
using EdgeController.Core.Signing;
using EdgeController.Core.Telemetry;
using EdgeController.Hal.Simulation.Signing;
using EdgeController.Ledger;
using EdgeController.Ledger.Audit;
using EdgeController.Simulator;

namespace EdgeController.Bench.Audit;

/// <summary>
/// The audit figures of issue 14: two ledgers fed the same signed readings through the
/// gateway's ingest path (verify, then append in batches of the subscriber's size), one keeping
/// the Merkle tree and one not, batch for batch in turn so that both see the same machine load;
/// then inclusion proofs of random entries of the full ledger: size, time to produce, time to verify.
/// </summary>
public static class AuditBenchmark
{
    private const int Devices = 8;
    private const int ProofSamples = 1000;

    /// <summary>The measured figures.</summary>
    public sealed record Result(long Entries, double AppendPerSecondWithTree, double AppendPerSecondWithoutTree, double MedianBatchRateRatio, double CpuRateRatio, int MaxInclusionHashes,
        int MaxConsistencyHashes, double ProveMicroseconds, double VerifyMicroseconds, bool AllVerified, long MerkleRows);

    /// <summary>Runs with entries readings in the folder (files removed afterwards).</summary>
    public static Result Run(int entries, int seed, string folder)
    {
        Directory.CreateDirectory(folder);
        string withTree = Path.Combine(folder, $"audit-tree-{Guid.NewGuid():N}.db");
        string withoutTree = Path.Combine(folder, $"audit-plain-{Guid.NewGuid():N}.db");
        KeyRegistry registry = KeyRegistry.Empty();
        SignedEnvelopeWriter[] writers = new SignedEnvelopeWriter[Devices];
        Random random = new(seed);
        for (int device = 0; device < Devices; device++)
        {
            byte[] key = new byte[KeyRegistry.KeyBytes];
            random.NextBytes(key);
            registry.Set(SimulationRun.DeviceId(device + 1), "k1", key);
            writers[device] = new SignedEnvelopeWriter(new HmacSha256Signer("k1", key));
        }

        Stopwatch treeTime = new();
        Stopwatch plainTime = new();
        List<double> ratios = [];
        TimeSpan[] cpu = new TimeSpan[2]; // [0] with the tree, [1] without
        using (LedgerDatabase tree = LedgerDatabase.Open(withTree))
        using (LedgerDatabase plain = LedgerDatabase.Open(withoutTree))
        {
            plain.Tree.SkippedForMeasurement = true;
            LedgerIngestor treeIngest = new(registry, tree, () => 0);
            LedgerIngestor plainIngest = new(registry, plain, () => 0);
            for (int first = 0; first < entries; first += MqttLedgerSubscriber.MaxBatchMessages)
            {
                List<IncomingMessage> batch = Readings(first, Math.Min(MqttLedgerSubscriber.MaxBatchMessages, entries - first), writers);
                // Alternate which goes first, so neither always meets a warm or a cold cache.
                bool treeFirst = (first / MqttLedgerSubscriber.MaxBatchMessages) % 2 == 0;
                TimeSpan treeBefore = treeTime.Elapsed;
                TimeSpan plainBefore = plainTime.Elapsed;
                Measure(treeFirst ? treeIngest : plainIngest, batch, treeFirst ? treeTime : plainTime, cpu, treeFirst ? 0 : 1);
                Measure(treeFirst ? plainIngest : treeIngest, batch, treeFirst ? plainTime : treeTime, cpu, treeFirst ? 1 : 0);
                // The machine is shared: a pair of batches run back to back sees one load, so
                // the median of the pairs' ratios is the figure that load does not move.
                ratios.Add((plainTime.Elapsed - plainBefore) / (treeTime.Elapsed - treeBefore));
            }
        }

        ratios.Sort();
        Result result = MeasureProofs(withTree, entries, seed, treeTime, plainTime, ratios[ratios.Count / 2], cpu[1] / cpu[0]);
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        foreach (string file in Directory.GetFiles(folder, "audit-*.db*"))
        {
            File.Delete(file);
        }

        return result;
    }

    private static Result MeasureProofs(string ledgerPath, int entries, int seed, Stopwatch treeTime, Stopwatch plainTime, double medianRatio, double cpuRatio)
    {
        using MerkleReader reader = MerkleReader.Open(ledgerPath);
        byte[] root = reader.Root(entries);
        Random random = new(seed);
        long[] samples = Enumerable.Range(0, ProofSamples).Select(_ => random.NextInt64(1, entries + 1)).ToArray();
        List<(long Index, byte[] Leaf, List<byte[]> Path)> proofs = new(ProofSamples);
        Stopwatch prove = Stopwatch.StartNew();
        foreach (long idx in samples)
        {
            proofs.Add((idx, MerkleHash.Leaf(reader.Raw(idx)), reader.Inclusion(idx, entries)));
        }

        prove.Stop();
        bool allVerified = true;
        Stopwatch verify = Stopwatch.StartNew();
        foreach ((long idx, byte[] leaf, List<byte[]> path) in proofs)
        {
            allVerified &= MerkleProofs.VerifyInclusion(idx - 1, entries, leaf, path, root);
        }

        verify.Stop();
        int maxConsistency = samples.Take(50).Max(size => reader.Consistency(size, entries).Count);
        using Microsoft.Data.Sqlite.SqliteConnection connection = new($"Data Source={ledgerPath};Mode=ReadOnly;Pooling=False");
        connection.Open();
        using Microsoft.Data.Sqlite.SqliteCommand rows = connection.CreateCommand();
        rows.CommandText = "SELECT COUNT(*) FROM merkle_nodes";
        return new Result(entries, entries / treeTime.Elapsed.TotalSeconds, entries / plainTime.Elapsed.TotalSeconds, medianRatio, cpuRatio,
            proofs.Max(proof => proof.Path.Count), maxConsistency,
            prove.Elapsed.TotalMicroseconds / ProofSamples, verify.Elapsed.TotalMicroseconds / ProofSamples, allVerified, (long)rows.ExecuteScalar()!);
    }

    private static void Measure(LedgerIngestor ingestor, List<IncomingMessage> batch, Stopwatch time, TimeSpan[] cpu, int slot)
    {
        // Process CPU time as well as wall time: on a shared machine the wall time mostly
        // measures the other processes; the CPU seconds an append costs do not depend on them.
        TimeSpan cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        time.Start();
        ingestor.IngestBatch(batch);
        time.Stop();
        cpu[slot] += Process.GetCurrentProcess().TotalProcessorTime - cpuBefore;
    }

    /// <summary>Readings first..first+count-1 (round robin over the devices), signed as the firmware signs them.</summary>
    private static List<IncomingMessage> Readings(int first, int count, SignedEnvelopeWriter[] writers)
    {
        byte[] message = new byte[EdgeController.Core.Composition.DeviceSizing.ForEsp32().MaxMessageBytes];
        CompactJsonWriter json = new();
        List<IncomingMessage> readings = new(count);
        for (int i = first; i < first + count; i++)
        {
            int device = i % Devices;
            string deviceId = SimulationRun.DeviceId(device + 1);
            long seq = (i / Devices) + 1;
            json.Begin(message, SignedEnvelopeWriter.PayloadOffset);
            json.WriteInteger("v", 1);
            json.WriteString("dev", deviceId);
            json.WriteInteger("boot", 1);
            json.WriteInteger("seq", seq);
            json.WriteInteger("ts", 1_782_036_000_000 + (seq * 1000));
            json.WriteInteger("tq", 1);
            json.WriteInteger("per", 1000);
            foreach (string channel in SimulatedBoard.ChannelKeys)
            {
                json.WriteInteger(channel + "_mv", 13200);
                json.WriteInteger(channel + "_ma", 1000 + (i % 977));
                json.WriteInteger(channel + "_mw", 13200 + (i % 911));
                json.WriteInteger(channel + "_fwd_mwh", seq * 4);
                json.WriteInteger(channel + "_rev_mwh", 0);
            }

            json.WriteInteger("vbat_mv", 13201);
            json.WriteString("mode", "auto");
            json.WriteInteger("flt", 0);
            json.End();
            int length = writers[device].Seal(message, json.Length);
            readings.Add(new IncomingMessage(new TopicNames("bench", deviceId).Reading, message[..length], 0));
        }

        return readings;
    }
}
