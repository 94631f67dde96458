using EdgeController.Core.Settings;
using EdgeController.Core.Signing;

namespace EdgeController.Core.Console
{
    /// <summary>
    /// Runs one command line and writes its reply (docs/design.md, the serial console):
    /// key=value lines and OK, or one ERR &lt;code&gt; &lt;message&gt; line. Holds the privilege state:
    /// commands that change the device need `unlock &lt;pin&gt;`; the device locks again after
    /// lock_s seconds without a command; after <see cref="FreeAttempts"/> wrong PINs in a row
    /// each further attempt waits twice as long as the last (5 s, 10 s, ... up to 5 min). The
    /// count of wrong PINs is kept on flash (<see cref="UnlockAttemptStore"/>): after a power
    /// cycle a device that was backing off starts the whole wait for that count again.
    /// </summary>
    public sealed class CommandInterpreter
    {
        /// <summary>The most words a command line may have.</summary>
        public const int MaxWords = 6;

        /// <summary>Wrong PINs allowed before the back-off starts.</summary>
        public const int FreeAttempts = 3;

        /// <summary>The first back-off, ms.</summary>
        public const long FirstLockoutMilliseconds = 5000;

        /// <summary>The longest back-off, ms.</summary>
        public const long MaxLockoutMilliseconds = 300000;

        private readonly ConsoleDevice _device;
        private readonly InfoCommands _info;
        private readonly ChangeCommands _change;
        private readonly string[] _words = new string[MaxWords];
        private bool _unlocked;
        private long _lastActivityMilliseconds;
        private int _failedUnlocks;
        private long _lockedOutUntilMilliseconds;

        /// <summary>Creates the interpreter, locked, backing off if the stored count of wrong PINs says so.</summary>
        public CommandInterpreter(ConsoleDevice device)
        {
            _device = device;
            _info = new InfoCommands(device);
            _change = new ChangeCommands(device);
            _failedUnlocks = device.UnlockAttempts.Load();
            long lockout = LockoutFor(_failedUnlocks);
            if (lockout > 0)
            {
                _lockedOutUntilMilliseconds = device.Clock.UptimeMilliseconds + lockout;
            }
        }

        /// <summary>The wait after failedUnlocks wrong PINs in a row, ms: none for the free attempts, then doubling up to the maximum.</summary>
        public static long LockoutFor(int failedUnlocks)
        {
            if (failedUnlocks < FreeAttempts)
            {
                return 0;
            }

            long lockout = FirstLockoutMilliseconds;
            for (int i = FreeAttempts; i < failedUnlocks && lockout < MaxLockoutMilliseconds; i++)
            {
                lockout *= 2;
            }

            return lockout > MaxLockoutMilliseconds ? MaxLockoutMilliseconds : lockout;
        }

        /// <summary>Set by a reply to `reboot`: reboot once the reply is out.</summary>
        public bool RebootRequested { get; private set; }

        /// <summary>Set by a reply to `watch n`: stream n samples after the command.</summary>
        public int WatchSamplesRequested { get; private set; }

        /// <summary>True while changes are allowed (the idle timeout is checked here).</summary>
        public bool IsUnlocked
        {
            get
            {
                ExpireIdleLock();
                return _unlocked;
            }
        }

        /// <summary>Runs line (one command, without its line end) and fills reply.</summary>
        public void Execute(string line, ConsoleReply reply)
        {
            reply.Clear();
            RebootRequested = false;
            WatchSamplesRequested = 0;
            ExpireIdleLock();
            int count = Split(line);
            if (count < 0)
            {
                reply.Error("bad_args", "more than " + MaxWords.ToString() + " words; help lists the commands");
                return;
            }

            if (count == 0)
            {
                reply.Error("empty", "no command; help lists the commands");
                return;
            }

            if (_unlocked)
            {
                _lastActivityMilliseconds = _device.Clock.UptimeMilliseconds;
            }

            string command = _words[0].ToLower();
            if (count > 1 && command != "key" && command != "config" && command != "unlock")
            {
                _words[1] = _words[1].ToLower();
            }

            Dispatch(command, count, reply);
        }

        private void Dispatch(string command, int count, ConsoleReply reply)
        {
            switch (command)
            {
                case "help": Help(count, reply); return;
                case "unlock": Unlock(count, reply); return;
                case "lock": Lock(count, reply); return;
                case "status":
                    _info.Run(command, _words, count, reply);
                    if (!reply.HasError)
                    {
                        // The lock state lives here, not in the device: help's "lock" field.
                        reply.Line("locked", _unlocked ? 0 : 1);
                    }

                    return;
                case "version":
                case "read":
                case "mqtt":
                case "log":
                    _info.Run(command, _words, count, reply);
                    return;
                case "watch":
                    WatchSamplesRequested = _info.ParseWatch(_words, count, reply);
                    return;
                case "fault":
                case "mode":
                case "key":
                case "config":
                    bool changes = command == "fault"
                        ? count > 1 && _words[1] == "clear"
                        : _change.Changes(command, _words, count);
                    if (changes && !RequireUnlocked(command, reply))
                    {
                        return;
                    }

                    if (command == "fault")
                    {
                        _info.Fault(_words, count, reply);
                    }
                    else
                    {
                        _change.Run(command, _words, count, reply);
                    }

                    return;
                case "calibrate":
                case "reboot":
                    if (RequireUnlocked(command, reply))
                    {
                        _change.Run(command, _words, count, reply);
                        RebootRequested = command == "reboot" && !reply.HasError;
                    }

                    return;
            }

            reply.Error("unknown_command", "'" + Clip(command) + "' is not a command; help lists the commands");
        }

        private bool RequireUnlocked(string command, ConsoleReply reply)
        {
            if (IsUnlocked)
            {
                return true;
            }

            reply.Error("locked", command + " changes the device: unlock <pin> first");
            return false;
        }

        private void Help(int count, ConsoleReply reply)
        {
            if (count > 2)
            {
                reply.Error("bad_args", "usage: " + CommandHelp.Usage("help"));
                return;
            }

            if (count == 2)
            {
                int index = CommandHelp.IndexOf(_words[1]);
                if (index < 0)
                {
                    reply.Error("unknown_command", "'" + Clip(_words[1]) + "' is not a command; help lists the commands");
                    return;
                }

                reply.Line("usage", CommandHelp.Usage(_words[1]));
                reply.Line("about", CommandHelp.Description(index));
                return;
            }

            for (int i = 0; i < CommandHelp.Names.Length; i++)
            {
                reply.Line(CommandHelp.Names[i], CommandHelp.Description(i));
            }
        }

        private void Unlock(int count, ConsoleReply reply)
        {
            if (count != 2)
            {
                reply.Error("bad_args", "usage: " + CommandHelp.Usage("unlock"));
                return;
            }

            long now = _device.Clock.UptimeMilliseconds;
            if (now < _lockedOutUntilMilliseconds)
            {
                long waitSeconds = (_lockedOutUntilMilliseconds - now + 999) / 1000;
                reply.Error("locked_out", "too many wrong PINs: try again in " + waitSeconds.ToString() + " s");
                return;
            }

            if (PinMatches(_words[1], _device.Active.Pin))
            {
                _unlocked = true;
                if (_failedUnlocks != 0)
                {
                    _device.UnlockAttempts.Save(0);
                }

                _failedUnlocks = 0;
                _lastActivityMilliseconds = now;
                _device.Note("unlock ok");
                reply.Line("locked", "0");
                reply.Line("lock_s", _device.Active.LockTimeoutSeconds);
                return;
            }

            if (_failedUnlocks < int.MaxValue)
            {
                _failedUnlocks++;
            }

            // On flash before the reply: cutting the power on seeing "bad_pin" cannot undo the count.
            _device.UnlockAttempts.Save(_failedUnlocks);
            long lockout = LockoutFor(_failedUnlocks);
            if (lockout > 0)
            {
                _lockedOutUntilMilliseconds = now + lockout;
            }

            _device.Note("unlock failed (" + _failedUnlocks.ToString() + " in a row)");
            reply.Error("bad_pin", lockout > 0
                ? "wrong PIN; next attempt in " + (lockout / 1000).ToString() + " s"
                : "wrong PIN");
        }

        private void Lock(int count, ConsoleReply reply)
        {
            if (count != 1)
            {
                reply.Error("bad_args", "usage: " + CommandHelp.Usage("lock"));
                return;
            }

            if (_unlocked)
            {
                _device.Note("lock");
            }

            _unlocked = false;
            reply.Line("locked", "1");
        }

        private void ExpireIdleLock()
        {
            if (_unlocked && _device.Clock.UptimeMilliseconds - _lastActivityMilliseconds > _device.Active.LockTimeoutSeconds * 1000L)
            {
                _unlocked = false;
                _device.Note("idle lock");
            }
        }

        private static bool PinMatches(string typed, string pin)
        {
            if (typed == null || pin == null || typed.Length != pin.Length)
            {
                return false;
            }

            byte[] a = new byte[pin.Length];
            byte[] b = new byte[pin.Length];
            for (int i = 0; i < pin.Length; i++)
            {
                a[i] = (byte)typed[i];
                b[i] = (byte)pin[i];
            }

            return ConstantTime.AreEqual(a, 0, b, 0, pin.Length);
        }

        /// <summary>Splits on spaces into _words; returns the count, or -1 when there are too many.</summary>
        private int Split(string line)
        {
            int count = 0;
            int i = 0;
            int length = line == null ? 0 : line.Length;
            while (i < length)
            {
                while (i < length && IsSpace(line[i]))
                {
                    i++;
                }

                if (i == length)
                {
                    break;
                }

                int start = i;
                while (i < length && !IsSpace(line[i]))
                {
                    i++;
                }

                if (count == MaxWords)
                {
                    return -1;
                }

                _words[count++] = line.Substring(start, i - start);
            }

            return count;
        }

        private static bool IsSpace(char c)
        {
            return c == ' ' || c == '\t';
        }

        /// <summary>User text quoted in an error, cut to 24 characters.</summary>
        public static string Clip(string text)
        {
            return AsciiText.Clip(text);
        }
    }
}
