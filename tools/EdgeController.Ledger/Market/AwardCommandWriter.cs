using EdgeController.Core.Telemetry;

namespace EdgeController.Ledger.Market;

/// <summary>
/// The "award" command of a device for one slot, in the command envelope of docs/design.md:
/// <c>{"v":1,"dev":..,"cmdseq":..,"from":&lt;slot&gt;,"until":&lt;slot end&gt;,"cmd":"award","slot":..,"buy_wh":..,"sell_wh":..,"price":..}</c>.
/// cmdseq is the slot's number (slot start / slot length): it rises with every slot, needs no
/// state across gateway restarts, and a repeated award carries the same one, so a device applies
/// it once. The device reads it with EdgeController.Core.Market.AwardCommandReader.
/// </summary>
public static class AwardCommandWriter
{
    /// <summary>The "cmd" value.</summary>
    public const string CommandName = "award";

    /// <summary>The payload bytes.</summary>
    public static byte[] Payload(string device, long slot, long slotMilliseconds, long buyWattHours, long sellWattHours, long price)
    {
        byte[] buffer = new byte[512];
        CompactJsonWriter json = new();
        json.Begin(buffer, 0);
        json.WriteInteger("v", 1);
        json.WriteString("dev", device);
        json.WriteInteger("cmdseq", slot / slotMilliseconds);
        json.WriteInteger("from", slot);
        json.WriteInteger("until", slot + slotMilliseconds);
        json.WriteString("cmd", CommandName);
        json.WriteInteger("slot", slot);
        json.WriteInteger("buy_wh", buyWattHours);
        json.WriteInteger("sell_wh", sellWattHours);
        json.WriteInteger("price", price);
        json.End();
        if (!json.IsValid)
        {
            throw new InvalidOperationException("award does not fit");
        }

        return buffer[..json.Length];
    }
}
