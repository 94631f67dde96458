using Microsoft.Data.Sqlite;

namespace EdgeController.Ledger.Market;

/// <summary>
/// Reads a ledger file once, in idx order, and keeps for every result record the book it was
/// cleared from (rebuilt from the entries below it), with the slot's settlements. What `market`
/// and `market export` show. Read-only.
/// </summary>
public static class MarketHistory
{
    /// <summary>Every cleared slot in slot order, and the view of the whole ledger.</summary>
    public static (IReadOnlyList<SlotHistory> Slots, MarketLedgerView View) Read(string ledgerPath)
    {
        if (!File.Exists(ledgerPath))
        {
            throw new FileNotFoundException($"ledger '{ledgerPath}' does not exist", ledgerPath);
        }

        MarketLedgerView view = new();
        Dictionary<long, SlotHistory> slots = new();
        using SqliteConnection connection = new($"Data Source={ledgerPath};Mode=ReadOnly;Pooling=False");
        connection.Open();
        using SqliteCommand query = connection.CreateCommand();
        query.CommandText = "SELECT idx, dev, seq, received_ms, raw, hash FROM ledger ORDER BY idx";
        using SqliteDataReader reader = query.ExecuteReader();
        while (reader.Read())
        {
            long index = reader.GetInt64(0);
            string device = reader.GetString(1);
            byte[] raw = (byte[])reader.GetValue(4);
            int before = view.Records.Count;
            if (device == MarketRecordWriter.MarketDevice)
            {
                // The book as it stood just before the record: needed only when it is a result.
                OrderBook? book = null;
                MarketLedgerView probe = new();
                probe.Add(index, device, reader.GetInt64(2), reader.GetInt64(3), raw, (byte[])reader.GetValue(5));
                if (probe.Records.Count == 1 && probe.Records[0].Kind == MarketRecordWriter.ResultKind
                    && MarketLedgerView.Integer(probe.Records[0].Root, "slot") is long slot)
                {
                    book = MarketEngine.Book(view, slot).Book;
                }

                view.Add(index, device, reader.GetInt64(2), reader.GetInt64(3), raw, (byte[])reader.GetValue(5));
                if (view.Records.Count > before)
                {
                    MarketRecord record = view.Records[^1];
                    long recordSlot = MarketLedgerView.Integer(record.Root, "slot") ?? 0;
                    if (book is not null && !slots.ContainsKey(recordSlot))
                    {
                        slots[recordSlot] = new SlotHistory(recordSlot, book, record, []);
                    }
                    else if (record.Kind == MarketRecordWriter.SettlementKind && slots.TryGetValue(recordSlot, out SlotHistory? history))
                    {
                        history.Settlements.Add(record);
                    }
                }

                continue;
            }

            view.Add(index, device, reader.GetInt64(2), reader.GetInt64(3), raw, (byte[])reader.GetValue(5));
        }

        return (slots.Values.OrderBy(s => s.Slot).ToList(), view);
    }
}
