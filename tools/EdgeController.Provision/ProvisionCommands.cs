using System.CommandLine;
using EdgeController.Core;
using EdgeController.Ledger;

namespace EdgeController.Provision;

/// <summary>The command line of ec-provision: create, rotate, retire. Exit 0 done, 2 bad use, 3 refused.</summary>
public static class ProvisionCommands
{
    public static Command Create()
    {
        Option<string> site = IdOption("--site", "Site id.");
        Option<string> device = IdOption("--device", "Device id.");
        Option<FileInfo> keys = KeysOption();
        Option<DirectoryInfo> output = new("--out") { Description = "The device's settings folder (its flash; for the simulator <state>/<device>).", Required = true };
        Option<string?> pinFile = new("--pin-file") { Description = "File holding the console PIN (4..8 digits), or - for the first line of stdin (default: 6 random digits, printed once)." };
        Option<bool> pinPrompt = new("--pin-prompt") { Description = "Ask for the console PIN on the terminal (not echoed)." };
        // Kept only to refuse it with the way out: a PIN on the command line shows in ps and shell history.
        Option<string?> pinOnCommandLine = new("--pin") { Hidden = true };
        Option<string?> wifiSsid = new("--wifi-ssid") { Description = "Wi-Fi network the device joins (wifi_ssid)." };
        Option<string?> wifiPassFile = new("--wifi-pass-file") { Description = "File holding the Wi-Fi passphrase (wifi_pass), or - for the first line of stdin: never on the command line." };
        Option<string?> mqttHost = new("--mqtt-host") { Description = "Broker host name or address (mqtt_host)." };
        Option<int?> mqttPort = new("--mqtt-port") { Description = "Broker TCP port (mqtt_port)." };
        Option<string?> mqttUser = new("--mqtt-user") { Description = "Broker user name (mqtt_user)." };
        Option<string?> mqttPassFile = new("--mqtt-pass-file") { Description = "File holding the broker password (mqtt_pass), or - for the first line of stdin." };
        Option<bool> mqttTls = new("--mqtt-tls") { Description = "Reach the broker over TLS (mqtt_tls 1)." };
        Option<string?> mqttCa = new("--mqtt-ca") { Description = "File name on the device's I:\\ of the PEM CA that signs the broker's certificate (mqtt_ca)." };
        Command command = new("create", "Create a device id, its reading key and its command key (kid cmd), write the device's settings record and add both keys to the gateway's key registry.")
        {
            site, device, keys, output, pinFile, pinPrompt, pinOnCommandLine, wifiSsid, wifiPassFile, mqttHost, mqttPort, mqttUser, mqttPassFile, mqttTls, mqttCa,
        };
        command.SetAction(parseResult => Run(() =>
        {
            string? wifiPassPath = parseResult.GetValue(wifiPassFile);
            string? mqttPassPath = parseResult.GetValue(mqttPassFile);
            string? pinPath = parseResult.GetValue(pinFile);
            if (parseResult.GetValue(pinOnCommandLine) is not null)
            {
                throw new ArgumentException("the PIN never goes on the command line (ps, shell history): use --pin-file FILE, --pin-file - (stdin) or --pin-prompt");
            }

            if (new[] { wifiPassPath, mqttPassPath, pinPath }.Count(path => path == SecretInput.StandardInput) > 1)
            {
                throw new ArgumentException("only one secret can come from stdin (-)");
            }

            string? pin = pinPath is not null ? SecretInput.Read(pinPath, Console.In)
                : parseResult.GetValue(pinPrompt) ? SecretInput.Prompt("console PIN (4..8 digits): ")
                : null;

            List<KeyValuePair<string, string>> settings = [];
            AddIfGiven(settings, "wifi_ssid", parseResult.GetValue(wifiSsid));
            AddIfGiven(settings, "wifi_pass", wifiPassPath is null ? null : SecretInput.Read(wifiPassPath, Console.In));
            AddIfGiven(settings, "mqtt_host", parseResult.GetValue(mqttHost));
            AddIfGiven(settings, "mqtt_port", parseResult.GetValue(mqttPort)?.ToString(System.Globalization.CultureInfo.InvariantCulture));
            AddIfGiven(settings, "mqtt_user", parseResult.GetValue(mqttUser));
            AddIfGiven(settings, "mqtt_pass", mqttPassPath is null ? null : SecretInput.Read(mqttPassPath, Console.In));
            AddIfGiven(settings, "mqtt_tls", parseResult.GetValue(mqttTls) ? "1" : null);
            AddIfGiven(settings, "mqtt_ca", parseResult.GetValue(mqttCa));
            Provisioner.Created created = Provisioner.Create(parseResult.GetRequiredValue(site), parseResult.GetRequiredValue(device),
                parseResult.GetRequiredValue(keys).FullName, parseResult.GetRequiredValue(output).FullName, pin, settings);
            Console.WriteLine($"dev={created.DeviceId}");
            Console.WriteLine($"kid={created.KeyId}");
            Console.WriteLine($"fp={created.Fingerprint}");
            Console.WriteLine($"cmd_fp={created.CommandKeyFingerprint}");
            Console.WriteLine($"pin={created.Pin}");
            Console.WriteLine($"settings={created.SettingsFolder}");
            Console.WriteLine("check on the device console: key show (kid and fp must match)");
        }));
        return command;
    }

    public static Command Rotate()
    {
        Option<string> device = IdOption("--device", "Device id.");
        Option<FileInfo> keys = KeysOption();
        Option<bool> fresh = new("--fresh") { Description = "A new random key instead of the one the device's `key rotate` derives (after a suspected leak)." };
        Option<DirectoryInfo?> output = new("--out") { Description = "Also write the new key into the device's settings folder." };
        Option<FileInfo?> keyFile = new("--key-file") { Description = "Write the console line `key set <kid> <hex>` for a fresh key to this file (mode 0600) to paste." };
        Command command = new("rotate", "Add the device's next key to the registry; the old key stays valid until retired.")
        {
            device, keys, fresh, output, keyFile,
        };
        command.SetAction(parseResult => Run(() =>
        {
            Provisioner.Rotated rotated = Provisioner.Rotate(parseResult.GetRequiredValue(device), parseResult.GetRequiredValue(keys).FullName,
                parseResult.GetValue(fresh), parseResult.GetValue(output)?.FullName, parseResult.GetValue(keyFile)?.FullName);
            Console.WriteLine($"dev={rotated.DeviceId}");
            Console.WriteLine($"kid={rotated.KeyId}");
            Console.WriteLine($"fp={rotated.Fingerprint}");
            Console.WriteLine($"previous_kid={rotated.OldKeyId} (still valid: retire it once a reading under {rotated.KeyId} is in the ledger)");
            Console.WriteLine(rotated.Derived
                ? "on the device console: unlock <pin>, then key rotate (it must answer kid and fp as above)"
                : "deliver the key with --out or the --key-file line on the console (key set is not echoed)");
        }));
        return command;
    }

    public static Command Retire()
    {
        Option<string> device = IdOption("--device", "Device id.");
        Option<string> keyId = IdOption("--kid", "The old key id to remove.");
        Option<FileInfo> keys = KeysOption();
        Option<FileInfo> ledger = new("--ledger") { Description = "The gateway's ledger, to check that the old key's last reading is in.", Required = true };
        Command command = new("retire", "Remove an old key from the registry once the ledger holds a reading signed with a newer one.")
        {
            device, keyId, keys, ledger,
        };
        command.SetAction(parseResult => Run(() =>
        {
            string newest = Provisioner.Retire(parseResult.GetRequiredValue(device), parseResult.GetRequiredValue(keyId),
                parseResult.GetRequiredValue(keys).FullName, parseResult.GetRequiredValue(ledger).FullName);
            Console.WriteLine($"retired={parseResult.GetRequiredValue(keyId)} newest_in_ledger={newest}");
        }));
        return command;
    }

    private static int Run(Action action)
    {
        try
        {
            action();
            return 0;
        }
        catch (ArgumentException exception)
        {
            Console.Error.WriteLine($"error: {exception.Message}");
            return 2;
        }
        catch (Exception exception) when (exception is InvalidOperationException or KeyRegistryException or IOException or Microsoft.Data.Sqlite.SqliteException)
        {
            Console.Error.WriteLine($"error: {exception.Message}");
            return 3;
        }
    }

    private static void AddIfGiven(List<KeyValuePair<string, string>> settings, string name, string? value)
    {
        if (value is not null)
        {
            settings.Add(new KeyValuePair<string, string>(name, value));
        }
    }

    private static Option<string> IdOption(string name, string description)
    {
        Option<string> option = new(name) { Description = description, Required = true };
        option.Validators.Add(result =>
        {
            string? value = result.GetValueOrDefault<string>();
            if (!Identifiers.IsValid(value))
            {
                result.AddError($"{name} must be 1..32 of [A-Za-z0-9_-], not '{value}'");
            }
        });
        return option;
    }

    private static Option<FileInfo> KeysOption() =>
        new("--keys") { Description = "The gateway's key registry (JSON).", Required = true };
}
