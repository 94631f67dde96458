using System.Text.Json;
using EdgeController.Core.Signing;
using Microsoft.Data.Sqlite;

namespace EdgeController.Ledger.Market;

/// <summary>
/// What the market reads from the ledger, entry by entry in idx order: order events by slot,
/// each device's synced readings with grid registers, and the `_market` records (params, results,
/// settlements). Everything the clearing, the settlement and their replay use comes from here, so
/// the ledger alone decides them. Grows by <see cref="Add"/>; <see cref="LoadNew"/> reads the file
/// read-only from the last idx seen.
/// </summary>
public sealed class MarketLedgerView
{
    private readonly Dictionary<long, List<MarketOrder>> _ordersBySlot = new();
    private readonly Dictionary<string, List<ReadingPoint>> _readingsByDevice = new(StringComparer.Ordinal);
    private readonly List<(long Index, long Timestamp, MarketParameters Parameters)> _parameters = [];
    private readonly Dictionary<long, MarketRecord> _resultsBySlot = new();
    private readonly Dictionary<(long Slot, string Device), MarketRecord> _settlements = new();
    private readonly List<MarketRecord> _records = [];

    /// <summary>The idx of the newest entry seen (0 before any).</summary>
    public long LastIndex { get; private set; }

    /// <summary>How many readings the view holds: a settlement computed at one count stays right until it grows.</summary>
    public long ReadingCount { get; private set; }

    /// <summary>Order events whose payload had no integer "slot", so no book can take them.</summary>
    public long UnattributedOrders { get; private set; }

    /// <summary>Every `_market` record in idx order.</summary>
    public IReadOnlyList<MarketRecord> Records => _records;

    /// <summary>The newest `_market` seq (0 before any record).</summary>
    public long LastMarketSequence => _records.Count > 0 ? _records.Max(r => r.Sequence) : 0;

    /// <summary>The slots that have orders.</summary>
    public IEnumerable<long> OrderSlots => _ordersBySlot.Keys;

    /// <summary>A slot's order events (in idx order).</summary>
    public IReadOnlyList<MarketOrder> OrdersFor(long slot) => _ordersBySlot.TryGetValue(slot, out List<MarketOrder>? orders) ? orders : [];

    /// <summary>The devices with synced grid readings in the view.</summary>
    public IEnumerable<string> DevicesWithReadings => _readingsByDevice.Keys;

    /// <summary>A device's readings (in idx order).</summary>
    public IReadOnlyList<ReadingPoint> ReadingsOf(string device) => _readingsByDevice.TryGetValue(device, out List<ReadingPoint>? readings) ? readings : [];

    /// <summary>
    /// The params a slot is cleared with: the newest params record whose ts lies before that
    /// record's own gate closure for the slot (docs/design.md), or null.
    /// </summary>
    public (long Index, MarketParameters Parameters)? ParametersFor(long slot)
    {
        for (int i = _parameters.Count - 1; i >= 0; i--)
        {
            if (_parameters[i].Timestamp < slot - _parameters[i].Parameters.GateClosureMilliseconds)
            {
                return (_parameters[i].Index, _parameters[i].Parameters);
            }
        }

        return null;
    }

    /// <summary>The params record at idx.</summary>
    public MarketParameters? ParametersAt(long index) => _parameters.FirstOrDefault(p => p.Index == index).Parameters;

    /// <summary>The newest params record, or null.</summary>
    public MarketParameters? LatestParameters => _parameters.Count > 0 ? _parameters[^1].Parameters : null;

    /// <summary>The result record of a slot, or null.</summary>
    public MarketRecord? ResultFor(long slot) => _resultsBySlot.GetValueOrDefault(slot);

    /// <summary>The latest settlement record of (slot, device), or null.</summary>
    public MarketRecord? SettlementFor(long slot, string device) => _settlements.GetValueOrDefault((slot, device));

    /// <summary>Slots with a result.</summary>
    public IEnumerable<long> ClearedSlots => _resultsBySlot.Keys;

    /// <summary>Reads every entry after <see cref="LastIndex"/> from the ledger file (read-only); returns how many.</summary>
    public int LoadNew(string ledgerPath)
    {
        using SqliteConnection connection = new($"Data Source={ledgerPath};Mode=ReadOnly;Pooling=False");
        connection.Open();
        using SqliteCommand query = connection.CreateCommand();
        query.CommandText = "SELECT idx, dev, seq, received_ms, raw, hash FROM ledger WHERE idx > $last ORDER BY idx";
        query.Parameters.AddWithValue("$last", LastIndex);
        using SqliteDataReader reader = query.ExecuteReader();
        int count = 0;
        while (reader.Read())
        {
            Add(reader.GetInt64(0), reader.GetString(1), reader.GetInt64(2), reader.GetInt64(3), (byte[])reader.GetValue(4), (byte[])reader.GetValue(5));
            count++;
        }

        return count;
    }

    /// <summary>Takes one ledger entry (they must come in idx order).</summary>
    public void Add(long index, string device, long sequence, long receivedMilliseconds, byte[] raw, byte[] hash)
    {
        LastIndex = index;
        int payloadOffset;
        int payloadLength;
        if (device == MarketRecordWriter.MarketDevice)
        {
            if (MarketEnvelope.TryParse(raw) is not MarketEnvelope envelope)
            {
                return;
            }

            (payloadOffset, payloadLength) = (envelope.PayloadOffset, envelope.PayloadLength);
        }
        else
        {
            EnvelopeParts parts = new();
            if (SignedEnvelopeReader.TryParse(raw, raw.Length, parts) != EnvelopeError.None)
            {
                return;
            }

            (payloadOffset, payloadLength) = (parts.PayloadOffset, parts.PayloadLength);
        }

        byte[] payload = raw.AsSpan(payloadOffset, payloadLength).ToArray();
        JsonElement root;
        try
        {
            using JsonDocument document = JsonDocument.Parse(payload);
            root = document.RootElement.Clone();
        }
        catch (JsonException)
        {
            return;
        }

        if (root.ValueKind != JsonValueKind.Object)
        {
            return;
        }

        string? kind = root.TryGetProperty("ev", out JsonElement ev) && ev.ValueKind == JsonValueKind.String ? ev.GetString() : null;
        if (device == MarketRecordWriter.MarketDevice)
        {
            AddRecord(new MarketRecord(index, sequence, Integer(root, "ts") ?? 0, kind ?? "", payload, raw, root));
        }
        else if (kind == "order")
        {
            AddOrder(index, device, sequence, receivedMilliseconds, root);
        }
        else if (kind is null && Integer(root, "tq") == 1 && Integer(root, "ts") is long ts
            && Integer(root, "grid_fwd_mwh") is long import && Integer(root, "grid_rev_mwh") is long export)
        {
            if (!_readingsByDevice.TryGetValue(device, out List<ReadingPoint>? readings))
            {
                readings = [];
                _readingsByDevice[device] = readings;
            }

            readings.Add(new ReadingPoint(index, device, ts, import, export, Convert.ToHexStringLower(hash)));
            ReadingCount++;
        }
    }

    private void AddOrder(long index, string device, long sequence, long receivedMilliseconds, JsonElement root)
    {
        if (Integer(root, "slot") is not long slot)
        {
            UnattributedOrders++;
            return;
        }

        string side = root.TryGetProperty("side", out JsonElement s) && s.ValueKind == JsonValueKind.String ? s.GetString() ?? "" : "";
        long? wh = Integer(root, "wh");
        long? price = Integer(root, "price");
        if (!_ordersBySlot.TryGetValue(slot, out List<MarketOrder>? orders))
        {
            orders = [];
            _ordersBySlot[slot] = orders;
        }

        orders.Add(new MarketOrder(index, device, sequence, receivedMilliseconds, slot, side, wh ?? 0, price ?? 0, wh is null || price is null));
    }

    private void AddRecord(MarketRecord record)
    {
        _records.Add(record);
        switch (record.Kind)
        {
            case MarketRecordWriter.ParamsKind when MarketRecordReader.TryReadParameters(record.Root, out MarketParameters? parameters):
                _parameters.Add((record.Index, record.Timestamp, parameters!));
                break;
            case MarketRecordWriter.ResultKind when Integer(record.Root, "slot") is long slot:
                _resultsBySlot[slot] = record;
                break;
            case MarketRecordWriter.SettlementKind when Integer(record.Root, "slot") is long slot
                && record.Root.TryGetProperty("device", out JsonElement device) && device.GetString() is string name:
                _settlements[(slot, name)] = record;
                break;
        }
    }

    /// <summary>An integer member of a JSON object, or null.</summary>
    public static long? Integer(JsonElement root, string name) =>
        root.TryGetProperty(name, out JsonElement value) && value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out long number) ? number : null;
}
