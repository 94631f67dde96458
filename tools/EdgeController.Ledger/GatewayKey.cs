using System.Security.Cryptography;
using System.Text.Json;
using EdgeController.Core;
using EdgeController.Core.Signing;

namespace EdgeController.Ledger;

/// <summary>
/// The gateway's own HMAC key, which signs its ledger checkpoints: a JSON file
/// {"kid":"gw1","key":"&lt;64 hex&gt;"} readable by its owner only, created on first use.
/// </summary>
public sealed record GatewayKey(string KeyId, byte[] Key)
{
    /// <summary>Loads the key file, or creates one with a fresh random key when it does not exist.</summary>
    public static GatewayKey LoadOrCreate(string path)
    {
        if (!File.Exists(path))
        {
            GatewayKey created = new("gw1", RandomNumberGenerator.GetBytes(KeyRegistry.KeyBytes));
            string temporary = path + ".tmp";
            File.WriteAllText(temporary, JsonSerializer.Serialize(new Dictionary<string, string> { ["kid"] = created.KeyId, ["key"] = Convert.ToHexStringLower(created.Key) }) + "\n");
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(temporary, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            }

            File.Move(temporary, path);
            return created;
        }

        try
        {
            using JsonDocument document = JsonDocument.Parse(File.ReadAllText(path));
            string? keyId = document.RootElement.GetProperty("kid").GetString();
            byte[]? key = HexEncoding.DecodeString(document.RootElement.GetProperty("key").GetString());
            if (!Identifiers.IsValid(keyId) || key is null || key.Length != KeyRegistry.KeyBytes)
            {
                throw new KeyRegistryException($"{path}: kid must be 1..32 of [A-Za-z0-9_-] and key 64 hex characters");
            }

            return new GatewayKey(keyId!, key);
        }
        catch (Exception exception) when (exception is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            throw new KeyRegistryException($"{path}: not a gateway key file ({exception.Message})");
        }
    }
}
