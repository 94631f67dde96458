using System.Threading;
using EdgeController.Hal.Esp32;

namespace EdgeController.Device
{
    /// <summary>
    /// The serial console's line discipline (shared/DESIGN.md, The serial console): prompt
    /// "ec> ", echo, backspace, CR, LF or CRLF; a reply is key=value lines ending with "OK", or
    /// one line "ERR code message". Only read-only commands are wired here (help, status,
    /// config); commands that change the device belong to Core's console interpreter, behind
    /// unlock, and are not part of this build.
    /// </summary>
    public sealed class DeviceConsole
    {
        /// <summary>The prompt.</summary>
        public const string Prompt = "ec> ";

        private const int MaxLineLength = 128;
        private const int PollMilliseconds = 20;

        private readonly UartConsolePort _port;
        private readonly DeviceStatus _status;
        private readonly byte[] _input = new byte[32];
        private readonly char[] _line = new char[MaxLineLength];
        private int _length;
        private bool _lastWasCarriageReturn;

        /// <summary>Wires the console to its port and to what it reports.</summary>
        public DeviceConsole(UartConsolePort port, DeviceStatus status)
        {
            _port = port;
            _status = status;
        }

        /// <summary>The thread body: never returns.</summary>
        public void Run()
        {
            _port.Write(Prompt);
            while (true)
            {
                int count = _port.Read(_input, 0, _input.Length);
                if (count == 0)
                {
                    Thread.Sleep(PollMilliseconds);
                    continue;
                }

                for (int i = 0; i < count; i++)
                {
                    Accept((char)_input[i]);
                }
            }
        }

        private void Accept(char c)
        {
            if (c == '\n' && _lastWasCarriageReturn)
            {
                _lastWasCarriageReturn = false;
                return; // the LF of a CRLF
            }

            _lastWasCarriageReturn = c == '\r';
            if (c == '\r' || c == '\n')
            {
                _port.Write("\r\n");
                Execute(new string(_line, 0, _length).Trim());
                _length = 0;
                _port.Write(Prompt);
                return;
            }

            if (c == '\b' || c == (char)127)
            {
                if (_length > 0)
                {
                    _length--;
                    _port.Write("\b \b");
                }

                return;
            }

            if (c >= ' ' && c < (char)127 && _length < MaxLineLength)
            {
                _line[_length++] = c;
                _port.Write(c.ToString());
            }
        }

        private void Execute(string line)
        {
            if (line.Length == 0)
            {
                return;
            }

            if (line == "help")
            {
                _port.WriteLine("help=list the commands");
                _port.WriteLine("status=device, counters, faults, links and the last reset reason");
                _port.WriteLine("config=the board config and why it was refused, if it was");
                _port.WriteLine("OK");
                return;
            }

            if (line == "help status" || line == "help config" || line == "help help")
            {
                _port.WriteLine("usage=" + line.Substring(5));
                _port.WriteLine("OK");
                return;
            }

            if (line == "status")
            {
                _status.WriteStatus(_port);
                _port.WriteLine("OK");
                return;
            }

            if (line == "config")
            {
                _status.WriteConfig(_port);
                _port.WriteLine("OK");
                return;
            }

            _port.WriteLine("ERR unknown-command try help");
        }
    }
}
