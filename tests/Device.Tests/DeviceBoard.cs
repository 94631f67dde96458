using EdgeController.Core.Config;
using EdgeController.Hal.Esp32;

namespace EdgeController.Device.Tests
{
    /// <summary>The board config the device under test carries (I:\board.json, deployed by tools/flash.sh).</summary>
    internal static class DeviceBoard
    {
        private static BoardConfig s_config;

        /// <summary>The validated config; throws with the loader's errors when the device has none.</summary>
        internal static BoardConfig Config
        {
            get
            {
                if (s_config == null)
                {
                    FlashFileStore flash = new FlashFileStore();
                    string text = flash.ReadText(FlashFileStore.BoardConfigFileName, 16384);
                    if (text == null)
                    {
                        throw new System.InvalidOperationException("no I:\\board.json: deploy one with tools/flash.sh first");
                    }

                    BoardConfigLoadResult result = BoardConfigLoader.Load(text);
                    if (!result.IsValid)
                    {
                        throw new System.InvalidOperationException("I:\\board.json is invalid: " + result.Errors[0]);
                    }

                    s_config = result.Config;
                }

                return s_config;
            }
        }
    }
}
