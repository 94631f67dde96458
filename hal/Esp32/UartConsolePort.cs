using System;
using System.IO.Ports;

namespace EdgeController.Hal.Esp32
{
    /// <summary>
    /// The technician's console on a UART (115200 8N1 by default) through System.IO.Ports, as
    /// an <see cref="IConsolePort"/>. Reads never block: <see cref="Read"/> takes only what
    /// BytesToRead says has arrived, so the console thread polls with a short sleep instead of
    /// depending on ReadTimeout, whose setter refuses values &lt;= 0 and so cannot be put back
    /// to infinite (nanoframework/System.IO.Ports, SerialPort.cs @04e9eab).
    /// </summary>
    public sealed class UartConsolePort : IConsolePort, IDisposable
    {
        private readonly SerialPort _port;

        /// <summary>Opens portName ("COM2") at baudRate, 8 data bits, no parity, one stop bit.</summary>
        /// <remarks>Its TX/RX pins must be routed first (<see cref="Esp32Pins.RouteConsole"/>).</remarks>
        public UartConsolePort(string portName, int baudRate)
        {
            _port = new SerialPort(portName, baudRate, Parity.None, 8, StopBits.One);
            _port.Open();
        }

        /// <inheritdoc />
        public int Read(byte[] buffer, int offset, int count)
        {
            int waiting = _port.BytesToRead;
            if (waiting <= 0 || count <= 0)
            {
                return 0;
            }

            return _port.Read(buffer, offset, waiting < count ? waiting : count);
        }

        /// <inheritdoc />
        public void Write(byte[] data, int offset, int count)
        {
            if (count > 0)
            {
                _port.Write(data, offset, count);
            }
        }

        /// <summary>Writes text as is (the safe-mode console's prompt).</summary>
        public void Write(string text)
        {
            _port.Write(text);
        }

        /// <summary>Writes a line of text and CR LF (the safe-mode console's messages).</summary>
        public void WriteLine(string text)
        {
            _port.Write(text + "\r\n");
        }

        /// <inheritdoc />
        public void Dispose()
        {
            _port.Close();
            _port.Dispose();
        }
    }
}
