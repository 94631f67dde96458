using EdgeController.Core.Commands;
using EdgeController.Ledger;

namespace EdgeController.Simulator.Tariffs;

/// <summary>
/// The day-ahead market as the built-in gateway of `ec-sim --day-ahead` delivers it: each
/// simulated day at 13:00 UTC the next day's prices become known, and the gateway signs each
/// device's tariff v2 schedule (15-minute import and export prices from <see cref="DayAheadPrices"/>,
/// 13:00 today to 24:00 tomorrow: 140 slots) with the device's command key and publishes it on
/// its cmd/tariff topic, exactly as `ec-gateway tariff send --schedule` does. The first schedule
/// (the rest of the start day, and tomorrow too when the run starts after 13:00) goes out a
/// minute after the start, once the devices have connected and subscribed; the broker keeps later
/// ones for a device that is offline, in its persistent session.
/// </summary>
public sealed class DayAheadTariffPublisher
{
    /// <summary>The hour (UTC) at which the next day's prices are published.</summary>
    public const int PublicationHourUtc = 13;

    /// <summary>The schedule's step.</summary>
    public const int StepMinutes = 15;

    /// <summary>Simulated time after the start before the first schedule goes out (the devices connect in their first ticks).</summary>
    public const long FirstPublicationDelayMilliseconds = 60_000;

    private const long DayMilliseconds = 86_400_000;
    private const long StepMilliseconds = StepMinutes * 60_000L;
    private const double MicrocurrencyPerCurrency = 1_000_000;

    private readonly LedgerDatabase _ledger;
    private readonly KeyRegistry _registry;
    private readonly string _site;
    private readonly IReadOnlyList<string> _deviceIds;
    private readonly Func<string, byte[], bool> _publish;
    private readonly long _firstDayStartMilliseconds;
    private readonly long _firstPublicationMilliseconds;
    private readonly double[] _importPerMinute;
    private readonly double[] _exportPerMinute;
    private readonly Dictionary<string, long> _lastCommandSequence = new(StringComparer.Ordinal);
    private long _nextPublicationMilliseconds = long.MinValue;

    /// <summary>
    /// Prices for every day the run touches, from the seed; publish sends one signed message to a
    /// topic and says whether the broker took it.
    /// </summary>
    public DayAheadTariffPublisher(DateTimeOffset start, TimeSpan duration, int seed, LedgerDatabase ledger, KeyRegistry registry, string site,
        IReadOnlyList<string> deviceIds, Func<string, byte[], bool> publish)
    {
        _ledger = ledger;
        _registry = registry;
        _site = site;
        _deviceIds = deviceIds;
        _publish = publish;
        DateTimeOffset startUtc = start.ToUniversalTime();
        _firstDayStartMilliseconds = new DateTimeOffset(startUtc.Date, TimeSpan.Zero).ToUnixTimeMilliseconds();
        _firstPublicationMilliseconds = startUtc.ToUnixTimeMilliseconds() + FirstPublicationDelayMilliseconds;
        // The simulator's site model has passing clouds every day: a broken sky for the prices.
        int days = (int)Math.Ceiling((startUtc - startUtc.Date).Add(duration).TotalDays) + 2;
        (_importPerMinute, _exportPerMinute) = DayAheadPrices.Generate(Enumerable.Repeat(DaySky.Broken, days).ToArray(), StepMinutes, seed, startUtc.DayOfYear - 1);
    }

    /// <summary>Publication rounds held (the first, then one each 13:00).</summary>
    public int Publications { get; private set; }

    /// <summary>Schedules the broker took, over every device and round.</summary>
    public long SchedulesSent { get; private set; }

    /// <summary>Schedules the broker did not take (the gateway was not connected, or the broker refused).</summary>
    public long SchedulesFailed { get; private set; }

    /// <summary>The cmdseq of the last schedule sent to a device, or 0.</summary>
    public long LastCommandSequenceOf(string deviceId) => _lastCommandSequence.GetValueOrDefault(deviceId);

    /// <summary>The import and export prices in force at a time, microcurrency per kWh, as the schedules carry them.</summary>
    public (long Import, long Export) PricesAt(long unixMilliseconds)
    {
        int minute = (int)((unixMilliseconds - _firstDayStartMilliseconds) / 60_000);
        return (Microcurrency(_importPerMinute[minute]), Microcurrency(_exportPerMinute[minute]));
    }

    /// <summary>At a meeting of the timeline, at the gateway's simulated time: publishes when a round is due.</summary>
    public void Tick(long nowUnixMilliseconds)
    {
        if (_nextPublicationMilliseconds == long.MinValue)
        {
            if (nowUnixMilliseconds < _firstPublicationMilliseconds)
            {
                return;
            }

            // The prices known at the start: today's, and tomorrow's once 13:00 has passed.
            long today = DayStart(nowUnixMilliseconds);
            long publishedToday = today + (PublicationHourUtc * 3_600_000L);
            long until = today + (nowUnixMilliseconds >= publishedToday ? 2 : 1) * DayMilliseconds;
            Publish(nowUnixMilliseconds - ((nowUnixMilliseconds - today) % StepMilliseconds), until, nowUnixMilliseconds);
            _nextPublicationMilliseconds = nowUnixMilliseconds >= publishedToday ? publishedToday + DayMilliseconds : publishedToday;
            return;
        }

        if (nowUnixMilliseconds >= _nextPublicationMilliseconds)
        {
            long from = _nextPublicationMilliseconds;
            Publish(from, DayStart(from) + (2 * DayMilliseconds), nowUnixMilliseconds);
            _nextPublicationMilliseconds += DayMilliseconds;
        }
    }

    private void Publish(long fromUnixMilliseconds, long untilUnixMilliseconds, long nowUnixMilliseconds)
    {
        int slots = (int)((untilUnixMilliseconds - fromUnixMilliseconds) / StepMilliseconds);
        long[] import = new long[slots];
        long[] export = new long[slots];
        for (int slot = 0; slot < slots; slot++)
        {
            (import[slot], export[slot]) = PricesAt(fromUnixMilliseconds + (slot * StepMilliseconds));
        }

        foreach (string deviceId in _deviceIds)
        {
            byte[] key = _registry.CommandKeyOf(deviceId) ?? throw new InvalidOperationException($"{deviceId} has no command key (kid cmd) in the registry");
            long cmdseq = _ledger.NextCommandSequence(deviceId, CommandKinds.Tariff, nowUnixMilliseconds);
            string payload = LedgerCommands.SchedulePayload(deviceId, cmdseq, fromUnixMilliseconds, StepMinutes, import, export);
            if (_publish(LedgerCommands.Topic(_site, deviceId, CommandKinds.Tariff), LedgerCommands.Seal(payload, key)))
            {
                SchedulesSent++;
                _lastCommandSequence[deviceId] = cmdseq;
            }
            else
            {
                SchedulesFailed++;
            }
        }

        Publications++;
    }

    private long DayStart(long unixMilliseconds) =>
        _firstDayStartMilliseconds + ((unixMilliseconds - _firstDayStartMilliseconds) / DayMilliseconds * DayMilliseconds);

    private static long Microcurrency(double currencyPerKilowattHour) => (long)Math.Round(currencyPerKilowattHour * MicrocurrencyPerCurrency, MidpointRounding.AwayFromZero);
}
