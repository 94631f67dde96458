namespace EdgeController.Core.Config
{
    /// <summary>A board config, or every reason the document is not one.</summary>
    public sealed class BoardConfigLoadResult
    {
        internal BoardConfigLoadResult(BoardConfig config, string[] errors, ConsoleUartConfig console)
        {
            Config = config;
            Errors = errors;
            Console = console;
        }

        /// <summary>True when the document is a valid board config.</summary>
        public bool IsValid
        {
            get { return Errors.Length == 0; }
        }

        /// <summary>The config; null unless <see cref="IsValid"/>.</summary>
        public BoardConfig Config { get; private set; }

        /// <summary>"path: reason" lines, empty when valid.</summary>
        public string[] Errors { get; private set; }

        /// <summary>
        /// The console section when it alone was error-free, even in an invalid document: the device
        /// then opens its console there to say why it refuses the rest. Null otherwise.
        /// </summary>
        public ConsoleUartConfig Console { get; private set; }
    }
}
