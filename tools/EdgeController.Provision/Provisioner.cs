using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using EdgeController.Core.Console;
using EdgeController.Core.Settings;
using EdgeController.Core.Signing;
using EdgeController.Hal.Simulation.Storage;
using EdgeController.Ledger;
using Microsoft.Data.Sqlite;

namespace EdgeController.Provision;

/// <summary>
/// The provisioning steps, apart from the command line so that tests call them directly.
/// A device's settings file is the same two-slot record the firmware reads (settings.a/.b in
/// the device's flash folder), written through Core's own SettingsStore.
/// </summary>
public static class Provisioner
{
    /// <summary>The first key id of a device.</summary>
    public const string FirstKeyId = "k1";

    /// <summary>What create did.</summary>
    public sealed record Created(string DeviceId, string KeyId, string Fingerprint, string Pin, string SettingsFolder, string CommandKeyFingerprint = "");

    /// <summary>What rotate did.</summary>
    public sealed record Rotated(string DeviceId, string OldKeyId, string KeyId, string Fingerprint, bool Derived);

    /// <summary>
    /// Creates a device: a random key under k1 in the registry, a random command key under
    /// <see cref="KeyRegistry.CommandKeyId"/> (the gateway signs the device's commands with it; it is
    /// written into the settings as cmd_key too), and a settings record in
    /// settingsFolder with the site, id, key and PIN and any further catalogue settings given
    /// (by console name: wifi_ssid, wifi_pass, mqtt_host, ...), other settings kept if a record
    /// exists. Every value is checked by the catalogue before anything is written. Refuses a
    /// device the registry already knows: use rotate.
    /// </summary>
    public static Created Create(string siteId, string deviceId, string keysPath, string settingsFolder, string? pin,
        IReadOnlyList<KeyValuePair<string, string>>? settings = null)
    {
        KeyRegistry registry = File.Exists(keysPath) ? KeyRegistry.Load(keysPath) : KeyRegistry.Empty();
        if (registry.KnowsDevice(deviceId))
        {
            throw new InvalidOperationException($"{deviceId} is already in {keysPath} (keys {string.Join(", ", registry.KeyIdsOf(deviceId))}): use rotate");
        }

        // A failed create leaves nothing behind: no new folders, the registry as it was.
        string? firstCreatedFolder = FirstMissingFolder(settingsFolder);
        byte[]? registryBefore = File.Exists(keysPath) ? File.ReadAllBytes(keysPath) : null;
        bool registryWritten = false;
        try
        {
            return CreateIn(siteId, deviceId, keysPath, settingsFolder, pin, settings, registry, () => registryWritten = true);
        }
        catch
        {
            if (firstCreatedFolder is not null && Directory.Exists(firstCreatedFolder))
            {
                Directory.Delete(firstCreatedFolder, recursive: true);
            }

            if (registryWritten)
            {
                RestoreRegistry(keysPath, registryBefore);
            }

            throw;
        }
    }

    private static Created CreateIn(string siteId, string deviceId, string keysPath, string settingsFolder, string? pin,
        IReadOnlyList<KeyValuePair<string, string>>? settings, KeyRegistry registry, Action registryWritten)
    {
        pin ??= RandomNumberGenerator.GetInt32(0, 1_000_000).ToString("D6", CultureInfo.InvariantCulture);
        byte[] key = RandomNumberGenerator.GetBytes(KeyRegistry.KeyBytes);
        byte[] commandKey = RandomNumberGenerator.GetBytes(KeyRegistry.KeyBytes);
        SettingsStore store = new(new FolderNonVolatileStore(settingsFolder));
        DeviceSettings device = store.Load();
        string? problem = SettingCatalog.Set(device, "site", siteId, out _)
            ?? SettingCatalog.Set(device, "dev", deviceId, out _)
            ?? SettingCatalog.Set(device, "pin", pin, out _);
        foreach (KeyValuePair<string, string> setting in settings ?? [])
        {
            problem ??= setting.Key is "kid" or "cmd_key"
                ? $"{setting.Key} is written by create itself"
                : SettingCatalog.Set(device, setting.Key, setting.Value, out _);
        }

        if (problem is not null)
        {
            throw new ArgumentException(problem);
        }

        device.KeyId = FirstKeyId;
        device.Key = key;
        device.CommandKey = commandKey;
        // The registry first: a device whose key the gateway does not know is worse than a
        // registered key whose settings file must be written again.
        registry.Set(deviceId, FirstKeyId, key);
        registry.Set(deviceId, KeyRegistry.CommandKeyId, commandKey);
        registryWritten();
        registry.Save(keysPath);
        store.Save(device);
        return new Created(deviceId, FirstKeyId, Fingerprint(key), pin, Path.GetFullPath(settingsFolder), Fingerprint(commandKey));
    }

    /// <summary>The outermost folder of path that does not exist yet (what create would make), or null.</summary>
    private static string? FirstMissingFolder(string path)
    {
        string? missing = null;
        for (string? folder = Path.GetFullPath(path); folder is not null && !Directory.Exists(folder); folder = Path.GetDirectoryName(folder))
        {
            missing = folder;
        }

        return missing;
    }

    private static void RestoreRegistry(string keysPath, byte[]? before)
    {
        if (before is null)
        {
            File.Delete(keysPath);
            return;
        }

        File.WriteAllBytes(keysPath, before);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(keysPath, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
    }

    /// <summary>
    /// Adds the device's next key to the registry and keeps the old ones (still valid until
    /// retired). Derived (default): the key the device's own `key rotate` makes from its current
    /// key, HMAC-SHA256(current, "ec-rotate|" + next kid), so nothing secret goes to the device.
    /// Fresh: a random key, delivered by writing the settings folder or a key file for `key set`.
    /// </summary>
    public static Rotated Rotate(string deviceId, string keysPath, bool fresh, string? settingsFolder, string? keyFile)
    {
        KeyRegistry registry = KeyRegistry.Load(keysPath);
        string current = CurrentKeyId(registry, deviceId)
            ?? throw new InvalidOperationException($"{deviceId} has no key in {keysPath}: use create");
        registry.TryGetKey(deviceId, current, out byte[] currentKey);
        string next = KeyFingerprint.NextKeyId(current);
        if (registry.TryGetKey(deviceId, next, out _))
        {
            throw new InvalidOperationException($"{deviceId} already has {next} in {keysPath}");
        }

        if (fresh && settingsFolder is null && keyFile is null)
        {
            throw new ArgumentException("a fresh key must go somewhere: give --out <settings folder> or --key-file <file>");
        }

        byte[] key = fresh
            ? RandomNumberGenerator.GetBytes(KeyRegistry.KeyBytes)
            : HMACSHA256.HashData(currentKey, Encoding.ASCII.GetBytes(KeyFingerprint.RotationPrefix + next));
        registry.Set(deviceId, next, key);
        registry.Save(keysPath);
        if (keyFile is not null)
        {
            SecretFile.Write(keyFile, $"key set {next} {Convert.ToHexStringLower(key)}\n");
        }

        if (settingsFolder is not null)
        {
            SettingsStore store = new(new FolderNonVolatileStore(settingsFolder));
            DeviceSettings settings = store.Load();
            if (settings.DeviceId != deviceId)
            {
                throw new InvalidOperationException($"the settings in {settingsFolder} are for '{settings.DeviceId}', not {deviceId}");
            }

            settings.KeyId = next;
            settings.Key = key;
            store.Save(settings);
        }

        return new Rotated(deviceId, current, next, Fingerprint(key), !fresh);
    }

    /// <summary>
    /// Removes an old key once it can no longer be needed: when the device's newest entry in the
    /// ledger is signed with a newer key. A device publishes its outbox oldest first, so every
    /// message signed with the old key was delivered before that entry.
    /// </summary>
    public static string Retire(string deviceId, string keyId, string keysPath, string ledgerPath)
    {
        KeyRegistry registry = KeyRegistry.Load(keysPath);
        if (keyId == KeyRegistry.CommandKeyId)
        {
            throw new InvalidOperationException($"{KeyRegistry.CommandKeyId} is {deviceId}'s command key, not a reading key: it is never retired");
        }

        if (!registry.TryGetKey(deviceId, keyId, out _))
        {
            throw new InvalidOperationException($"{deviceId} has no key {keyId} in {keysPath}");
        }

        string? newestKeyId = NewestLedgerKeyId(ledgerPath, deviceId);
        if (newestKeyId is null || newestKeyId == keyId || !registry.TryGetKey(deviceId, newestKeyId, out _))
        {
            throw new InvalidOperationException(
                $"not yet: the newest ledger entry of {deviceId} is signed with {newestKeyId ?? "nothing"}; retire {keyId} once one signed with a newer key is in");
        }

        registry.Remove(deviceId, keyId);
        registry.Save(keysPath);
        return newestKeyId;
    }

    /// <summary>The first 8 hex of HMAC-SHA256(key, "fingerprint"), as the device's console shows it.</summary>
    public static string Fingerprint(byte[] key) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(key, Encoding.ASCII.GetBytes(KeyFingerprint.FingerprintMessage)))[..KeyFingerprint.FingerprintHexCharacters];

    /// <summary>The device's newest key id: the highest k&lt;N&gt;, else the last in ordinal order.</summary>
    private static string? CurrentKeyId(KeyRegistry registry, string deviceId)
    {
        IReadOnlyList<string> keyIds = registry.ReadingKeyIdsOf(deviceId);
        return keyIds.Count == 0
            ? null
            : keyIds.OrderBy(kid => kid.Length > 1 && kid[0] == 'k' && long.TryParse(kid[1..], NumberStyles.None, CultureInfo.InvariantCulture, out long n) ? n : -1)
                .ThenBy(kid => kid, StringComparer.Ordinal)
                .Last();
    }

    private static string? NewestLedgerKeyId(string ledgerPath, string deviceId)
    {
        if (!File.Exists(ledgerPath))
        {
            throw new FileNotFoundException($"ledger '{ledgerPath}' does not exist");
        }

        using SqliteConnection connection = new(new SqliteConnectionStringBuilder { DataSource = ledgerPath, Mode = SqliteOpenMode.ReadOnly }.ToString());
        connection.Open();
        using SqliteCommand command = connection.CreateCommand();
        command.CommandText = "SELECT raw FROM ledger WHERE dev = $dev ORDER BY idx DESC LIMIT 1";
        command.Parameters.AddWithValue("$dev", deviceId);
        if (command.ExecuteScalar() is not byte[] raw)
        {
            return null;
        }

        EnvelopeParts parts = new();
        return SignedEnvelopeReader.TryParse(raw, raw.Length, parts) == EnvelopeError.None ? parts.KeyId : null;
    }
}
