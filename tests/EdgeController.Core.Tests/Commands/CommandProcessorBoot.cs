using EdgeController.Core.Commands;
using EdgeController.Core.Tariffs;
using EdgeController.Hal;
using EdgeController.Hal.Simulation.Signing;

namespace EdgeController.Core.Tests.Commands;

/// <summary>A command processor for a device at site1, started on the given flash (a reboot is a second call on the same flash).</summary>
public static class CommandProcessorBoot
{
    public const string Site = "site1";

    public static (CommandProcessor Processor, TariffSchedule Schedule) Start(string deviceId, string keyId, byte[] key, IClock clock, INonVolatileStore flash)
    {
        TariffSchedule schedule = new();
        CommandProcessor processor = new(new DeviceIdentity(Site, deviceId), new HmacSha256Signer(keyId, key),
            clock, flash, schedule, new EdgeController.Core.Telemetry.TopicNames(Site, deviceId));
        processor.Start();
        return (processor, schedule);
    }
}
