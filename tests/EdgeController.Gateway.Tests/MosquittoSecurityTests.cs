using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text;
using EdgeController.Hal;
using EdgeController.Hal.Simulation.Mqtt;
using EdgeController.Ledger;
using MQTTnet;
using MQTTnet.Formatter;
using MQTTnet.Protocol;

namespace EdgeController.Gateway.Tests;

/// <summary>
/// The operator's broker (issue 12, item 4): mosquitto with a password file, the shipped ACL and a
/// TLS listener made with openssl; the gateway process against it, started before the broker.
/// </summary>
public sealed class MosquittoSecurityTests : IDisposable
{
    private readonly TemporaryFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private static async Task<IMqttClient> ConnectAsync(int port, string user, string password, MqttProtocolVersion version = MqttProtocolVersion.V500)
    {
        IMqttClient client = new MqttClientFactory().CreateMqttClient();
        await client.ConnectAsync(new MqttClientOptionsBuilder().WithTcpServer("127.0.0.1", port).WithClientId(user + "-" + Guid.NewGuid().ToString("N")[..6])
            .WithCredentials(user, password).WithProtocolVersion(version).Build());
        return client;
    }

    private static Task<MqttClientPublishResult> PublishAsync(IMqttClient client, string topic, byte[] payload) =>
        client.PublishAsync(new MqttApplicationMessageBuilder().WithTopic(topic).WithPayload(payload).WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce).Build());

    [RequiresProgramFact("mosquitto", "mosquitto_passwd", "openssl")]
    public async Task ADevicesCredentials_CannotPublishAnotherDevicesReadings_NorACommand()
    {
        using SecuredMosquitto broker = SecuredMosquitto.Create(_folder.Path, ["dev-a", "dev-b"]);
        using IMqttClient gateway = await ConnectAsync(broker.Port, SecuredMosquitto.GatewayUser, broker.PasswordOf(SecuredMosquitto.GatewayUser));
        ConcurrentQueue<string> seen = new();
        gateway.ApplicationMessageReceivedAsync += received =>
        {
            seen.Enqueue(received.ApplicationMessage.Topic);
            return Task.CompletedTask;
        };
        await gateway.SubscribeAsync(new MqttClientSubscribeOptionsBuilder().WithTopicFilter("ec/v1/#", MqttQualityOfServiceLevel.AtLeastOnce).Build());
        using IMqttClient deviceA = await ConnectAsync(broker.Port, "dev-a", broker.PasswordOf("dev-a"));

        MqttClientPublishResult othersReading = await PublishAsync(deviceA, SignedReadings.Topic("dev-b"), SignedReadings.Reading("dev-a", 1));
        MqttClientPublishResult ownCommand = await PublishAsync(deviceA, "ec/v1/site1/dev-a/cmd/ack", "x"u8.ToArray());
        MqttClientPublishResult othersCommand = await PublishAsync(deviceA, "ec/v1/site1/dev-b/cmd/tariff", "x"u8.ToArray());
        MqttClientPublishResult ledgerHead = await PublishAsync(deviceA, "ec/v1/site1/ledger/head", "x"u8.ToArray());
        MqttClientPublishResult ownReading = await PublishAsync(deviceA, SignedReadings.Topic("dev-a"), SignedReadings.Reading("dev-a", 1));
        MqttClientPublishResult gatewaysCommand = await PublishAsync(gateway, "ec/v1/site1/dev-a/cmd/ack", "x"u8.ToArray());

        Assert.Equal(MqttClientPublishReasonCode.NotAuthorized, othersReading.ReasonCode);
        Assert.Equal(MqttClientPublishReasonCode.NotAuthorized, ownCommand.ReasonCode);
        Assert.Equal(MqttClientPublishReasonCode.NotAuthorized, othersCommand.ReasonCode);
        Assert.Equal(MqttClientPublishReasonCode.NotAuthorized, ledgerHead.ReasonCode);
        Assert.True(ownReading.IsSuccess);
        Assert.True(gatewaysCommand.IsSuccess);
        Stopwatch waited = Stopwatch.StartNew();
        while (seen.Count < 2 && waited.Elapsed < TimeSpan.FromSeconds(5))
        {
            await Task.Delay(20);
        }

        await Task.Delay(200);
        Assert.Equal(["ec/v1/site1/dev-a/cmd/ack", SignedReadings.Topic("dev-a")], seen.Order(StringComparer.Ordinal).ToArray());

        // MQTT 3.1.1 has no refusal code: the broker drops the publish, and nobody receives it.
        using IMqttClient deviceB = await ConnectAsync(broker.Port, "dev-b", broker.PasswordOf("dev-b"), MqttProtocolVersion.V311);
        await PublishAsync(deviceB, SignedReadings.Topic("dev-a"), SignedReadings.Reading("dev-b", 1));
        await Task.Delay(300);
        Assert.Equal(2, seen.Count);
    }

    [RequiresProgramFact("mosquitto", "mosquitto_passwd", "openssl")]
    public async Task HostMqttLink_OverTls_ConnectsWithTheSitesCa_AndNotWithoutIt()
    {
        using SecuredMosquitto broker = SecuredMosquitto.Create(_folder.Path, ["dev-a"]);
        MqttLinkSettings Settings(string? ca) => new()
        {
            Host = "127.0.0.1", Port = broker.TlsPort, ClientId = "dev-a", StatusTopic = "ec/v1/site1/dev-a/status",
            Username = "dev-a", Password = broker.PasswordOf("dev-a"), UseTls = true, TlsCaCertificatePem = ca, OperationTimeoutMilliseconds = 5000,
        };

        using MqttNetLink trusted = new(Settings(File.ReadAllText(broker.CaFile)));
        using MqttNetLink untrusted = new(Settings(null));

        Assert.True(trusted.TryConnect());
        byte[] reading = SignedReadings.Reading("dev-a", 1);
        Assert.True(trusted.Publish(SignedReadings.Topic("dev-a"), reading, reading.Length, retain: false));
        Assert.False(untrusted.TryConnect());
    }

    [RequiresProgramFact("mosquitto", "mosquitto_passwd", "openssl")]
    public async Task Gateway_WaitsForTheBroker_LogsInOverTls_AsksForAGap_AndLogsItsFill()
    {
        using SecuredMosquitto broker = SecuredMosquitto.Create(_folder.Path, ["dev-a", "dev-b"], start: false);
        KeyRegistry registry = SignedReadings.Registry();
        byte[] commandKey = Enumerable.Range(150, 32).Select(i => (byte)i).ToArray();
        registry.Set("dev-a", KeyRegistry.CommandKeyId, commandKey);
        registry.Save(_folder.File("site.keys.json"));
        File.WriteAllText(_folder.File("gateway.pass"), broker.PasswordOf(SecuredMosquitto.GatewayUser) + "\n");

        using Process gateway = Process.Start(new ProcessStartInfo("dotnet",
            [Path.Combine(AppContext.BaseDirectory, "ec-gateway.dll"), "run", "--broker", $"127.0.0.1:{broker.TlsPort}", "--ledger", _folder.File("site.db"),
             "--site", "site1", "--ca-file", broker.CaFile, "--username", SecuredMosquitto.GatewayUser, "--password-file", _folder.File("gateway.pass"),
             "--checkpoint-every", "1"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        })!;
        ConcurrentQueue<string> log = new();
        ConcurrentQueue<string> output = new();
        gateway.ErrorDataReceived += (_, line) => { if (line.Data is not null) { log.Enqueue(line.Data); } };
        gateway.OutputDataReceived += (_, line) => { if (line.Data is not null) { output.Enqueue(line.Data); } };
        gateway.BeginErrorReadLine();
        gateway.BeginOutputReadLine();
        try
        {
            await WaitForAsync(() => log.Any(line => line.Contains("cannot connect", StringComparison.Ordinal)), "the gateway to report the missing broker", log);
            broker.Start();
            await WaitForAsync(() => output.Any(line => line.StartsWith("gateway: subscribed", StringComparison.Ordinal)), "the gateway to subscribe", log);

            MqttLinkSettings device = new()
            {
                Host = "127.0.0.1", Port = broker.TlsPort, ClientId = "dev-a", StatusTopic = "ec/v1/site1/dev-a/status",
                Username = "dev-a", Password = broker.PasswordOf("dev-a"), UseTls = true, TlsCaCertificatePem = File.ReadAllText(broker.CaFile),
                OperationTimeoutMilliseconds = 5000,
            };
            using MqttNetLink link = new(device);
            link.Subscribe("ec/v1/site1/dev-a/cmd/#");
            Assert.True(link.TryConnect());
            foreach (long seq in new long[] { 1, 2, 5 })
            {
                byte[] reading = SignedReadings.Reading("dev-a", seq);
                Assert.True(link.Publish(SignedReadings.Topic("dev-a"), reading, reading.Length, retain: false));
            }

            byte[] forged = SignedReadings.Reading("dev-a", 6, key: SignedReadings.KeyB);
            Assert.True(link.Publish(SignedReadings.Topic("dev-a"), forged, forged.Length, retain: false));

            string resend = await ReceiveAsync(link, "ec/v1/site1/dev-a/cmd/resend", log);
            Assert.Contains("\"ranges\":[[3,4]]", resend, StringComparison.Ordinal);
            foreach (long seq in new long[] { 3, 4 })
            {
                byte[] reading = SignedReadings.Reading("dev-a", seq);
                Assert.True(link.Publish(SignedReadings.Topic("dev-a"), reading, reading.Length, retain: false));
            }

            await WaitForAsync(() => log.Any(line => line.Contains("gap filled", StringComparison.Ordinal) && line.Contains("still_missing=0", StringComparison.Ordinal)), "the fill", log);
            string ack = await ReceiveAsync(link, "ec/v1/site1/dev-a/cmd/ack", log, mustContain: "\"hw\":5,");
            Assert.Contains("\"kid\":\"cmd\"", ack, StringComparison.Ordinal);
            await WaitForAsync(() => log.Any(line => line.Contains("checkpoint", StringComparison.Ordinal)), "a checkpoint", log);
            link.Disconnect();

            // Home Assistant's login reads what the gateway's bridge published with the gateway's
            // credentials over TLS: the verified state of the last reading and its discovery.
            using IMqttClient homeAssistant = await ConnectAsync(broker.Port, SecuredMosquitto.HomeAssistantUser, broker.PasswordOf(SecuredMosquitto.HomeAssistantUser));
            ConcurrentDictionary<string, string> retained = new(StringComparer.Ordinal);
            homeAssistant.ApplicationMessageReceivedAsync += received =>
            {
                retained[received.ApplicationMessage.Topic] = Encoding.UTF8.GetString(received.ApplicationMessage.Payload);
                return Task.CompletedTask;
            };
            await homeAssistant.SubscribeAsync(new MqttClientSubscribeOptionsBuilder()
                .WithTopicFilter("ec/v1/site1/_gateway/dev-a/state", MqttQualityOfServiceLevel.AtLeastOnce)
                .WithTopicFilter("homeassistant/sensor/dev-a_mode/config", MqttQualityOfServiceLevel.AtLeastOnce).Build());
            // The state follows the last reading committed: seq 4, the gap's fill.
            await WaitForAsync(() => retained.TryGetValue("ec/v1/site1/_gateway/dev-a/state", out string? state) && state.Contains("\"seq\":4", StringComparison.Ordinal)
                && retained.ContainsKey("homeassistant/sensor/dev-a_mode/config"), "Home Assistant's view of dev-a", log);
            Assert.Contains("\"state_topic\":\"ec/v1/site1/_gateway/dev-a/state\"", retained["homeassistant/sensor/dev-a_mode/config"], StringComparison.Ordinal);
            MqttClientPublishResult homeAssistantWrites = await PublishAsync(homeAssistant, "ec/v1/site1/_gateway/dev-a/state", "{}"u8.ToArray());
            Assert.Equal(MqttClientPublishReasonCode.NotAuthorized, homeAssistantWrites.ReasonCode);
        }
        finally
        {
            gateway.Kill();
            await gateway.WaitForExitAsync();
        }

        string[] lines = [.. log];
        File.WriteAllLines(Path.Combine(Path.GetTempPath(), "ec-gateway-operator-log.txt"), lines);
        Assert.Contains(lines, line => line.Contains("warn: ec-gateway.reject", StringComparison.Ordinal) && line.Contains("reason=BadSignature", StringComparison.Ordinal));
        Assert.Contains(lines, line => line.Contains("gap opened dev=dev-a seq=3..4", StringComparison.Ordinal));
        Assert.Contains(lines, line => line.Contains("connected to mqtts://127.0.0.1", StringComparison.Ordinal));
        Assert.DoesNotContain(lines, line => line.Contains("ec-gateway.homeassistant", StringComparison.Ordinal) && line.Contains("refused", StringComparison.Ordinal));
        Assert.All(lines.Where(line => line.Length > 0 && !line.StartsWith(' ')), line => Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z (info|warn|fail|crit|dbug): ", line));
    }

    private static async Task<string> ReceiveAsync(MqttNetLink link, string topic, ConcurrentQueue<string> log, string mustContain = "")
    {
        byte[] buffer = new byte[2048];
        Stopwatch waited = Stopwatch.StartNew();
        while (waited.Elapsed < TimeSpan.FromSeconds(20))
        {
            int length = link.TryReceive(buffer, out string received);
            if (length > 0 && received == topic)
            {
                string text = Encoding.ASCII.GetString(buffer, 0, length);
                if (text.Contains(mustContain, StringComparison.Ordinal))
                {
                    return text;
                }
            }
            else if (length < 0)
            {
                await Task.Delay(50);
            }
        }

        throw new Xunit.Sdk.XunitException($"nothing on {topic} in 20 s; gateway log:\n{string.Join("\n", log)}");
    }

    private static async Task WaitForAsync(Func<bool> condition, string what, ConcurrentQueue<string> log)
    {
        Stopwatch waited = Stopwatch.StartNew();
        while (!condition())
        {
            if (waited.Elapsed > TimeSpan.FromSeconds(30))
            {
                throw new Xunit.Sdk.XunitException($"waited 30 s for {what}; gateway log:\n{string.Join("\n", log)}");
            }

            await Task.Delay(50);
        }
    }
}
