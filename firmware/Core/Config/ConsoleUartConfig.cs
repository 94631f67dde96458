namespace EdgeController.Core.Config
{
    /// <summary>The UART of the technician's console.</summary>
    public sealed class ConsoleUartConfig
    {
        /// <summary>nanoFramework port name, "COM2" or "COM3" (COM1 carries nanoFramework's debugger).</summary>
        public string Uart { get; set; }

        /// <summary>GPIO of TX.</summary>
        public int TxPin { get; set; }

        /// <summary>GPIO of RX.</summary>
        public int RxPin { get; set; }

        /// <summary>Baud rate (115200 by default, 8N1).</summary>
        public int BaudRate { get; set; }
    }
}
