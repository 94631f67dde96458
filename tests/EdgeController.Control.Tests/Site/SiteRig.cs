using EdgeController.Core.Composition;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using EdgeController.Core.Settings;
using EdgeController.Core.Telemetry;
using EdgeController.Hal;
using EdgeController.Hal.Simulation;
using EdgeController.Hal.Simulation.Storage;
using EdgeController.Ledger;
using EdgeController.Simulator;

namespace EdgeController.Control.Tests.Site;

/// <summary>
/// One simulated device on its simulated site, offline, one tick a second: the firmware's whole
/// loop (Controller with the energy control) against the plant's physics. Each step's messages
/// are taken out of the outbox at once, events kept (signature checked), readings counted.
/// </summary>
internal sealed class SiteRig
{
    /// <summary>2026-06-21 00:00 local on the simulated site (UTC+1): a June day from its start.</summary>
    public const long LocalMidnightUnixMilliseconds = 1_781_996_400_000;

    private readonly byte[] _key;
    private readonly byte[] _buffer = new byte[DeviceSizing.ForEsp32().MaxMessageBytes];

    public SiteRig(SimulatedPlant? plant = null, INonVolatileStore? flash = null, long startUnixMilliseconds = LocalMidnightUnixMilliseconds, bool clockSynchronized = true)
    {
        Flash = flash ?? new InMemoryNonVolatileStore();
        DeviceSettings settings = SimulatedProvisioning.EnsureProvisioned(Flash, KeyRegistry.Empty(), "site1", "dev-1", "k1");
        _key = settings.Key;
        Plant = plant ?? new SimulatedPlant(seed: 1);
        Device = Boot(new SimulatedClock(startUnixMilliseconds, clockSynchronized));
    }

    public INonVolatileStore Flash { get; }

    public SimulatedPlant Plant { get; }

    public SimulatedDevice Device { get; private set; }

    /// <summary>Signed events seen so far (payloads), oldest first.</summary>
    public List<JsonElement> Events { get; } = [];

    public int Readings { get; private set; }

    /// <summary>Runs whole seconds; after each tick, check (if given) sees the device.</summary>
    public void RunSeconds(int seconds, Action<SimulatedDevice>? check = null)
    {
        for (int i = 0; i < seconds; i++)
        {
            Device.Step(1000);
            DrainOutbox();
            check?.Invoke(Device);
        }
    }

    /// <summary>A power cycle: the same flash and site, a new device from them, its clock going on.</summary>
    public void Reboot()
    {
        Device.Controller.PersistState();
        long unixNow = Device.Clock.UnixTimeMilliseconds;
        Device.Dispose();
        Device = Boot(new SimulatedClock(unixNow));
    }

    /// <summary>The protection events (kind "protection") seen so far.</summary>
    public List<JsonElement> ProtectionEvents() =>
        Events.Where(e => e.GetProperty("ev").GetString() == "protection").ToList();

    private SimulatedDevice Boot(SimulatedClock clock) =>
        new(Flash, new OfflineMqttLink(), clock, seed: 1, reportPeriodMillisecondsOverride: 10_000, plant: Plant);

    /// <summary>
    /// Takes every message out of the outbox, as a broker and a gateway that acknowledges all it
    /// gets would: events kept (signature checked), readings counted, and the device's flash freed
    /// by the ledger's ack.
    /// </summary>
    public void DrainOutbox()
    {
        TelemetryOutbox outbox = Device.Outbox;
        long published = Device.Controller.LastSequence;
        for (int length = outbox.PeekOldest(_buffer, out MessageKind kind); length >= 0; length = outbox.PeekOldest(_buffer, out kind))
        {
            outbox.RemoveOldest();
            if (kind != MessageKind.Event)
            {
                Readings++;
                continue;
            }

            string message = Encoding.ASCII.GetString(_buffer, 0, length);
            int first = message.IndexOf('|', StringComparison.Ordinal);
            int last = message.LastIndexOf('|');
            string payload = message[(first + 1)..last];
            using JsonDocument signature = JsonDocument.Parse(message[(last + 1)..]);
            string expected = Convert.ToHexStringLower(HMACSHA256.HashData(_key, Encoding.ASCII.GetBytes(payload)));
            Assert.Equal(expected, signature.RootElement.GetProperty("sig").GetString());
            Events.Add(JsonDocument.Parse(payload).RootElement.Clone());
        }

        outbox.Acknowledge(published);
    }
}
