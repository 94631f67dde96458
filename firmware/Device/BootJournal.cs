using EdgeController.Hal;

namespace EdgeController.Device
{
    /// <summary>
    /// Why the device last restarted, and how many times it crashed, kept on flash.
    /// nanoFramework has no reset-reason API (nanoFramework.Runtime.Native offers Power,
    /// RTC and GC only; Hardware.Esp32's Sleep.GetWakeupCause tells deep-sleep wakes apart and
    /// nothing else), so the journal keeps its own marker: "running" is written at boot and
    /// replaced by the reason on every deliberate restart. Finding "running" at the next boot
    /// means the last run ended without saying why: a crash, the watchdog, a brown-out or a
    /// power cut, counted as a crash.
    /// </summary>
    public sealed class BootJournal
    {
        /// <summary>The journal's file name.</summary>
        public const string RecordName = "boot.txt";

        /// <summary>Marker of a run in progress.</summary>
        public const string Running = "running";

        private const int MaxBytes = 128;
        private readonly INonVolatileStore _store;
        private readonly byte[] _buffer = new byte[MaxBytes];

        /// <summary>Reads the journal and records this boot.</summary>
        public BootJournal(INonVolatileStore store)
        {
            _store = store;
            int length;
            string previous = null;
            if (_store.TryRead(RecordName, _buffer, out length) && length > 0)
            {
                previous = System.Text.Encoding.UTF8.GetString(_buffer, 0, length);
            }

            CrashCount = ReadNumber(previous, "crashes=");
            string reason = ReadText(previous, "reason=");
            if (previous == null)
            {
                LastResetReason = "first boot";
            }
            else if (reason == Running || reason == null)
            {
                LastResetReason = "unexpected reset (crash, watchdog, brown-out or power loss)";
                CrashCount++;
            }
            else
            {
                LastResetReason = reason;
            }

            Save(Running);
        }

        /// <summary>Why the previous run ended.</summary>
        public string LastResetReason { get; private set; }

        /// <summary>Runs that ended without a recorded reason, since the journal was created.</summary>
        public long CrashCount { get; private set; }

        /// <summary>Records why the device is about to restart (call right before rebooting).</summary>
        public void RecordRestart(string reason)
        {
            Save(reason);
        }

        private void Save(string reason)
        {
            string text = "crashes=" + CrashCount.ToString() + "\nreason=" + reason + "\n";
            byte[] bytes = System.Text.Encoding.UTF8.GetBytes(text);
            _store.Write(RecordName, bytes, bytes.Length);
        }

        private static long ReadNumber(string text, string key)
        {
            string value = ReadText(text, key);
            long result = 0;
            if (value == null)
            {
                return 0;
            }

            for (int i = 0; i < value.Length && value[i] >= '0' && value[i] <= '9' && result < 100000000; i++)
            {
                result = (result * 10) + (value[i] - '0');
            }

            return result;
        }

        private static string ReadText(string text, string key)
        {
            if (text == null)
            {
                return null;
            }

            int start = text.IndexOf(key);
            if (start < 0)
            {
                return null;
            }

            start += key.Length;
            int end = text.IndexOf('\n', start);
            return end < 0 ? text.Substring(start) : text.Substring(start, end - start);
        }
    }
}
