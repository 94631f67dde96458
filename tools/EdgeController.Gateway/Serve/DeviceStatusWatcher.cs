using System.Collections.Concurrent;
using System.Text;
using MQTTnet;

namespace EdgeController.Gateway.Serve;

/// <summary>
/// Follows the devices' retained status topics (ec/v1/&lt;site&gt;/&lt;dev&gt;/status: online, or the
/// last will offline) on the broker; subscribes only, publishes nothing. Reconnects while running.
/// </summary>
public sealed class DeviceStatusWatcher : IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, (string Site, string Status)> _statusByDevice = new(StringComparer.Ordinal);
    private readonly IMqttClient _client;
    private readonly MqttClientOptions _options;
    private readonly string _filter;
    private readonly CancellationTokenSource _stop = new();
    private Task? _loop;

    /// <summary>Prepares a watcher for site ("+" for every site).</summary>
    public DeviceStatusWatcher(string host, int port, string site)
    {
        _filter = $"ec/v1/{site}/+/status";
        _client = new MqttClientFactory().CreateMqttClient();
        _options = new MqttClientOptionsBuilder().WithTcpServer(host, port)
            .WithClientId("ec-gateway-serve-" + Guid.NewGuid().ToString("N")[..8]).WithCleanSession(true).Build();
        _client.ApplicationMessageReceivedAsync += delivery =>
        {
            string[] parts = delivery.ApplicationMessage.Topic.Split('/');
            if (parts.Length == 5)
            {
                _statusByDevice[parts[3]] = (parts[2], Encoding.UTF8.GetString(delivery.ApplicationMessage.Payload));
            }

            return Task.CompletedTask;
        };
    }

    /// <summary>True while connected to the broker.</summary>
    public bool IsConnected => _client.IsConnected;

    /// <summary>Site and status ("online", "offline") of every device seen on the status topics.</summary>
    public IReadOnlyDictionary<string, (string Site, string Status)> Statuses => _statusByDevice;

    /// <summary>Starts connecting in the background (the page works without a broker, showing status unknown).</summary>
    public void Start() => _loop ??= Task.Run(KeepConnectedAsync);

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        if (_loop is not null)
        {
            await _loop.ConfigureAwait(false);
        }

        if (_client.IsConnected)
        {
            await _client.DisconnectAsync(new MqttClientDisconnectOptionsBuilder().Build()).ConfigureAwait(false);
        }

        _client.Dispose();
        _stop.Dispose();
    }

    private async Task KeepConnectedAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            try
            {
                if (!_client.IsConnected)
                {
                    await _client.ConnectAsync(_options, _stop.Token).ConfigureAwait(false);
                    await _client.SubscribeAsync(new MqttClientSubscribeOptionsBuilder().WithTopicFilter(_filter).Build(), _stop.Token).ConfigureAwait(false);
                }

                await Task.Delay(TimeSpan.FromSeconds(1), _stop.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            catch (Exception exception) when (exception is MQTTnet.Exceptions.MqttCommunicationException or System.Net.Sockets.SocketException)
            {
                try
                {
                    await Task.Delay(TimeSpan.FromSeconds(1), _stop.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }
}
