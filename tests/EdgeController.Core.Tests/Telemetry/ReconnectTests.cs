using EdgeController.Core.Telemetry;
using EdgeController.Hal;
using EdgeController.Hal.Simulation;

namespace EdgeController.Core.Tests.Telemetry;

public sealed class ReconnectTests
{
    private sealed class FixedRandom(int value) : IRandomSource
    {
        public List<int> Bounds { get; } = [];

        public int Next(int maxExclusive)
        {
            Bounds.Add(maxExclusive);
            return Math.Min(value, maxExclusive - 1);
        }
    }

    private sealed class FakeLink : IMqttLink, IMqttConnection
    {
        public bool IsConnected { get; set; }

        public bool BrokerUp { get; set; }

        public int Attempts { get; private set; }

        public bool Publish(string topic, byte[] payload, int length, bool retain) => IsConnected;

        public bool TryConnect()
        {
            Attempts++;
            IsConnected = BrokerUp;
            return BrokerUp;
        }
    }

    [Fact]
    public void Backoff_DoublesFromTheInitialDelay_UpToTheCap()
    {
        ReconnectBackoff backoff = new(1000, 60_000, new FixedRandom(0));

        int[] ceilings = Enumerable.Range(1, 9).Select(backoff.CeilingMilliseconds).ToArray();

        Assert.Equal([1000, 2000, 4000, 8000, 16000, 32000, 60000, 60000, 60000], ceilings);
        Assert.Equal(60_000, backoff.CeilingMilliseconds(int.MaxValue));
    }

    [Fact]
    public void Backoff_WaitsHalfTheCeilingPlusAJitteredHalf()
    {
        FixedRandom random = new(int.MaxValue);
        ReconnectBackoff backoff = new(1000, 60_000, random);

        backoff.RecordFailure(10_000);
        Assert.Equal(10_000 + 500 + 500, backoff.NextAttemptUptimeMilliseconds);
        backoff.RecordFailure(11_000);
        Assert.Equal(11_000 + 1000 + 1000, backoff.NextAttemptUptimeMilliseconds);
        Assert.Equal([501, 1001], random.Bounds);

        ReconnectBackoff noJitter = new(1000, 60_000, new FixedRandom(0));
        noJitter.RecordFailure(0);
        Assert.Equal(500, noJitter.NextAttemptUptimeMilliseconds);
    }

    [Fact]
    public void Backoff_SeededJitter_SpreadsDevicesThatFailedTogether()
    {
        long[] firstRetries = Enumerable.Range(1, 8).Select(seed =>
        {
            ReconnectBackoff backoff = new(8000, 60_000, new SeededRandomSource(seed));
            backoff.RecordFailure(0);
            return backoff.NextAttemptUptimeMilliseconds;
        }).ToArray();

        Assert.All(firstRetries, retry => Assert.InRange(retry, 4000, 8000));
        Assert.True(firstRetries.Distinct().Count() > 4, string.Join(",", firstRetries));
    }

    [Fact]
    public void Supervisor_AfterALostLink_RetriesOnlyWhenTheBackoffAllows_ThenResets()
    {
        SimulatedClock clock = new(0);
        FakeLink link = new() { BrokerUp = true };
        LinkSupervisor supervisor = new(link, link, new ReconnectBackoff(1000, 8000, new FixedRandom(0)), clock);

        Assert.True(supervisor.Poll());
        Assert.Equal(1, link.Attempts);

        link.IsConnected = false;
        link.BrokerUp = false;
        List<long> attemptTimes = [];
        for (int second = 0; second < 20; second++)
        {
            int before = link.Attempts;
            supervisor.Poll();
            if (link.Attempts > before)
            {
                attemptTimes.Add(clock.UptimeMilliseconds);
            }

            clock.Advance(500);
        }

        // Lost at t=0: waits 500 (half of 1000), then 1000, 2000, 4000 (half of each ceiling).
        Assert.Equal([500, 1500, 3500, 7500], attemptTimes);
        Assert.Equal(1, supervisor.LinkLosses);

        link.BrokerUp = true;
        clock.Advance(10_000);
        Assert.True(supervisor.Poll());
        Assert.Equal(0, supervisor.Backoff.ConsecutiveFailures);
        Assert.Equal(2, supervisor.Connections);
    }
}
