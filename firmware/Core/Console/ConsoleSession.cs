using EdgeController.Hal;

namespace EdgeController.Core.Console
{
    /// <summary>
    /// The console on a serial port: call <see cref="Poll"/> from the main loop. It reads what
    /// arrived, echoes through the <see cref="LineEditor"/>, runs each line through the
    /// <see cref="CommandInterpreter"/>, writes the reply and the prompt "ec> ", streams
    /// `watch` samples once a second, and hands a `reboot` to the reboot hook after its reply is
    /// out. Nothing a line contains can throw out of here: an unexpected exception becomes
    /// "ERR internal ..." (tests treat that as a failure).
    /// </summary>
    public sealed class ConsoleSession
    {
        /// <summary>The prompt.</summary>
        public const string Prompt = "ec> ";

        /// <summary>Time between watch samples, ms.</summary>
        public const int WatchIntervalMilliseconds = 1000;

        private readonly IConsolePort _port;
        private readonly ConsoleDevice _device;
        private readonly LineEditor _editor = new LineEditor();
        private readonly CommandInterpreter _interpreter;
        private readonly InfoCommands _info;
        private readonly ConsoleReply _reply = new ConsoleReply();
        private readonly byte[] _input = new byte[1];
        private readonly byte[] _output = new byte[ConsoleReply.MaxFinishedBytes];
        private int _watchRemaining;
        private int _watchNumber;
        private long _nextWatchUptimeMilliseconds;

        /// <summary>Creates the session; nothing is written until <see cref="Start"/>.</summary>
        public ConsoleSession(IConsolePort port, ConsoleDevice device)
        {
            _port = port;
            _device = device;
            _interpreter = new CommandInterpreter(device);
            _info = new InfoCommands(device);
        }

        /// <summary>The interpreter (its lock state).</summary>
        public CommandInterpreter Interpreter
        {
            get { return _interpreter; }
        }

        /// <summary>Echo on or off (on by default).</summary>
        public bool EchoEnabled
        {
            get { return _editor.EchoEnabled; }
            set { _editor.EchoEnabled = value; }
        }

        /// <summary>Replies finished since start: a test's count of completed commands.</summary>
        public int RepliesWritten { get; private set; }

        /// <summary>Replies that were "ERR internal": always a bug.</summary>
        public int InternalErrors { get; private set; }

        /// <summary>Prints the banner and the prompt.</summary>
        public void Start()
        {
            _device.Note("boot " + _device.Controller.BootCount.ToString());
            WriteText("\r\nEdgeController " + ConsoleDevice.FirmwareVersion + " dev=" + _device.Active.DeviceId
                + " boot=" + _device.Controller.BootCount.ToString() + " (help lists the commands)\r\n" + Prompt);
        }

        /// <summary>Handles whatever arrived since the last call; returns true when a reboot is due.</summary>
        public bool Poll()
        {
            // One byte at a time, so that what was typed after a `reboot` stays in the port's
            // buffer for the next boot instead of being read here and lost.
            bool reboot = false;
            while (!reboot && _port.Read(_input, 0, 1) == 1)
            {
                reboot = Feed(_input[0]);
            }

            if (_watchRemaining > 0 && _device.Clock.UptimeMilliseconds >= _nextWatchUptimeMilliseconds)
            {
                WatchSample();
            }

            if (reboot)
            {
                _device.RebootHook.RequestReboot();
            }

            return reboot;
        }

        private bool Feed(byte b)
        {
            if (_watchRemaining > 0)
            {
                // Any key stops a watch; the key itself is not a command.
                _watchRemaining = 0;
                WriteText("stopped=1\r\nOK\r\n" + Prompt);
                RepliesWritten++;
                return false;
            }

            int result = _editor.Feed(b);
            if (_editor.EchoLength > 0)
            {
                _port.Write(_editor.Echo, 0, _editor.EchoLength);
            }

            if (result == LineEditor.Cancelled)
            {
                WriteText(Prompt);
                return false;
            }

            if (result != LineEditor.LineReady)
            {
                return false;
            }

            string line = _editor.TakeLine();
            if (_editor.LastLineTooLong)
            {
                _reply.Clear();
                _reply.Error("too_long", "line longer than " + LineEditor.MaxLineLength.ToString() + " characters");
                FinishReply();
                return false;
            }

            if (line.Trim().Length == 0)
            {
                WriteText(Prompt);
                return false;
            }

            try
            {
                _interpreter.Execute(line, _reply);
            }
            catch (System.Exception exception)
            {
                _reply.Clear();
                _reply.Error("internal", CommandInterpreter.Clip(exception.Message == null ? "exception" : exception.Message));
                InternalErrors++;
            }

            if (_interpreter.WatchSamplesRequested > 0 && !_reply.HasError)
            {
                _watchRemaining = _interpreter.WatchSamplesRequested;
                _watchNumber = 0;
                WatchSample();
                return false;
            }

            FinishReply();
            return _interpreter.RebootRequested;
        }

        private void WatchSample()
        {
            _watchNumber++;
            _watchRemaining--;
            _nextWatchUptimeMilliseconds = _device.Clock.UptimeMilliseconds + WatchIntervalMilliseconds;
            string line = _info.WatchLine(_watchNumber) + "\r\n";
            if (_watchRemaining == 0)
            {
                line += "OK\r\n" + Prompt;
                RepliesWritten++;
            }

            WriteText(line);
        }

        private void FinishReply()
        {
            int length = _reply.Finish(_output);
            _port.Write(_output, 0, length);
            RepliesWritten++;
            WriteText(Prompt);
        }

        private void WriteText(string text)
        {
            int length = text.Length < _output.Length ? text.Length : _output.Length;
            for (int i = 0; i < length; i++)
            {
                char c = text[i];
                _output[i] = c <= '~' ? (byte)c : (byte)'?';
            }

            _port.Write(_output, 0, length);
        }
    }
}
