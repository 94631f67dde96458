using System.Security.Cryptography;
using Microsoft.Data.Sqlite;

namespace EdgeController.Ledger.Market;

/// <summary>
/// `verify --market`: walks the ledger in idx order and, at every `_market` record, rewrites it
/// from the entries below it alone (params: their one spelling; results: the book and clearing;
/// settlements: the registers and the result), comparing the payload byte for byte. With the
/// gateway key it also checks each record's signature. Under the "netted" rule a slot's
/// settlements must also come in whole passes (<see cref="SettlementPasses"/>), so that the newest
/// records of a slot always net to zero between them. Names the first record that differs.
/// </summary>
public static class MarketReplay
{
    /// <summary>Replays the ledger at path; key null skips signatures.</summary>
    public static MarketVerification Verify(string ledgerPath, GatewayKey? key)
    {
        if (!File.Exists(ledgerPath))
        {
            throw new FileNotFoundException($"ledger '{ledgerPath}' does not exist", ledgerPath);
        }

        MarketLedgerView view = new();
        SettlementPasses passes = new();
        SlotFiguresCache figures = new();
        int checkedRecords = 0;
        long lastSequence = 0;
        using SqliteConnection connection = new($"Data Source={ledgerPath};Mode=ReadOnly;Pooling=False");
        connection.Open();
        using SqliteCommand query = connection.CreateCommand();
        query.CommandText = "SELECT idx, dev, seq, received_ms, raw, hash FROM ledger ORDER BY idx";
        using SqliteDataReader reader = query.ExecuteReader();
        while (reader.Read())
        {
            long index = reader.GetInt64(0);
            string device = reader.GetString(1);
            long sequence = reader.GetInt64(2);
            byte[] raw = (byte[])reader.GetValue(4);
            byte[] hash = (byte[])reader.GetValue(5);
            MarketRecord? record = null;
            if (device == MarketRecordWriter.MarketDevice)
            {
                string problem = Check(view, figures, index, sequence, raw, key, lastSequence, out record);
                if (problem.Length > 0)
                {
                    return new MarketVerification(checkedRecords, index, problem);
                }

                lastSequence = sequence;
                checkedRecords++;
            }

            if (passes.Next(view, index, record) is (long badIndex, string passProblem))
            {
                return new MarketVerification(checkedRecords, badIndex, passProblem);
            }

            view.Add(index, device, sequence, reader.GetInt64(3), raw, hash);
        }

        if (passes.End() is (long openIndex, string openProblem))
        {
            return new MarketVerification(checkedRecords, openIndex, openProblem);
        }

        return new MarketVerification(checkedRecords, null, "");
    }

    private static string Check(MarketLedgerView view, SlotFiguresCache figures, long index, long sequence, byte[] raw, GatewayKey? key, long lastSequence, out MarketRecord? checkedRecord)
    {
        checkedRecord = null;
        if (MarketEnvelope.TryParse(raw) is not MarketEnvelope parts)
        {
            return "not a signed envelope";
        }

        if (key is not null)
        {
            byte[] mac = HMACSHA256.HashData(key.Key, raw.AsSpan(parts.PayloadOffset, parts.PayloadLength));
            if (parts.KeyId != key.KeyId || !CryptographicOperations.FixedTimeEquals(mac, parts.Mac))
            {
                return $"gateway signature does not verify (kid '{parts.KeyId}')";
            }
        }

        if (sequence <= lastSequence)
        {
            return $"_market seq {sequence} is not above {lastSequence}";
        }

        MarketLedgerView probe = new();
        probe.Add(index, MarketRecordWriter.MarketDevice, sequence, 0, raw, new byte[LedgerHash.Bytes]);
        if (probe.Records.Count == 0)
        {
            return "payload is not a JSON object";
        }

        MarketRecord record = probe.Records[0];
        byte[]? expected = Rewrite(view, figures, record, out string problem);
        if (expected is null)
        {
            return problem;
        }

        if (!expected.AsSpan().SequenceEqual(record.Payload))
        {
            return $"{record.Kind} record does not reproduce: stored {Difference(record.Payload, expected)}";
        }

        checkedRecord = record;
        return "";
    }

    private static byte[]? Rewrite(MarketLedgerView view, SlotFiguresCache figures, MarketRecord record, out string problem)
    {
        problem = "";
        switch (record.Kind)
        {
            case MarketRecordWriter.ParamsKind:
                if (!MarketRecordReader.TryReadParameters(record.Root, out MarketParameters? parameters))
                {
                    problem = "params record does not parse";
                    return null;
                }

                return MarketRecordWriter.Params(record.Sequence, record.Timestamp, parameters!);
            case MarketRecordWriter.ResultKind:
                if (MarketLedgerView.Integer(record.Root, "slot") is not long slot)
                {
                    problem = "result without a slot";
                    return null;
                }

                if (view.ResultFor(slot) is MarketRecord earlier)
                {
                    problem = $"a second result for slot {slot} (the first is idx {earlier.Index})";
                    return null;
                }

                MarketParameters? inForce = view.ParametersFor(slot)?.Parameters;
                if (inForce is not null && record.Timestamp < slot - inForce.GateClosureMilliseconds)
                {
                    problem = $"result written before gate closure of slot {slot}";
                    return null;
                }

                return MarketEngine.Result(view, slot, record.Sequence, record.Timestamp).Payload;
            case MarketRecordWriter.SettlementKind:
                if (MarketLedgerView.Integer(record.Root, "slot") is not long settledSlot
                    || !record.Root.TryGetProperty("device", out System.Text.Json.JsonElement device) || device.GetString() is not string name)
                {
                    problem = "settlement without slot or device";
                    return null;
                }

                IReadOnlyList<MarketSettlement>? slotFigures = figures.Of(view, settledSlot);
                if (slotFigures is null)
                {
                    problem = $"settlement of slot {settledSlot} without an earlier result";
                    return null;
                }

                if (slotFigures.FirstOrDefault(s => s.Device == name) is not MarketSettlement settlement)
                {
                    problem = $"settlement of '{name}', whom the result of slot {settledSlot} awards nothing";
                    return null;
                }

                return MarketRecordWriter.Settlement(record.Sequence, record.Timestamp, settlement with { Corrects = view.SettlementFor(settledSlot, name)?.Index });
            default:
                problem = $"unknown _market record kind '{record.Kind}'";
                return null;
        }
    }

    /// <summary>Where two payloads part, as a short excerpt of each.</summary>
    private static string Difference(byte[] stored, byte[] expected)
    {
        int at = 0;
        while (at < stored.Length && at < expected.Length && stored[at] == expected[at])
        {
            at++;
        }

        int from = Math.Max(0, at - 20);
        string Excerpt(byte[] bytes) => System.Text.Encoding.ASCII.GetString(bytes, Math.Min(from, bytes.Length), Math.Max(0, Math.Min(60, bytes.Length - from)));
        return $"'...{Excerpt(stored)}...' where the replay writes '...{Excerpt(expected)}...' (byte {at})";
    }
}
