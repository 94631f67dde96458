using System.Text.Json;
using EdgeController.Core;
using EdgeController.Core.Signing;

namespace EdgeController.Ledger;

/// <summary>
/// The device keys the gateway trusts, read from the JSON file of docs/design.md:
/// <c>{"&lt;dev&gt;": {"&lt;kid&gt;": "&lt;64 hex key&gt;", ...}, ...}</c>. Several key ids per device
/// let a rotated key stay valid until its last reading is in. The file is never published.
/// </summary>
public sealed class KeyRegistry
{
    /// <summary>
    /// The key id under which a device's command key is kept: the key the gateway signs that
    /// device's commands with (docs/design.md). Never a reading key: a reading signed with it is
    /// rejected as UnknownKey.
    /// </summary>
    public const string CommandKeyId = "cmd";

    /// <summary>Bytes of a device key.</summary>
    public const int KeyBytes = 32;

    private readonly Dictionary<string, Dictionary<string, byte[]>> _keys;

    private KeyRegistry(Dictionary<string, Dictionary<string, byte[]>> keys) => _keys = keys;

    /// <summary>An empty registry.</summary>
    public static KeyRegistry Empty() => new(new Dictionary<string, Dictionary<string, byte[]>>(StringComparer.Ordinal));

    /// <summary>Devices with at least one key.</summary>
    public IReadOnlyCollection<string> DeviceIds => _keys.Keys;

    /// <summary>Loads and validates a registry file; every problem is named with its place.</summary>
    /// <exception cref="KeyRegistryException">The file is missing, not JSON, or has an invalid entry.</exception>
    public static KeyRegistry Load(string path)
    {
        if (!File.Exists(path))
        {
            throw new KeyRegistryException($"key registry '{path}' does not exist");
        }

        return Parse(File.ReadAllText(path), path);
    }

    /// <summary>Parses registry JSON text; source names it in errors.</summary>
    public static KeyRegistry Parse(string json, string source)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json);
        }
        catch (JsonException exception)
        {
            throw new KeyRegistryException($"{source}: not valid JSON: {exception.Message}");
        }

        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                throw new KeyRegistryException($"{source}: the top level must be an object of devices");
            }

            List<string> errors = [];
            Dictionary<string, Dictionary<string, byte[]>> keys = new(StringComparer.Ordinal);
            foreach (JsonProperty device in document.RootElement.EnumerateObject())
            {
                if (!Identifiers.IsValid(device.Name))
                {
                    errors.Add($"device id '{device.Name}': must be 1..32 of [A-Za-z0-9_-]");
                    continue;
                }

                if (device.Value.ValueKind != JsonValueKind.Object)
                {
                    errors.Add($"{device.Name}: must be an object of key ids");
                    continue;
                }

                Dictionary<string, byte[]> deviceKeys = new(StringComparer.Ordinal);
                foreach (JsonProperty key in device.Value.EnumerateObject())
                {
                    byte[]? bytes = key.Value.ValueKind == JsonValueKind.String ? HexEncoding.DecodeString(key.Value.GetString()) : null;
                    if (!Identifiers.IsValid(key.Name))
                    {
                        errors.Add($"{device.Name}.{key.Name}: key id must be 1..32 of [A-Za-z0-9_-]");
                    }
                    else if (bytes is null || bytes.Length != KeyBytes)
                    {
                        errors.Add($"{device.Name}.{key.Name}: key must be {KeyBytes * 2} hex characters");
                    }
                    else
                    {
                        deviceKeys[key.Name] = bytes;
                    }
                }

                keys[device.Name] = deviceKeys;
            }

            if (errors.Count > 0)
            {
                throw new KeyRegistryException($"{source}: {string.Join("; ", errors)}");
            }

            return new KeyRegistry(keys);
        }
    }

    /// <summary>Looks a key up by device and key id.</summary>
    public bool TryGetKey(string deviceId, string keyId, out byte[] key)
    {
        key = [];
        return _keys.TryGetValue(deviceId, out Dictionary<string, byte[]>? deviceKeys)
            && deviceKeys.TryGetValue(keyId, out key!);
    }

    /// <summary>The key ids held for a device (none when it is unknown), in ordinal order.</summary>
    public IReadOnlyList<string> KeyIdsOf(string deviceId) =>
        _keys.TryGetValue(deviceId, out Dictionary<string, byte[]>? deviceKeys)
            ? deviceKeys.Keys.Order(StringComparer.Ordinal).ToList()
            : [];

    /// <summary>The device's command key (kid "cmd"), or null when provisioning gave it none.</summary>
    public byte[]? CommandKeyOf(string deviceId) => TryGetKey(deviceId, CommandKeyId, out byte[] key) ? key : null;

    /// <summary>The device's reading key ids (every kid but "cmd"), in ordinal order.</summary>
    public IReadOnlyList<string> ReadingKeyIdsOf(string deviceId) => KeyIdsOf(deviceId).Where(kid => kid != CommandKeyId).ToList();

    /// <summary>Removes one key of a device (a retired key); true when it was there.</summary>
    public bool Remove(string deviceId, string keyId) =>
        _keys.TryGetValue(deviceId, out Dictionary<string, byte[]>? deviceKeys) && deviceKeys.Remove(keyId);

    /// <summary>True when the device has any key.</summary>
    public bool KnowsDevice(string deviceId) => _keys.ContainsKey(deviceId);

    /// <summary>Adds or replaces a key.</summary>
    public void Set(string deviceId, string keyId, byte[] key)
    {
        if (!Identifiers.IsValid(deviceId) || !Identifiers.IsValid(keyId) || key.Length != KeyBytes)
        {
            throw new ArgumentException("invalid device id, key id or key length");
        }

        if (!_keys.TryGetValue(deviceId, out Dictionary<string, byte[]>? deviceKeys))
        {
            deviceKeys = new Dictionary<string, byte[]>(StringComparer.Ordinal);
            _keys[deviceId] = deviceKeys;
        }

        deviceKeys[keyId] = (byte[])key.Clone();
    }

    /// <summary>Writes the registry to a file readable by its owner only (it holds secrets).</summary>
    public void Save(string path)
    {
        SortedDictionary<string, SortedDictionary<string, string>> document = new(StringComparer.Ordinal);
        foreach ((string deviceId, Dictionary<string, byte[]> deviceKeys) in _keys)
        {
            SortedDictionary<string, string> entries = new(StringComparer.Ordinal);
            foreach ((string keyId, byte[] key) in deviceKeys)
            {
                entries[keyId] = Convert.ToHexStringLower(key);
            }

            document[deviceId] = entries;
        }

        string? folder = Path.GetDirectoryName(Path.GetFullPath(path));
        if (folder is not null)
        {
            Directory.CreateDirectory(folder);
        }

        string temporary = path + ".tmp";
        File.WriteAllText(temporary, JsonSerializer.Serialize(document, s_indented) + "\n");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(temporary, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        File.Move(temporary, path, overwrite: true);
    }

    private static readonly JsonSerializerOptions s_indented = new() { WriteIndented = true };
}
