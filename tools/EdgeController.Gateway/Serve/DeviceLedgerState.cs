using EdgeController.Ledger.Readings;

namespace EdgeController.Gateway.Serve;

/// <summary>What the ledger says about one device: its newest reading, counts, gaps and the power per chart slot.</summary>
public sealed class DeviceLedgerState
{
    /// <summary>Ledger entries (readings and events).</summary>
    public long Entries { get; set; }

    /// <summary>When the gateway received the newest entry (Unix ms).</summary>
    public long LastReceivedMilliseconds { get; set; }

    /// <summary>The newest reading (not event), or null.</summary>
    public ReadingDocument? LastReading { get; private set; }

    /// <summary>Recorded seq gaps, first and last missing.</summary>
    public List<(long First, long Last)> Gaps { get; } = [];

    /// <summary>Sums of power (mW) per channel and the reading count, per slot start (device time, Unix ms).</summary>
    public SortedDictionary<long, (Dictionary<string, long> Sums, int Count)> Slots { get; } = [];

    /// <summary>Takes a reading in.</summary>
    public void Add(ReadingDocument reading)
    {
        if (LastReading is null || reading.Sequence > LastReading.Sequence)
        {
            LastReading = reading;
        }

        long slot = reading.DeviceTimeMilliseconds - (reading.DeviceTimeMilliseconds % LedgerFollower.SlotMilliseconds);
        if (!Slots.TryGetValue(slot, out (Dictionary<string, long> Sums, int Count) entry))
        {
            entry = (new Dictionary<string, long>(StringComparer.Ordinal), 0);
        }

        foreach (string channel in reading.ChannelKeys)
        {
            entry.Sums[channel] = entry.Sums.GetValueOrDefault(channel) + (reading.Integer(channel + "_mw") ?? 0);
        }

        Slots[slot] = (entry.Sums, entry.Count + 1);
    }
}
