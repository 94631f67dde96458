namespace EdgeController.Core.Settings
{
    /// <summary>
    /// The settings whose value is never shown, logged, published or echoed: the console PIN, the
    /// Wi-Fi and broker passwords and the gateway's command key. <see cref="SettingCatalog"/> masks them, the console's line
    /// editor stops echoing after "config set &lt;secret&gt; ".
    /// </summary>
    public static class SecretSettings
    {
        /// <summary>What a secret that is set shows as.</summary>
        public const string Masked = "****";

        /// <summary>The secret settings' console names.</summary>
        public static readonly string[] Names = new string[] { "pin", "wifi_pass", "mqtt_pass", "cmd_key" };

        /// <summary>True when name is one of <see cref="Names"/>.</summary>
        public static bool IsSecret(string name)
        {
            for (int i = 0; i < Names.Length; i++)
            {
                if (Names[i] == name)
                {
                    return true;
                }
            }

            return false;
        }
    }
}
