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

/// <summary>The controller over a durable outbox: a reboot at any point neither skips nor reuses a seq.</summary>
public sealed class ControllerDurableOutboxTests
{
    private const long StartUnixMilliseconds = 1_782_036_000_000;
    private static readonly byte[] s_key = Enumerable.Range(1, 32).Select(i => (byte)i).ToArray();

    private readonly InMemoryNonVolatileStore _memory = new();
    private readonly SimulatedClock _clock = new(StartUnixMilliseconds);

    private (Controller Controller, TelemetryOutbox Outbox) Boot(INonVolatileStore flash)
    {
        TelemetryOutbox outbox = new(4, 1024, flash, 16);
        SteadySensor grid = new();
        Controller controller = new(
            new DeviceIdentity("site1", "dev-1"), 1000, _clock, ["grid"], [grid],
            new ScaledVoltageInput(new SimulatedAdcChannel(3.3) { PinVolts = 2.3 }, 3300, Q16.FromRatio(57, 10)),
            new MeterStateStore(flash), new SignedEnvelopeWriter(new HmacSha256Signer("k1", s_key)), outbox);
        controller.Start();
        return (controller, outbox);
    }

    private void Run(Controller controller, int seconds)
    {
        for (int i = 0; i < seconds; i++)
        {
            _clock.Advance(1000);
            controller.Tick();
        }
    }

    private static List<long> DrainSequences(TelemetryOutbox outbox)
    {
        List<long> sequences = [];
        byte[] buffer = new byte[outbox.MaxMessageBytes];
        for (int length = outbox.PeekOldest(buffer, out _); length >= 0; length = outbox.PeekOldest(buffer, out _))
        {
            string message = Encoding.ASCII.GetString(buffer, 0, length);
            string payload = message[(message.IndexOf('|') + 1)..message.LastIndexOf('|')];
            sequences.Add(JsonDocument.Parse(payload).RootElement.GetProperty("seq").GetInt64());
            outbox.RemoveOldest();
        }

        return sequences;
    }

    [Fact]
    public void RebootWithReadingsQueued_TheyAreStillSentAfterIt_AndSeqContinues()
    {
        (Controller first, _) = Boot(_memory);
        Run(first, 10);

        (Controller second, TelemetryOutbox outbox) = Boot(_memory);
        Run(second, 3);

        Assert.Equal(2, second.BootCount);
        Assert.Equal(Enumerable.Range(1, 13).Select(i => (long)i), DrainSequences(outbox));
    }

    [Fact]
    public void PowerCutBetweenTheSpillAndTheMeterState_NeitherSkipsNorReusesTheSeq()
    {
        CuttingStore flash = new(_memory);
        (Controller first, _) = Boot(flash);
        Run(first, 5);
        flash.CutNextWriteOf(MeterStateStore.RecordName);
        Assert.Throws<SimulatedPowerCutException>(() => Run(first, 1));

        (Controller second, TelemetryOutbox outbox) = Boot(flash);
        Run(second, 2);

        Assert.Equal(8, second.LastSequence);
        Assert.Equal(Enumerable.Range(1, 8).Select(i => (long)i), DrainSequences(outbox));
    }

    private sealed class SteadySensor : IPowerSensor
    {
        public SensorStatus Read(out int busMillivolts, out int currentMilliamps)
        {
            busMillivolts = 13200;
            currentMilliamps = 1000;
            return SensorStatus.Ok;
        }
    }

    /// <summary>Tears the next write of one record, leaving the others alone.</summary>
    private sealed class CuttingStore(InMemoryNonVolatileStore inner) : INonVolatileStore
    {
        private string? _cutPrefix;

        public void CutNextWriteOf(string recordName) => _cutPrefix = recordName + ".";

        public bool TryRead(string name, byte[] buffer, out int length) => inner.TryRead(name, buffer, out length);

        public void Write(string name, byte[] data, int length)
        {
            if (_cutPrefix is not null && name.StartsWith(_cutPrefix, StringComparison.Ordinal))
            {
                _cutPrefix = null;
                inner.CutPowerDuringNextWrite(3);
            }

            inner.Write(name, data, length);
        }

        public void Delete(string name) => inner.Delete(name);
    }
}
