namespace EdgeController.Core.Config
{
    /// <summary>A board config, or every reason the document is not one.</summary>
    public sealed class BoardConfigLoadResult
    {
        internal BoardConfigLoadResult(BoardConfig config, string[] errors)
        {
            Config = config;
            Errors = errors;
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
    }
}
