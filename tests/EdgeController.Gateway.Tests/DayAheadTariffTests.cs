using EdgeController.Core;
using EdgeController.Core.Commands;
using EdgeController.Core.Tariffs;
using EdgeController.Core.Telemetry;
using EdgeController.Hal.Simulation;
using EdgeController.Hal.Simulation.Signing;
using EdgeController.Hal.Simulation.Storage;
using EdgeController.Ledger;
using EdgeController.Simulator;
using EdgeController.Simulator.Tariffs;

namespace EdgeController.Gateway.Tests;

/// <summary>
/// ec-sim --day-ahead: the built-in gateway publishes each day's prices at 13:00 as signed tariff
/// v2 commands, checked against the device's own command processor and then through a whole
/// simulator run on the real broker.
/// </summary>
public sealed class DayAheadTariffTests : IDisposable
{
    private const string Site = "site1";
    private const string DeviceId = "dev-a";
    private static readonly byte[] s_commandKey = Enumerable.Range(40, 32).Select(i => (byte)i).ToArray();
    private static readonly DateTimeOffset s_start = new(2026, 6, 21, 10, 0, 0, TimeSpan.Zero);
    private readonly TemporaryFolder _folder = new();
    private readonly LedgerDatabase _ledger;
    private readonly List<(string Topic, byte[] Message)> _sent = [];
    private readonly DayAheadTariffPublisher _publisher;

    public DayAheadTariffTests()
    {
        _ledger = LedgerDatabase.Open(_folder.File("ledger.db"));
        _publisher = Publisher(s_start, TimeSpan.FromDays(2));
    }

    /// <summary>A publisher for the one device, recording what it sends in _sent.</summary>
    private DayAheadTariffPublisher Publisher(DateTimeOffset start, TimeSpan duration)
    {
        KeyRegistry registry = KeyRegistry.Empty();
        registry.Set(DeviceId, KeyRegistry.CommandKeyId, s_commandKey);
        return new DayAheadTariffPublisher(start, duration, seed: 7, _ledger, registry, Site, [DeviceId], (topic, message) =>
        {
            _sent.Add((topic, message));
            return true;
        });
    }

    public void Dispose()
    {
        _ledger.Dispose();
        _folder.Dispose();
    }

    private static long At(int day, int hour, int minute = 0) =>
        new DateTimeOffset(s_start.Date, TimeSpan.Zero).AddDays(day).AddHours(hour).AddMinutes(minute).ToUnixTimeMilliseconds();

    private static (CommandProcessor Processor, TariffSchedule Schedule) Device(long unixMilliseconds)
    {
        SimulatedClock clock = new(unixMilliseconds);
        clock.SetWallClock(unixMilliseconds, synchronized: true);
        TariffSchedule schedule = new();
        CommandProcessor processor = new(new DeviceIdentity(Site, DeviceId), new HmacSha256Signer(KeyRegistry.CommandKeyId, s_commandKey),
            clock, new InMemoryNonVolatileStore(), schedule, new TopicNames(Site, DeviceId));
        processor.Start();
        return (processor, schedule);
    }

    private static CommandRejection Deliver(CommandProcessor processor, (string Topic, byte[] Message) command)
    {
        string prefix = new TopicNames(Site, DeviceId).CommandPrefix;
        Assert.Equal(prefix + CommandKinds.Tariff, command.Topic);
        return processor.Process(command.Topic[prefix.Length..], command.Message, command.Message.Length);
    }

    [Fact]
    public void Publisher_SendsTheRestOfTheStartDayAMinuteIn_ThenAt1300TheRestOfTodayAndTomorrow()
    {
        _publisher.Tick(At(0, 10));
        Assert.Empty(_sent); // the devices have not subscribed yet
        _publisher.Tick(At(0, 10, 1));
        _publisher.Tick(At(0, 12, 59));
        (string Topic, byte[] Message) first = Assert.Single(_sent);

        (CommandProcessor device, TariffSchedule schedule) = Device(At(0, 10, 1));
        Assert.Equal(CommandRejection.None, Deliver(device, first));
        Assert.Equal(At(0, 10), schedule.ValidFromUnixMilliseconds);
        Assert.Equal(At(1, 0), schedule.ValidUntilUnixMilliseconds);

        _publisher.Tick(At(0, 13));
        Assert.Equal(2, _sent.Count);
        Assert.Equal(CommandRejection.None, Deliver(device, _sent[1]));
        Assert.Equal(At(0, 13), schedule.ValidFromUnixMilliseconds);
        Assert.Equal(At(2, 0), schedule.ValidUntilUnixMilliseconds); // 35 h: 140 quarter hours
        Assert.Equal(15, schedule.StepMinutes);
        Assert.Equal(_publisher.LastCommandSequenceOf(DeviceId), schedule.CommandSequence);

        // Every quarter hour carries the generator's prices, export included.
        for (long t = At(0, 13); t < At(2, 0); t += 15 * 60_000)
        {
            Assert.True(schedule.TryGetPricesAt(t + 60_000, out long import, out bool hasExport, out long export));
            Assert.True(hasExport);
            Assert.Equal(_publisher.PricesAt(t), (import, export));
            Assert.True(import > export, "import pays the grid's fees on top of the spot price that export earns");
        }

        _publisher.Tick(At(1, 12, 59));
        Assert.Equal(2, _sent.Count);
        _publisher.Tick(At(1, 13, 0));
        Assert.Equal(3, _sent.Count);
        Assert.Equal(3, _publisher.Publications);
        Assert.Equal(3, _publisher.SchedulesSent);
    }

    [Fact]
    public void Publisher_RunStartedAfter1300_SendsTomorrowWithTheFirstSchedule()
    {
        DayAheadTariffPublisher publisher = Publisher(s_start.AddHours(6), TimeSpan.FromHours(30)); // from 16:00

        publisher.Tick(At(0, 16, 1));
        (CommandProcessor device, TariffSchedule schedule) = Device(At(0, 16, 1));
        Assert.Equal(CommandRejection.None, Deliver(device, Assert.Single(_sent)));
        Assert.Equal(At(2, 0), schedule.ValidUntilUnixMilliseconds);
        publisher.Tick(At(0, 23));
        Assert.Single(_sent); // today's 13:00 has been covered by the first
        publisher.Tick(At(1, 13));
        Assert.Equal(2, _sent.Count);
    }

    [Fact]
    public async Task Simulator_WithDayAhead_EveryDeviceFollowsTheLatestSignedSchedule()
    {
        SimulationOptions options = new()
        {
            Devices = 2,
            Duration = TimeSpan.FromHours(28),
            LedgerPath = _folder.File("site.db"),
            KeysPath = _folder.File("site.keys.json"),
            DeviceStateFolder = _folder.File("site.devices"),
            Start = s_start,
            DayAhead = true,
        };

        SimulationSummary summary = await SimulationRun.RunAsync(options, CancellationToken.None);

        DayAheadSummary dayAhead = Assert.IsType<DayAheadSummary>(summary.DayAhead);
        Assert.Equal(3, dayAhead.Publications); // 10:01, 13:00 and 13:00 the next day
        Assert.Equal(6, dayAhead.SchedulesSent);
        Assert.Equal(0, dayAhead.SchedulesFailed);
        Assert.Equal(2, dayAhead.DevicesOnLatest);
        Assert.All(summary.Devices, device => Assert.True(device.TariffCommandSequence > 0, $"{device.DeviceId} follows its board tariff"));
        Assert.Equal(0, summary.Rejected);
    }
}
