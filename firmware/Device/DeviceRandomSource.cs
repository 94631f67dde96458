using System;
using EdgeController.Hal;

namespace EdgeController.Device
{
    /// <summary>
    /// Reconnect jitter on the ESP32 from mscorlib's System.Random, seeded at boot from the
    /// uptime in ms (which differs between devices by their boot's timing), so a fleet that lost
    /// its broker together does not come back in step.
    /// </summary>
    public sealed class DeviceRandomSource : IRandomSource
    {
        private readonly Random _random;

        /// <summary>A source seeded from seed.</summary>
        public DeviceRandomSource(int seed)
        {
            _random = new Random(seed);
        }

        /// <inheritdoc />
        public int Next(int maxExclusive)
        {
            return maxExclusive <= 0 ? 0 : _random.Next(maxExclusive);
        }
    }
}
