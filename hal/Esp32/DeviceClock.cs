using System;
using nanoFramework.Hardware.Esp32;

namespace EdgeController.Hal.Esp32
{
    /// <summary>
    /// <see cref="IClock"/> on the ESP32: uptime from the esp_timer microsecond counter, which
    /// SNTP never steps (HighResTimer.GetCurrent, nanoframework/nanoFramework.Hardware.Esp32,
    /// HighResTimer.cs: "number of micro seconds since boot"); wall time from DateTime.UtcNow,
    /// which nanoFramework's SNTP client sets.
    /// </summary>
    public sealed class DeviceClock : IClock
    {
        /// <summary>
        /// The RTC starts in 1970 and reads as valid once SNTP has set it; nanoFramework's own
        /// network helper waits for the same year (nanoframework/System.Net,
        /// NetworkHelper/NetworkHelperInternal.cs, WaitForValidDateTime: Year >= 2021).
        /// </summary>
        public const int FirstValidYear = 2021;

        private const long TicksPerMillisecond = 10000;
        private static readonly long s_unixEpochTicks = new DateTime(1970, 1, 1).Ticks;
        private bool _synchronized;

        /// <inheritdoc />
        public long UptimeMilliseconds
        {
            get { return (long)(HighResTimer.GetCurrent() / 1000); }
        }

        /// <inheritdoc />
        public long UnixTimeMilliseconds
        {
            get { return (DateTime.UtcNow.Ticks - s_unixEpochTicks) / TicksPerMillisecond; }
        }

        /// <inheritdoc />
        public bool IsWallClockSynchronized
        {
            get
            {
                // Latches: once set by SNTP the RTC keeps counting even if a later sync fails.
                if (!_synchronized && DateTime.UtcNow.Year >= FirstValidYear)
                {
                    _synchronized = true;
                }

                return _synchronized;
            }
        }
    }
}
