namespace EdgeController.Core.Console
{
    /// <summary>Every console command with its use and one line about it: `help` and every bad-arguments error read from here.</summary>
    public static class CommandHelp
    {
        /// <summary>Command names in the order help lists them.</summary>
        public static readonly string[] Names = new string[]
        {
            "help", "version", "status", "read", "watch", "config", "calibrate", "mode", "fault", "mqtt", "key", "log",
            "unlock", "lock", "reboot",
        };

        private static readonly string[] s_usages = new string[]
        {
            "help [command]",
            "version",
            "status",
            "read",
            "watch <n>",
            "config show|get <name>|set <name> <value>|save|reset",
            "calibrate shunt <ch> <uohm>|current <ch> <reference_ma>|battery <reference_mv>",
            "mode [auto|self_consumption|tou|backup|manual [W]|maintenance]",
            "fault show|clear",
            "mqtt status",
            "key show|set <kid> <64 hex>|rotate",
            "log [n]",
            "unlock <pin>",
            "lock",
            "reboot",
        };

        private static readonly string[] s_descriptions = new string[]
        {
            "list the commands, or one command's use",
            "firmware, payload and console versions",
            "device, boot, seq, wall-clock time once synced, mode, faults by name, lock, link and battery at a glance",
            "one live reading of every channel and the battery",
            "n live readings (1..3600), one a second, one line each; any key stops",
            "show and change settings; set, save and reset need unlock; changes apply at save (calibration at once)",
            "correct a channel (<ch> = index or name) or the battery divider; needs unlock; config save keeps it",
            "show the operating mode, or set and save it (needs unlock)",
            "list active faults, or clear the latched ones (needs unlock)",
            "broker link, messages published and queued",
            "show the key id and fingerprint; set or rotate the signing key (needs unlock; the key is never shown)",
            "the last n console events (default 10, at most 32)",
            "allow changes until lock or lock_s seconds idle; failed attempts back off",
            "end the unlocked session",
            "restart the device (needs unlock)",
        };

        /// <summary>The index of a command, or -1.</summary>
        public static int IndexOf(string name)
        {
            for (int i = 0; i < Names.Length; i++)
            {
                if (Names[i] == name)
                {
                    return i;
                }
            }

            return -1;
        }

        /// <summary>The use of a command ("usage: ...").</summary>
        public static string Usage(string name)
        {
            int index = IndexOf(name);
            return index < 0 ? "help" : s_usages[index];
        }

        /// <summary>The one-line description of the index-th command.</summary>
        public static string Description(int index)
        {
            return s_descriptions[index];
        }
    }
}
