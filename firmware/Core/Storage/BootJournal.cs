using EdgeController.Hal;

namespace EdgeController.Core.Storage
{
    /// <summary>
    /// Why the device last restarted, and how many runs ended in a crash, kept on flash as a few
    /// ASCII lines ("crashes=N", "reason=TEXT"). nanoFramework has no reset-reason API
    /// (nanoFramework.Runtime.Native offers Power, RTC and GC; Hardware.Esp32's
    /// Sleep.GetWakeupCause only tells deep-sleep wake-ups apart), so the journal keeps its own
    /// marker: <see cref="Running"/> is written at boot and replaced by the reason of every
    /// deliberate restart. Finding <see cref="Running"/> at the next boot means the run ended
    /// without saying why (a crash, the watchdog, a brown-out or a power cut): it counts as a crash.
    /// </summary>
    public sealed class BootJournal
    {
        /// <summary>The journal's blob name.</summary>
        public const string RecordName = "boot.txt";

        /// <summary>Marker of a run in progress.</summary>
        public const string Running = "running";

        /// <summary>Reason reported on a device that never ran before.</summary>
        public const string FirstBoot = "first boot";

        /// <summary>Reason reported when the last run ended without a recorded reason.</summary>
        public const string UnexpectedReset = "unexpected reset (crash, watchdog, brown-out or power loss)";

        /// <summary>The longest reason kept, characters (longer ones are cut).</summary>
        public const int MaxReasonLength = 96;

        private const int MaxBytes = 160;
        private readonly INonVolatileStore _store;
        private readonly byte[] _buffer = new byte[MaxBytes];

        /// <summary>Reads the journal and records this boot as running.</summary>
        public BootJournal(INonVolatileStore store)
        {
            _store = store;
            int length;
            string previous = null;
            if (_store.TryRead(RecordName, _buffer, out length) && length > 0)
            {
                char[] chars = new char[length];
                for (int i = 0; i < length; i++)
                {
                    chars[i] = (char)_buffer[i];
                }

                previous = new string(chars);
            }

            CrashCount = ReadNumber(previous, "crashes=");
            string reason = ReadText(previous, "reason=");
            if (previous == null)
            {
                LastResetReason = FirstBoot;
            }
            else if (reason == null || reason == Running)
            {
                LastResetReason = UnexpectedReset;
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

        /// <summary>Records why the device is about to restart; call right before rebooting.</summary>
        public void RecordRestart(string reason)
        {
            Save(reason == null || reason.Length == 0 ? "restart" : reason);
        }

        private void Save(string reason)
        {
            string text = "crashes=" + CrashCount.ToString() + "\nreason=" + reason + "\n";
            int length = 0;
            int reasonStart = text.IndexOf("reason=") + 7;
            for (int i = 0; i < text.Length && length < MaxBytes; i++)
            {
                if (i >= reasonStart + MaxReasonLength && text[i] != '\n')
                {
                    continue;
                }

                char c = text[i];
                // Printable ASCII only: the journal is read back byte by byte.
                _buffer[length++] = (byte)((c >= ' ' && c < (char)127) || c == '\n' ? c : '?');
            }

            _store.Write(RecordName, _buffer, length);
        }

        private static long ReadNumber(string text, string key)
        {
            string value = ReadText(text, key);
            long result = 0;
            for (int i = 0; value != null && i < value.Length && value[i] >= '0' && value[i] <= '9' && result < 100000000; i++)
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
