using EdgeController.Core.Composition;
using System.Diagnostics;
using EdgeController.Core.Signing;
using EdgeController.Core.Telemetry;
using EdgeController.Hal.Simulation.Signing;
using EdgeController.Ledger;
using MQTTnet;
using MQTTnet.Protocol;

namespace EdgeController.Simulator;

/// <summary>
/// Measures, in one run on one broker: the broker's raw delivery rate of signed readings to a
/// subscriber that does nothing, the gateway's rate of verifying and appending the same readings
/// through MQTT, and the ledger's own rate without a broker. The broker is the built-in one, or
/// an external one (mosquitto) given as host and port; each phase stops when every message
/// arrived or nothing more arrived for <see cref="StallTimeout"/> (a broker that drops what
/// exceeds its queue never delivers the rest), and the counts say how many arrived. In both
/// phases the publishers stay at most <see cref="MaxBacklogMessages"/> ahead of the subscriber,
/// so each measures the rate its subscriber keeps up with, not how fast a broker drains a burst.
/// </summary>
public static class IngestBenchmark
{
    private const string Site = "bench";
    private const int PublisherClients = 4;
    private const int OutstandingPublishesPerClient = 256;

    /// <summary>
    /// The most messages the publishers keep ahead of what the subscriber took (for the gateway:
    /// committed), five of its batches. Without a bound they ran up to 140,000 ahead, and
    /// MQTTnet.Server removes each acknowledged message from the front of a list of everything it
    /// holds for the session, so a PUBACK cost a copy of the whole backlog: the phases measured the
    /// broker's queue, and the slower subscriber paid for it twice (issue 12).
    /// </summary>
    public const int MaxBacklogMessages = 5 * MqttLedgerSubscriber.MaxBatchMessages;
    private static readonly TimeSpan StallTimeout = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Rates in messages per second (over the messages that arrived, timed to the last one); RawDelivered of Messages reached the idle subscriber.
    /// The CPU figures are this process's CPU time (all threads: publishers, subscriber, gateway, and the built-in broker) per message of each phase,
    /// which another process on the same cores disturbs less than the rates.
    /// </summary>
    public sealed record Result(int Messages, double RawDeliveryPerSecond, double GatewayIngestPerSecond, double LedgerOnlyPerSecond, long Accepted, long Rejected,
        long RawDelivered = 0, string Broker = "built-in")
    {
        /// <summary>This process's CPU time per message while the idle subscriber received, µs.</summary>
        public double RawCpuMicrosecondsPerMessage { get; init; }

        /// <summary>This process's CPU time per message while the gateway ingested, µs.</summary>
        public double GatewayCpuMicrosecondsPerMessage { get; init; }
    }

    /// <summary>Runs the three measurements with messages readings from devices devices, through the built-in broker.</summary>
    public static Task<Result> RunAsync(int messages, int devices, string workFolder, CancellationToken cancellationToken) =>
        RunAsync(messages, devices, workFolder, null, 0, cancellationToken);

    /// <summary>Runs the three measurements through the broker at host:port, or the built-in broker when host is null.</summary>
    public static async Task<Result> RunAsync(int messages, int devices, string workFolder, string? host, int port, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(workFolder);
        KeyRegistry registry = KeyRegistry.Empty();
        (string Topic, byte[] Raw)[] readings = CreateReadings(messages, devices, registry);

        await using InProcessBroker? builtIn = host is null ? await InProcessBroker.StartAsync() : null;
        host ??= "127.0.0.1";
        port = builtIn?.Port ?? port;
        string run = Guid.NewGuid().ToString("N")[..8];
        TimeSpan cpuBefore = CpuTime();
        (double raw, long rawDelivered) = await MeasureRawDeliveryAsync(host, port, run, readings, cancellationToken);
        double rawCpu = (CpuTime() - cpuBefore).TotalMicroseconds / Math.Max(1, rawDelivered);

        string ledgerPath = Path.Combine(workFolder, $"bench-{Guid.NewGuid():N}.db");
        using LedgerDatabase ledger = LedgerDatabase.Open(ledgerPath);
        LedgerIngestor ingestor = new(registry, ledger, () => DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
        double gateway;
        cpuBefore = CpuTime();
        await using (MqttLedgerSubscriber subscriber = new(ingestor, host, port, Site, "bench-gateway-" + run))
        {
            await subscriber.StartAsync(cancellationToken);
            Stopwatch elapsed = Stopwatch.StartNew();
            await PublishAllAsync(host, port, run, readings, () => ingestor.Counters.Received, cancellationToken);
            TimeSpan last = await WaitForAsync(() => ingestor.Counters.Received, readings.Length, elapsed, cancellationToken);
            gateway = ingestor.Counters.Received / last.TotalSeconds;
        }

        double gatewayCpu = (CpuTime() - cpuBefore).TotalMicroseconds / Math.Max(1, ingestor.Counters.Received);

        string directPath = Path.Combine(workFolder, $"bench-direct-{Guid.NewGuid():N}.db");
        double direct;
        using (LedgerDatabase directLedger = LedgerDatabase.Open(directPath))
        {
            LedgerIngestor directIngestor = new(registry, directLedger, () => 0);
            Stopwatch elapsed = Stopwatch.StartNew();
            foreach ((string Topic, byte[] Raw)[] chunk in readings.Chunk(MqttLedgerSubscriber.MaxBatchMessages))
            {
                directIngestor.IngestBatch(chunk.Select(reading => new IncomingMessage(reading.Topic, reading.Raw, 0)).ToList());
            }

            direct = readings.Length / elapsed.Elapsed.TotalSeconds;
        }

        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        foreach (string file in Directory.GetFiles(workFolder, "bench-*.db*"))
        {
            File.Delete(file);
        }

        return new Result(readings.Length, raw, gateway, direct, ingestor.Counters.Accepted, ingestor.Counters.Rejected, rawDelivered,
            builtIn is null ? $"{host}:{port}" : "built-in")
        {
            RawCpuMicrosecondsPerMessage = rawCpu,
            GatewayCpuMicrosecondsPerMessage = gatewayCpu,
        };
    }

    private static TimeSpan CpuTime()
    {
        using Process self = Process.GetCurrentProcess();
        return self.TotalProcessorTime;
    }

    /// <summary>Waits until count reaches target or stops growing for StallTimeout; returns the time of the last growth.</summary>
    private static async Task<TimeSpan> WaitForAsync(Func<long> count, long target, Stopwatch elapsed, CancellationToken cancellationToken)
    {
        long seen = -1;
        TimeSpan lastGrowth = elapsed.Elapsed;
        while (count() < target)
        {
            long now = count();
            if (now != seen)
            {
                seen = now;
                lastGrowth = elapsed.Elapsed;
            }
            else if (elapsed.Elapsed - lastGrowth > StallTimeout)
            {
                return lastGrowth;
            }

            await Task.Delay(5, cancellationToken);
        }

        return elapsed.Elapsed;
    }

    private static (string Topic, byte[] Raw)[] CreateReadings(int messages, int devices, KeyRegistry registry)
    {
        byte[] message = new byte[DeviceSizing.ForEsp32().MaxMessageBytes];
        CompactJsonWriter json = new();
        List<(string, byte[])> readings = new(messages);
        SignedEnvelopeWriter[] writers = new SignedEnvelopeWriter[devices];
        for (int device = 0; device < devices; device++)
        {
            byte[] key = System.Security.Cryptography.RandomNumberGenerator.GetBytes(KeyRegistry.KeyBytes);
            registry.Set(SimulationRun.DeviceId(device + 1), "k1", key);
            writers[device] = new SignedEnvelopeWriter(new HmacSha256Signer("k1", key));
        }

        for (int i = 0; i < messages; i++)
        {
            int device = i % devices;
            string deviceId = SimulationRun.DeviceId(device + 1);
            json.Begin(message, SignedEnvelopeWriter.PayloadOffset);
            json.WriteInteger("v", 1);
            json.WriteString("dev", deviceId);
            json.WriteInteger("boot", 1);
            json.WriteInteger("seq", (i / devices) + 1);
            json.WriteInteger("ts", 1_782_036_000_000 + (i / devices * 1000L));
            json.WriteInteger("tq", 1);
            json.WriteInteger("per", 1000);
            foreach (string channel in SimulatedBoard.ChannelKeys)
            {
                json.WriteInteger(channel + "_mv", 13200);
                json.WriteInteger(channel + "_ma", 1000 + i % 977);
                json.WriteInteger(channel + "_mw", 13200 + i % 911);
                json.WriteInteger(channel + "_fwd_mwh", i);
                json.WriteInteger(channel + "_rev_mwh", 0);
            }

            json.WriteInteger("vbat_mv", 13201);
            json.WriteString("mode", "auto");
            json.WriteInteger("flt", 0);
            json.End();
            int length = writers[device].Seal(message, json.Length);
            if (length < 0)
            {
                throw new InvalidOperationException("a benchmark reading does not fit a message buffer");
            }

            readings.Add((new TopicNames(Site, deviceId).Reading, message[..length]));
        }

        return [.. readings];
    }

    private static async Task<(double Rate, long Delivered)> MeasureRawDeliveryAsync(string host, int port, string run, (string Topic, byte[] Raw)[] readings, CancellationToken cancellationToken)
    {
        using IMqttClient subscriber = new MqttClientFactory().CreateMqttClient();
        long received = 0;
        subscriber.ApplicationMessageReceivedAsync += _ =>
        {
            Interlocked.Increment(ref received);
            return Task.CompletedTask;
        };
        // The gateway's protocol (MQTT 3.1.1, MqttLedgerSubscriber), so that the broker encodes and
        // sends the same packets to both; MQTTnet's default would be MQTT 5.
        MqttClientOptions options = new MqttClientOptionsBuilder().WithTcpServer(host, port).WithClientId("bench-null-" + run)
            .WithProtocolVersion(MQTTnet.Formatter.MqttProtocolVersion.V311).WithCleanSession(true).Build();
        if (options.ChannelOptions is MqttClientTcpOptions tcp)
        {
            tcp.BufferSize = MqttLedgerSubscriber.SocketBufferBytes; // the same as the gateway's, so the two compare
        }

        await subscriber.ConnectAsync(options, cancellationToken);
        await subscriber.SubscribeAsync($"ec/v1/{Site}/+/reading", MqttQualityOfServiceLevel.AtLeastOnce, cancellationToken);
        Stopwatch elapsed = Stopwatch.StartNew();
        await PublishAllAsync(host, port, run, readings, () => Interlocked.Read(ref received), cancellationToken);
        TimeSpan last = await WaitForAsync(() => Interlocked.Read(ref received), readings.Length, elapsed, cancellationToken);
        long delivered = Interlocked.Read(ref received);
        // Unsubscribed before it leaves: the built-in broker (persistent sessions on) sometimes kept
        // routing the gateway phase's readings to this clean session's subscription after the
        // disconnect, failing each send to the closed socket with three exceptions; in those runs
        // the gateway phase cost up to 250 instead of 130 us CPU per message.
        await subscriber.UnsubscribeAsync($"ec/v1/{Site}/+/reading", cancellationToken);
        await subscriber.DisconnectAsync(new MqttClientDisconnectOptionsBuilder().Build(), cancellationToken);
        return (delivered / last.TotalSeconds, delivered);
    }

    /// <summary>Publishes every reading at QoS 1 from the publisher clients, never more than <see cref="MaxBacklogMessages"/> ahead of delivered().</summary>
    private static async Task PublishAllAsync(string host, int port, string run, (string Topic, byte[] Raw)[] readings, Func<long> delivered, CancellationToken cancellationToken)
    {
        long published = 0;
        bool unpaced = false;
        await Task.WhenAll(Enumerable.Range(0, PublisherClients).Select(async client =>
        {
            using IMqttClient publisher = new MqttClientFactory().CreateMqttClient();
            await publisher.ConnectAsync(new MqttClientOptionsBuilder().WithTcpServer(host, port).WithClientId($"bench-pub-{run}-{client}").Build(), cancellationToken);
            using SemaphoreSlim window = new(OutstandingPublishesPerClient);
            List<Task> inFlight = [];
            // Each device's readings go through one client, so their order (and seq) is kept.
            for (int i = client; i < readings.Length; i += PublisherClients)
            {
                await window.WaitAsync(cancellationToken);
                long stalledAt = -1;
                long stalledSince = 0;
                while (!Volatile.Read(ref unpaced) && Interlocked.Read(ref published) - delivered() >= MaxBacklogMessages)
                {
                    if (delivered() != stalledAt)
                    {
                        stalledAt = delivered();
                        stalledSince = Stopwatch.GetTimestamp();
                    }
                    else if (Stopwatch.GetElapsedTime(stalledSince) > StallTimeout)
                    {
                        // A subscriber that takes nothing more (a broker dropped messages) must not
                        // hold the publishers: the rest go out unpaced, the phase ends on its stall timeout.
                        Volatile.Write(ref unpaced, true);
                    }

                    await Task.Delay(1, cancellationToken);
                }

                Interlocked.Increment(ref published);
                MqttApplicationMessage message = new MqttApplicationMessageBuilder()
                    .WithTopic(readings[i].Topic).WithPayload(readings[i].Raw)
                    .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce).Build();
                inFlight.Add(publisher.PublishAsync(message, cancellationToken).ContinueWith(_ => window.Release(), TaskScheduler.Default));
            }

            await Task.WhenAll(inFlight);
            await publisher.DisconnectAsync(new MqttClientDisconnectOptionsBuilder().Build(), cancellationToken);
        }));
    }
}
