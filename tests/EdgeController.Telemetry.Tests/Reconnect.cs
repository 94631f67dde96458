using System.Diagnostics;
using EdgeController.Hal.Simulation.Mqtt;

namespace EdgeController.Telemetry.Tests;

/// <summary>
/// Reconnecting as the device's LinkSupervisor does: attempt after attempt until one takes.
/// Right after a broker restart, on a loaded machine, the first attempt can still meet the
/// client finishing its last failed connect; the firmware simply tries again, and so do the tests.
/// </summary>
internal static class Reconnect
{
    /// <summary>True when the link connected within the time allowed.</summary>
    public static async Task<bool> WithinAsync(MqttNetLink link, TimeSpan allowed)
    {
        Stopwatch waited = Stopwatch.StartNew();
        while (!link.TryConnect())
        {
            if (waited.Elapsed > allowed)
            {
                return false;
            }

            await Task.Delay(100);
        }

        return true;
    }
}
