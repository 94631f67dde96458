using System.Text.Json;

namespace EdgeController.Ledger.Market;

/// <summary>A `_market` entry of the ledger: idx, seq, its "ts" and "ev", the exact payload bytes and the parsed payload.</summary>
public sealed record MarketRecord(long Index, long Sequence, long Timestamp, string Kind, byte[] Payload, byte[] Raw, JsonElement Root);
