using System.Net;
using System.Net.Sockets;
using MQTTnet.Server;

namespace EdgeController.Simulator;

/// <summary>An MQTT broker (MQTTnet.Server) inside the simulator's process, listening on loopback only.</summary>
public sealed class InProcessBroker : IAsyncDisposable
{
    /// <summary>QoS 1 messages a broker session may queue for a slow or absent client (a day of 1 s readings from 10 devices).</summary>
    public const int MaxQueuedMessagesPerClient = 1_000_000;

    private readonly MqttServer _server;

    private InProcessBroker(MqttServer server, int port)
    {
        _server = server;
        Port = port;
    }

    /// <summary>The TCP port it listens on at 127.0.0.1.</summary>
    public int Port { get; }

    /// <summary>Starts a broker on 127.0.0.1 at port, or at a free port when port is 0.</summary>
    public static async Task<InProcessBroker> StartAsync(int port = 0)
    {
        int chosenPort = port == 0 ? FreeLoopbackPort() : port;
        MqttServerFactory factory = new();
        MqttServerOptions options = factory.CreateServerOptionsBuilder()
            .WithDefaultEndpoint()
            .WithDefaultEndpointBoundIPAddress(IPAddress.Loopback)
            .WithDefaultEndpointBoundIPV6Address(IPAddress.IPv6Loopback)
            .WithDefaultEndpointPort(chosenPort)
            // Keep a disconnected client's session (the gateway's and the devices' are not clean),
            // and never drop a queued QoS 1 message: MQTTnet's defaults do both otherwise.
            .WithPersistentSessions(true)
            .WithMaxPendingMessagesPerClient(MaxQueuedMessagesPerClient)
            .Build();
        MqttServer server = factory.CreateMqttServer(options);
        await server.StartAsync().ConfigureAwait(false);
        return new InProcessBroker(server, chosenPort);
    }

    /// <summary>Stops the broker, dropping every client as a crash would (tests use this for outages).</summary>
    public Task StopAsync() => _server.StopAsync(new MqttServerStopOptions());

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
}
