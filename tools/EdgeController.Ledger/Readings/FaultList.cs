using EdgeController.Core;

namespace EdgeController.Ledger.Readings;

/// <summary>The names of the bits set in a reading's "flt", spelled as the device's console spells them.</summary>
public static class FaultList
{
    /// <summary>Names in bit order; channelKeys names bits 0..7 (the reading's channels in board order).</summary>
    public static IReadOnlyList<string> Names(long faultFlags, IReadOnlyList<string> channelKeys)
    {
        List<string> names = [];
        for (int bit = 0; bit < 31; bit++)
        {
            if ((faultFlags & (1L << bit)) != 0)
            {
                names.Add(FaultNames.NameOf(bit, bit < channelKeys.Count ? channelKeys[bit] : null));
            }
        }

        return names;
    }
}
