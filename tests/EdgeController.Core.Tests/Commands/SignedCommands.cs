using System.Security.Cryptography;
using System.Text;

namespace EdgeController.Core.Tests.Commands;

/// <summary>Builds cmd messages as the gateway signs them, for tests.</summary>
public static class SignedCommands
{
    public static string TariffPayload(string deviceId, long cmdseq, long from, long until, IEnumerable<long> prices, string cmd = "tariff") =>
        $"{{\"v\":1,\"dev\":\"{deviceId}\",\"cmdseq\":{cmdseq},\"from\":{from},\"until\":{until},\"cmd\":\"{cmd}\",\"tou\":[{string.Join(",", prices)}]}}";

    /// <summary>A tariff v2 payload: slots of step minutes from from, import and (when given) export prices.</summary>
    public static string SchedulePayload(string deviceId, long cmdseq, long from, int step, IEnumerable<long> import, IEnumerable<long>? export = null) =>
        $"{{\"v\":2,\"dev\":\"{deviceId}\",\"cmdseq\":{cmdseq},\"from\":{from},\"step\":{step},\"cmd\":\"tariff\",\"import\":[{string.Join(",", import)}]"
        + (export is null ? "" : $",\"export\":[{string.Join(",", export)}]") + "}";

    public static byte[] Seal(string payload, string keyId, byte[] key)
    {
        string mac = Convert.ToHexStringLower(HMACSHA256.HashData(key, Encoding.ASCII.GetBytes(payload)));
        return Encoding.ASCII.GetBytes($"EC1|{payload}|{{\"alg\":\"HS256\",\"kid\":\"{keyId}\",\"sig\":\"{mac}\"}}");
    }

    /// <summary>24 prices: 100000 + 1000 x hour.</summary>
    public static long[] Prices() => Enumerable.Range(0, 24).Select(hour => 100_000L + (1000L * hour)).ToArray();
}
