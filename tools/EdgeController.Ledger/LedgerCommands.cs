using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using EdgeController.Core.Commands;

namespace EdgeController.Ledger;

/// <summary>
/// The gateway's commands to a device, in the one spelling the device's readers accept
/// (docs/design.md, Topics; firmware/Core/Commands), sealed with the device's command key (kid
/// "cmd" in the key registry): ack (the ledger's high-water mark and, for information, the open
/// gaps above it), resend (seq ranges the ledger misses) and tariff (24 hourly prices for a window).
/// </summary>
public static class LedgerCommands
{
    /// <summary>The most ranges one ack or resend names (the device's limit).</summary>
    public const int MaxRanges = LedgerCommand.MaxRanges;

    /// <summary>The payload of an ack: every seq at or below highWaterMark is in the ledger or closed as lost.</summary>
    public static string AckPayload(string deviceId, long cmdseq, long highWaterMark, IEnumerable<(long First, long Last)> openGapsAbove) =>
        Header(deviceId, cmdseq) + $",\"cmd\":\"{CommandKinds.Ack}\",\"hw\":{Number(highWaterMark)},\"gaps\":{Ranges(openGapsAbove.Where(gap => gap.First > highWaterMark))}}}";

    /// <summary>The payload of a resend for 1..<see cref="MaxRanges"/> ascending, disjoint ranges.</summary>
    public static string ResendPayload(string deviceId, long cmdseq, IEnumerable<(long First, long Last)> ranges)
    {
        string list = Ranges(ranges);
        if (list == "[]")
        {
            throw new ArgumentException("a resend names at least one range", nameof(ranges));
        }

        return Header(deviceId, cmdseq) + $",\"cmd\":\"{CommandKinds.Resend}\",\"ranges\":{list}}}";
    }

    /// <summary>The payload of a tariff: prices (microcurrencyPerKilowattHour) for hours 0..23 UTC, valid in [from, until).</summary>
    public static string TariffPayload(string deviceId, long cmdseq, long fromUnixMilliseconds, long untilUnixMilliseconds, IReadOnlyList<long> prices)
    {
        if (prices.Count != Core.Tariffs.TariffSchedule.HoursPerDay || untilUnixMilliseconds <= fromUnixMilliseconds)
        {
            throw new ArgumentException("a tariff has 24 hourly prices and a window that ends after it starts");
        }

        return Header(deviceId, cmdseq) + $",\"from\":{Number(fromUnixMilliseconds)},\"until\":{Number(untilUnixMilliseconds)},\"cmd\":\"{CommandKinds.Tariff}\",\"tou\":[{string.Join(",", prices.Select(Number))}]}}";
    }

    /// <summary>
    /// The payload of a tariff v2: 1..144 slots of stepMinutes (15 or 60) from fromUnixMilliseconds,
    /// import and optionally export prices (microcurrencyPerKilowattHour, at most 8 digits, negative
    /// allowed); at most <see cref="Core.Commands.TariffCommand.MaximumVersion2PayloadBytes"/> bytes.
    /// </summary>
    public static string SchedulePayload(string deviceId, long cmdseq, long fromUnixMilliseconds, int stepMinutes, IReadOnlyList<long> import, IReadOnlyList<long>? export)
    {
        if (stepMinutes is not (15 or 60))
        {
            throw new ArgumentException("a schedule's slots are 15 or 60 minutes");
        }

        if (import.Count is < 1 or > Core.Tariffs.TariffSchedule.MaximumSlots || (export is not null && export.Count != import.Count))
        {
            throw new ArgumentException($"a schedule has 1 to {Core.Tariffs.TariffSchedule.MaximumSlots} import prices and as many export prices, if any");
        }

        if (import.Concat(export ?? []).Any(price => price is > MaxSchedulePrice or < -MaxSchedulePrice) || fromUnixMilliseconds < 0)
        {
            throw new ArgumentException($"a schedule's prices have at most 8 digits (|price| <= {MaxSchedulePrice} microcurrency per kWh)");
        }

        string payload = $"{{\"v\":2,\"dev\":\"{deviceId}\",\"cmdseq\":{Number(cmdseq)},\"from\":{Number(fromUnixMilliseconds)},\"step\":{stepMinutes},\"cmd\":\"{CommandKinds.Tariff}\","
            + $"\"import\":[{string.Join(",", import.Select(Number))}]" + (export is null ? "" : $",\"export\":[{string.Join(",", export.Select(Number))}]") + "}";
        if (payload.Length > Core.Commands.TariffCommand.MaximumVersion2PayloadBytes)
        {
            throw new ArgumentException($"the schedule's payload is {payload.Length} bytes, above the device's {Core.Commands.TariffCommand.MaximumVersion2PayloadBytes}");
        }

        return payload;
    }

    /// <summary>The largest price magnitude a schedule carries, microcurrency per kWh (8 digits).</summary>
    public const long MaxSchedulePrice = 99_999_999;

    /// <summary>The EC1 envelope of payload, HMAC-SHA256 under the device's command key with kid "cmd".</summary>
    public static byte[] Seal(string payload, byte[] commandKey)
    {
        string mac = Convert.ToHexStringLower(HMACSHA256.HashData(commandKey, Encoding.ASCII.GetBytes(payload)));
        return Encoding.ASCII.GetBytes($"EC1|{payload}|{{\"alg\":\"HS256\",\"kid\":\"{KeyRegistry.CommandKeyId}\",\"sig\":\"{mac}\"}}");
    }

    /// <summary>ec/v1/&lt;site&gt;/&lt;dev&gt;/cmd/&lt;kind&gt;.</summary>
    public static string Topic(string siteId, string deviceId, string kind) => new Core.Telemetry.TopicNames(siteId, deviceId).CommandOf(kind);

    private static string Header(string deviceId, long cmdseq) => $"{{\"v\":1,\"dev\":\"{deviceId}\",\"cmdseq\":{Number(cmdseq)}";

    private static string Ranges(IEnumerable<(long First, long Last)> ranges) =>
        "[" + string.Join(",", ranges.Take(MaxRanges).Select(range => $"[{Number(range.First)},{Number(range.Last)}]")) + "]";

    private static string Number(long value) => value.ToString(CultureInfo.InvariantCulture);
}
