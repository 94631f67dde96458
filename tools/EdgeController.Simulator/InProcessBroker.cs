using System.Net;
using System.Net.Sockets;
using MQTTnet.Server;

namespace EdgeController.Simulator;

/// <summary>
/// An MQTT broker (MQTTnet.Server) inside the simulator's process, listening on loopback only.
/// It keeps sessions in memory: a restart (<see cref="StopAsync"/>, <see cref="RestartAsync"/>)
/// forgets them and their subscriptions, like a broker without persistence.
/// </summary>
public sealed class InProcessBroker : IAsyncDisposable
{
    /// <summary>QoS 1 messages a broker session may queue for a slow or absent client (a day of 1 s readings from 10 devices).</summary>
    public const int MaxQueuedMessagesPerClient = 1_000_000;

    private MqttServer _server;
    private int _subscriptionsSinceStart;

    private InProcessBroker(MqttServer server, int port)
    {
        _server = server;
        Port = port;
        Watch(server);
    }

    /// <summary>The TCP port it listens on at 127.0.0.1.</summary>
    public int Port { get; }

    /// <summary>True while it accepts connections.</summary>
    public bool IsRunning => _server.IsStarted;

    /// <summary>Topic subscriptions clients made since the broker last started (to wait for a subscriber).</summary>
    public int SubscriptionsSinceStart => Volatile.Read(ref _subscriptionsSinceStart);

    /// <summary>Starts a broker on 127.0.0.1 at port, or at a free port when port is 0.</summary>
    public static async Task<InProcessBroker> StartAsync(int port = 0)
    {
        int chosenPort = port == 0 ? FreeLoopbackPort() : port;
        MqttServer server = CreateServer(chosenPort);
        await server.StartAsync().ConfigureAwait(false);
        return new InProcessBroker(server, chosenPort);
    }

    /// <summary>Stops the broker, dropping every client as a crash would (tests use this for outages).</summary>
    public Task StopAsync() => _server.StopAsync(new MqttServerStopOptions());

    /// <summary>Starts a fresh broker on the same port after <see cref="StopAsync"/> (sessions and retained messages are gone).</summary>
    public async Task RestartAsync()
    {
        if (_server.IsStarted)
        {
            await StopAsync().ConfigureAwait(false);
        }

        _server.Dispose();
        MqttServer server = CreateServer(Port);
        Volatile.Write(ref _subscriptionsSinceStart, 0);
        Watch(server);
        await server.StartAsync().ConfigureAwait(false);
        _server = server;
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (_server.IsStarted)
        {
            await StopAsync().ConfigureAwait(false);
        }

        _server.Dispose();
    }

    /// <summary>A TCP port free on 127.0.0.1 right now.</summary>
    public static int FreeLoopbackPort()
    {
        // Ask the OS for a free port, then hand it on (a tiny race another process could win).
        using TcpListener probe = new(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }

    private static MqttServer CreateServer(int port)
    {
        MqttServerFactory factory = new();
        MqttServerOptions options = factory.CreateServerOptionsBuilder()
            .WithDefaultEndpoint()
            .WithDefaultEndpointBoundIPAddress(IPAddress.Loopback)
            .WithDefaultEndpointBoundIPV6Address(IPAddress.IPv6Loopback)
            .WithDefaultEndpointPort(port)
            // Keep a disconnected client's session (the gateway's and the devices' are not clean),
            // and never drop a queued QoS 1 message: MQTTnet's defaults do both otherwise.
            .WithPersistentSessions(true)
            .WithMaxPendingMessagesPerClient(MaxQueuedMessagesPerClient)
            .Build();
        return factory.CreateMqttServer(options);
    }

    private void Watch(MqttServer server)
    {
        server.ClientSubscribedTopicAsync += _ =>
        {
            Interlocked.Increment(ref _subscriptionsSinceStart);
            return Task.CompletedTask;
        };
    }
}
