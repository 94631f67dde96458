using System;
using System.Threading;
using EdgeController.Core.Config;
using EdgeController.Core.Console;
using EdgeController.Core.Storage;
using EdgeController.Hal.Esp32;

namespace EdgeController.Device
{
    /// <summary>
    /// The console of a device whose board config was refused: nothing is driven and the
    /// controller does not start, so the full console (which needs the controller) cannot run.
    /// This one says why: the refusal and every error go to the debug output and, when the
    /// config's console section was valid on its own, to that UART, every
    /// <see cref="RepeatMilliseconds"/>; there `help`, `status` and `config` answer in the
    /// console's reply format, through Core's own line editor and reply writer.
    /// </summary>
    public sealed class SafeModeConsole
    {
        /// <summary>Time between repeats of the refusal, ms.</summary>
        public const int RepeatMilliseconds = 10000;

        private const int PollMilliseconds = 20;
        private const string Refusal = "ERR board_config refused: outputs stay off and the controller does not start";

        private readonly string[] _errors;
        private readonly ConsoleUartConfig _console;
        private readonly BootJournal _journal;
        private readonly LineEditor _editor = new LineEditor();
        private readonly ConsoleReply _reply = new ConsoleReply();
        private readonly byte[] _input = new byte[1];
        private readonly byte[] _output = new byte[ConsoleReply.MaxFinishedBytes];
        private UartConsolePort _port;

        /// <summary>Keeps the loader's errors; console is the board's console section, or null when it was not valid.</summary>
        public SafeModeConsole(string[] errors, ConsoleUartConfig console, BootJournal journal)
        {
            _errors = errors;
            _console = console;
            _journal = journal;
        }

        /// <summary>Reports and serves the console; never returns.</summary>
        public void Run()
        {
            if (_console != null)
            {
                Esp32Pins.RouteConsole(_console.Uart, _console.TxPin, _console.RxPin);
                _port = new UartConsolePort(_console.Uart, _console.BaudRate);
            }

            int sinceRepeatMilliseconds = RepeatMilliseconds;
            while (true)
            {
                if (sinceRepeatMilliseconds >= RepeatMilliseconds)
                {
                    sinceRepeatMilliseconds = 0;
                    Announce();
                }

                while (_port != null && _port.Read(_input, 0, 1) == 1)
                {
                    Feed(_input[0]);
                }

                Thread.Sleep(PollMilliseconds);
                sinceRepeatMilliseconds += PollMilliseconds;
            }
        }

        private void Announce()
        {
            Say(Refusal);
            for (int i = 0; i < _errors.Length; i++)
            {
                Say("error=" + _errors[i]);
            }

            if (_port != null)
            {
                _port.Write("(help, status and config answer here)\r\n" + ConsoleSession.Prompt);
            }
        }

        private void Feed(byte b)
        {
            int result = _editor.Feed(b);
            if (_editor.EchoLength > 0)
            {
                _port.Write(_editor.Echo, 0, _editor.EchoLength);
            }

            if (result != LineEditor.LineReady)
            {
                return;
            }

            string line = _editor.TakeLine().Trim();
            if (line.Length > 0)
            {
                Execute(line);
                int length = _reply.Finish(_output);
                _port.Write(_output, 0, length);
            }

            _port.Write(ConsoleSession.Prompt);
        }

        private void Execute(string line)
        {
            _reply.Clear();
            switch (line)
            {
                case "help":
                    _reply.Line("help", "list the commands");
                    _reply.Line("status", "why the device is in safe mode, and its last reset");
                    _reply.Line("config", "the board config's errors");
                    return;
                case "status":
                    _reply.Line("controller", "stopped");
                    _reply.Line("board", "refused");
                    _reply.Line("reset_reason", _journal.LastResetReason);
                    _reply.Line("crashes", _journal.CrashCount);
                    return;
                case "config":
                    _reply.Line("valid", 0);
                    for (int i = 0; i < _errors.Length; i++)
                    {
                        _reply.Line("error", _errors[i]);
                    }

                    return;
            }

            _reply.Error("safe_mode", "only help, status and config: fix I:\\board.json (tools/flash.sh) and reset the board");
        }

        private void Say(string line)
        {
            Console.WriteLine(line);
            if (_port != null)
            {
                _port.WriteLine(line);
            }
        }
    }
}
