using System.Text;
using EdgeController.Core.Signing;
using EdgeController.Core.Telemetry;
using EdgeController.Hal.Simulation.Signing;
using EdgeController.Ledger;
using EdgeController.Ledger.Market;
using EdgeController.Tests.Shared;

namespace EdgeController.Market.Tests;

/// <summary>
/// A day of a three-device market in a real ledger file: a seller (dev-a, exporting 500 W) and
/// two buyers (dev-b 300 W, dev-c 200 W), a signed reading a minute each, orders 3 minutes before
/// every slot, the market runner ticking every minute. Some orders are bad on purpose.
/// </summary>
internal sealed class MarketDay : IDisposable
{
    public static readonly long DayStart = new DateTimeOffset(2026, 12, 1, 0, 0, 0, TimeSpan.Zero).ToUnixTimeMilliseconds();
    public static readonly string[] Devices = ["dev-a", "dev-b", "dev-c"];

    private readonly TemporaryFolder _folder = new();
    private readonly Dictionary<string, long> _sequence = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (long Import, long Export)> _registers = new(StringComparer.Ordinal);

    public MarketDay(SettlementRule settlement = SettlementRule.Netted)
    {
        Registry = KeyRegistry.Empty();
        foreach (string device in Devices)
        {
            Registry.Set(device, "k1", Key(device, 1));
            Registry.Set(device, RegistryAwardSigner.CommandKeyId, Key(device, 2));
            _registers[device] = (0, 0);
        }

        Ledger = LedgerDatabase.Open(LedgerPath);
        Config = MarketSiteConfig.Parse("""{"scheme":"uniform-k0.5","import":400000,"feedin":100000,"import_by_utc_hour":[200000,200000,200000,200000,200000,200000,200000,400000,400000,400000,400000,400000,400000,400000,400000,400000,400000,600000,600000,600000,600000,400000,400000,400000],"rated_w":{"dev-a":5000,"dev-b":5000,"dev-c":5000}}""") with { Settlement = settlement };
        Runner = NewRunner();
        Ingestor = new LedgerIngestor(Registry, Ledger, () => Now);
    }

    public string LedgerPath => _folder.File("market.db");

    public KeyRegistry Registry { get; }

    public GatewayKey GatewayKey { get; } = new("gw1", Enumerable.Range(200, 32).Select(i => (byte)i).ToArray());

    public LedgerDatabase Ledger { get; }

    public MarketSiteConfig Config { get; }

    public MarketRunner Runner { get; private set; }

    /// <summary>The gateway restarts: a new runner on the same ledger, with nothing of the old one's memory.</summary>
    public void RestartRunner() => Runner = NewRunner();

    private MarketRunner NewRunner() =>
        new(Ledger, Config, new HmacSha256Signer(GatewayKey.KeyId, GatewayKey.Key), new RegistryAwardSigner(Registry), Published, "site1");

    public LedgerIngestor Ingestor { get; }

    public RecordingPublisher Published { get; } = new();

    public long Now { get; private set; }

    /// <summary>Runs each minute after the day's own messages, before the runner's tick (a test's own messages at that time).</summary>
    public Action<long>? BeforeTick { get; set; }

    /// <summary>Devices that stay silent (no readings) during [from, until).</summary>
    public (string Device, long From, long Until)? Outage { get; set; }

    public static byte[] Key(string device, int kind) => Enumerable.Range(kind * 40, 32).Select(i => (byte)(i + device[^1])).ToArray();

    /// <summary>Runs the market from start for minutes, one step a minute.</summary>
    public async Task RunAsync(long start, int minutes)
    {
        for (int m = 0; m < minutes; m++)
        {
            Now = start + (m * 60_000L);
            foreach (string device in Devices)
            {
                (long import, long export) = _registers[device];
                long perMinute = device == "dev-a" ? 8333 : (device == "dev-b" ? 5000 : 3333);
                _registers[device] = device == "dev-a" ? (import, export + perMinute) : (import + perMinute, export);
                if (Outage is not { } outage || outage.Device != device || Now < outage.From || Now >= outage.Until)
                {
                    Ingest(device, "reading", Reading(device, _registers[device]));
                }
            }

            long nextSlot = ((Now / 900_000) + 1) * 900_000;
            if (nextSlot - Now == 180_000)
            {
                PostOrders(nextSlot);
            }

            BeforeTick?.Invoke(Now);
            await Runner.TickAsync(Now, CancellationToken.None);
        }
    }

    /// <summary>Feeds one signed device message through the gateway's ingest.</summary>
    public AppendOutcome Ingest(string device, string topicLevel, byte[] raw) => Ingestor.Ingest($"ec/v1/site1/{device}/{topicLevel}", raw);

    private void PostOrders(long slot)
    {
        long slotNumber = slot / 900_000;
        Ingest("dev-a", "event", Order("dev-a", slot, "sell", 125, 150_000));
        Ingest("dev-b", "event", Order("dev-b", slot, "buy", 60, 380_000));
        // dev-b raises its order (a higher seq replaces the first).
        Ingest("dev-b", "event", Order("dev-b", slot, "buy", 75, 390_000));
        Ingest("dev-c", "event", slotNumber % 4 == 0
            ? Order("dev-c", slot, "buy", 50, 10_000_000) // above any import price: rejected
            : Order("dev-c", slot, "buy", 50, 150_000));
        if (slotNumber % 7 == 0)
        {
            Ingest("dev-c", "event", Order("dev-c", slot, "sell", 99_999, 100_000)); // beyond rated power x slot
        }
    }

    public byte[] Order(string device, long slot, string side, long wh, long price)
    {
        byte[] message = new byte[512];
        CompactJsonWriter json = new();
        json.Begin(message, SignedEnvelopeWriter.PayloadOffset);
        Header(json, device);
        json.WriteString("ev", "order");
        json.WriteInteger("slot", slot);
        json.WriteString("side", side);
        json.WriteInteger("wh", wh);
        json.WriteInteger("price", price);
        json.End();
        return Seal(device, message, json.Length);
    }

    public byte[] Reading(string device, (long Import, long Export) registers)
    {
        byte[] message = new byte[512];
        CompactJsonWriter json = new();
        json.Begin(message, SignedEnvelopeWriter.PayloadOffset);
        Header(json, device);
        json.WriteInteger("per", 60_000);
        json.WriteInteger("grid_fwd_mwh", registers.Import);
        json.WriteInteger("grid_rev_mwh", registers.Export);
        json.WriteString("mode", "auto");
        json.WriteInteger("flt", 0);
        json.End();
        return Seal(device, message, json.Length);
    }

    private void Header(CompactJsonWriter json, string device)
    {
        long seq = _sequence.GetValueOrDefault(device) + 1;
        _sequence[device] = seq;
        json.WriteInteger("v", 1);
        json.WriteString("dev", device);
        json.WriteInteger("boot", 1);
        json.WriteInteger("seq", seq);
        json.WriteInteger("ts", Now);
        json.WriteInteger("tq", 1);
    }

    private static byte[] Seal(string device, byte[] message, int length) =>
        message[..new SignedEnvelopeWriter(new HmacSha256Signer("k1", Key(device, 1))).Seal(message, length)];

    public static string Text(byte[] raw) => Encoding.ASCII.GetString(raw);

    public void Dispose()
    {
        Ledger.Dispose();
        _folder.Dispose();
    }

    /// <summary>Keeps what the runner publishes.</summary>
    internal sealed class RecordingPublisher : IMarketPublisher
    {
        public List<(string Topic, byte[] Message, bool Retained)> Messages { get; } = [];

        public Task PublishAsync(string topic, byte[] message, bool retained, CancellationToken cancellationToken)
        {
            Messages.Add((topic, message, retained));
            return Task.CompletedTask;
        }
    }
}
