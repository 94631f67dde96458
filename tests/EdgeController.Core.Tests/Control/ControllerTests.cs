using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using EdgeController.Core.Control;
using EdgeController.Core.FixedPoint;
using EdgeController.Core.Metering;
using EdgeController.Core.Signing;
using EdgeController.Core.Telemetry;
using EdgeController.Hal;
using EdgeController.Hal.Simulation;
using EdgeController.Hal.Simulation.Sensors;
using EdgeController.Hal.Simulation.Signing;
using EdgeController.Hal.Simulation.Storage;

namespace EdgeController.Core.Tests.Control;

public sealed class ControllerTests
{
    private const long StartUnixMilliseconds = 1_782_036_000_000;
    private static readonly byte[] s_key = Enumerable.Range(100, 32).Select(i => (byte)i).ToArray();

    private sealed class Rig
    {
        public SimulatedClock Clock { get; } = new(StartUnixMilliseconds);

        public ScriptedPowerSensor Grid { get; } = new() { BusMillivolts = 13200, CurrentMilliamps = 1000 };

        public ScriptedPowerSensor Battery { get; } = new() { BusMillivolts = 13200, CurrentMilliamps = -500 };

        public SimulatedAdcChannel BatteryAdc { get; } = new(3.3) { PinVolts = 13.2 * 10 / 57 };

        public INonVolatileStore Flash { get; init; } = new InMemoryNonVolatileStore();

        public TelemetryOutbox Outbox { get; } = new(16, 1024);

        public Controller Build(int reportPeriodMilliseconds = 10_000)
        {
            Controller controller = new(
                new DeviceIdentity("site1", "dev-1"),
                reportPeriodMilliseconds,
                Clock,
                ["grid", "bat"],
                [Grid, Battery],
                new ScaledVoltageInput(BatteryAdc, 3300, Q16.FromRatio(57, 10)),
                new MeterStateStore(Flash),
                new SignedEnvelopeWriter(new HmacSha256Signer("k1", s_key)),
                Outbox);
            controller.Start();
            return controller;
        }

        public string[] DrainMessages()
        {
            List<string> messages = [];
            byte[] buffer = new byte[Outbox.MaxMessageBytes];
            for (int length = Outbox.PeekOldest(buffer, out _); length >= 0; length = Outbox.PeekOldest(buffer, out _))
            {
                messages.Add(Encoding.ASCII.GetString(buffer, 0, length));
                Outbox.RemoveOldest();
            }

            return [.. messages];
        }

        public void RunSeconds(Controller controller, int seconds)
        {
            for (int i = 0; i < seconds; i++)
            {
                Clock.Advance(1000);
                controller.Tick();
            }
        }
    }

    private static JsonElement Payload(string message)
    {
        int first = message.IndexOf('|');
        int last = message.LastIndexOf('|');
        return JsonDocument.Parse(message[(first + 1)..last]).RootElement.Clone();
    }

    [Fact]
    public void Tick_EveryReportPeriod_EmitsOneSignedReading()
    {
        Rig rig = new();
        Controller controller = rig.Build();

        rig.RunSeconds(controller, 9);
        Assert.Equal(0, rig.Outbox.Count);
        rig.RunSeconds(controller, 1);

        string message = Assert.Single(rig.DrainMessages());
        JsonElement payload = Payload(message);
        Assert.Equal(1, payload.GetProperty("seq").GetInt64());
        Assert.Equal(1, payload.GetProperty("boot").GetInt64());
        Assert.Equal(StartUnixMilliseconds + 10_000, payload.GetProperty("ts").GetInt64());
        Assert.Equal(10_000, payload.GetProperty("per").GetInt64());
        Assert.Equal(13_200, payload.GetProperty("grid_mw").GetInt32());
        Assert.Equal(-6_600, payload.GetProperty("bat_mw").GetInt32());
        // 13.2 W for 10 s = 36.67 mWh; 6.6 W reverse for 10 s = 18.33 mWh.
        Assert.Equal(36, payload.GetProperty("grid_fwd_mwh").GetInt64());
        Assert.Equal(18, payload.GetProperty("bat_rev_mwh").GetInt64());
        Assert.InRange(payload.GetProperty("vbat_mv").GetInt32(), 13_190, 13_210);
        Assert.Equal(0, payload.GetProperty("flt").GetInt32());
    }

    [Fact]
    public void Reading_KeysComeInTheContractOrder()
    {
        Rig rig = new();
        Controller controller = rig.Build();
        rig.RunSeconds(controller, 10);

        string[] keys = Payload(rig.DrainMessages()[0]).EnumerateObject().Select(property => property.Name).ToArray();

        Assert.Equal(
            ["v", "dev", "boot", "seq", "ts", "tq", "per",
             "grid_mv", "grid_ma", "grid_mw", "grid_fwd_mwh", "grid_rev_mwh",
             "bat_mv", "bat_ma", "bat_mw", "bat_fwd_mwh", "bat_rev_mwh",
             "vbat_mv", "mode", "flt"],
            keys);
    }

    [Fact]
    public void Reading_SignatureVerifiesOverTheExactPayloadBytes()
    {
        Rig rig = new();
        Controller controller = rig.Build();
        rig.RunSeconds(controller, 10);
        byte[] message = Encoding.ASCII.GetBytes(rig.DrainMessages()[0]);
        EnvelopeParts parts = new();

        Assert.Equal(EnvelopeError.None, SignedEnvelopeReader.TryParse(message, message.Length, parts));
        byte[] expected = HMACSHA256.HashData(s_key, message.AsSpan(parts.PayloadOffset, parts.PayloadLength));
        Assert.Equal(expected, parts.Mac);
    }

    [Fact]
    public void Reboot_ContinuesSeqAndRegisters_AndCountsTheBoot()
    {
        InMemoryNonVolatileStore flash = new();
        Rig first = new() { Flash = flash };
        Controller controller = first.Build();
        first.RunSeconds(controller, 30);
        long registerBefore = Payload(first.DrainMessages()[^1]).GetProperty("grid_fwd_mwh").GetInt64();

        Rig second = new() { Flash = flash };
        Controller rebooted = second.Build();
        second.RunSeconds(rebooted, 10);
        JsonElement payload = Payload(Assert.Single(second.DrainMessages()));

        Assert.Equal(2, payload.GetProperty("boot").GetInt64());
        Assert.Equal(4, payload.GetProperty("seq").GetInt64());
        Assert.True(payload.GetProperty("grid_fwd_mwh").GetInt64() >= registerBefore + 36);
    }

    [Fact]
    public void FailedSensor_RaisesItsFaultBit_AndIntegratesNothing()
    {
        Rig rig = new();
        Controller controller = rig.Build();
        rig.Battery.Status = SensorStatus.NoAcknowledge;
        rig.RunSeconds(controller, 10);

        JsonElement payload = Payload(rig.DrainMessages()[0]);

        Assert.Equal(FaultFlags.PowerChannel(1), payload.GetProperty("flt").GetInt32());
        Assert.Equal(0, payload.GetProperty("bat_rev_mwh").GetInt64());
        Assert.Equal(10, controller.Channels[1].FailedReads);
    }

    [Fact]
    public void SteadyStateTicks_AllocateNothing()
    {
        Rig rig = new() { Flash = new PreallocatedNonVolatileStore() };
        Controller controller = rig.Build(reportPeriodMilliseconds: 1000);
        rig.RunSeconds(controller, 20);
        rig.DrainMessages();

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 10; i++)
        {
            rig.Clock.Advance(1000);
            controller.Tick();
            rig.Outbox.RemoveOldest();
        }

        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(0, allocated);
    }

    /// <summary>A power sensor a test sets directly.</summary>
    private sealed class ScriptedPowerSensor : IPowerSensor
    {
        public int BusMillivolts { get; set; }

        public int CurrentMilliamps { get; set; }

        public SensorStatus Status { get; set; }

        public SensorStatus Read(out int busMillivolts, out int currentMilliamps)
        {
            busMillivolts = BusMillivolts;
            currentMilliamps = CurrentMilliamps;
            return Status;
        }
    }
}
