using System.Security.Cryptography;
using EdgeController.Core.Settings;
using EdgeController.Hal;
using EdgeController.Ledger;

namespace EdgeController.Simulator;

/// <summary>
/// What the simulator does in place of a technician with the provisioning tool: makes sure a
/// device's flash holds settings for its site and id with a key the gateway's registry knows.
/// Settings already right (a key the registry holds for that device) are left alone, so a key
/// rotated on the console and registered with `ec-provision rotate` survives simulator runs;
/// PIN, mode and calibration are never touched. Like ec-provision it also gives the device its
/// command key (kid cmd), so the built-in gateway's acks and resends reach it.
/// </summary>
public static class SimulatedProvisioning
{
    /// <summary>Provisions the device on flash if needed; adds a new key to registry when it has none under keyId.</summary>
    public static DeviceSettings EnsureProvisioned(INonVolatileStore flash, KeyRegistry registry, string siteId, string deviceId, string keyId)
    {
        SettingsStore store = new(flash);
        DeviceSettings settings = store.Load();
        bool keyKnown = settings.HasKey
            && registry.TryGetKey(deviceId, settings.KeyId, out byte[] registered)
            && registered.AsSpan().SequenceEqual(settings.Key);
        // The gateway signs the device's commands (ack, resend, tariff) with its command key.
        byte[]? commandKey = registry.CommandKeyOf(deviceId);
        bool commandKeyKnown = commandKey is not null && settings.HasCommandKey && commandKey.AsSpan().SequenceEqual(settings.CommandKey);
        if (keyKnown && commandKeyKnown && settings.SiteId == siteId && settings.DeviceId == deviceId)
        {
            return settings;
        }

        if (!commandKeyKnown)
        {
            if (commandKey is null)
            {
                commandKey = RandomNumberGenerator.GetBytes(KeyRegistry.KeyBytes);
                registry.Set(deviceId, KeyRegistry.CommandKeyId, commandKey);
            }

            settings.CommandKey = commandKey;
        }

        if (!keyKnown)
        {
            if (!registry.TryGetKey(deviceId, keyId, out byte[] key))
            {
                key = RandomNumberGenerator.GetBytes(KeyRegistry.KeyBytes);
                registry.Set(deviceId, keyId, key);
            }

            settings.KeyId = keyId;
            settings.Key = key;
        }

        settings.SiteId = siteId;
        settings.DeviceId = deviceId;
        store.Save(settings);
        return settings;
    }
}
