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

    private (Controller Controller, TelemetryOutbox Outbox) Boot(INonVolatileStore flash, OutboxReleaseMode mode = OutboxReleaseMode.AtBrokerAcknowledgement)
    {
        TelemetryOutbox outbox = new(4, 1024, flash, 16 * 4096, mode);
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

    [Fact]
    public void PowerCutAtEveryByte_OfTicksAcrossSegments_AckAndDrain_NeitherLosesNorReusesASeq()
    {
        // Six readings of the controller fill a 4 KiB segment: eleven cross two rollovers.
        InMemoryNonVolatileStore whole = new();
        long bootBytes = 0;
        RunScenario(whole, ref bootBytes);
        long totalBytes = whole.BytesWritten - bootBytes;

        for (long cut = 0; cut <= totalBytes; cut += 1)
        {
            InMemoryNonVolatileStore flash = new();
            long ignored = 0;
            long acknowledged;
            try
            {
                acknowledged = RunScenario(flash, ref ignored, cut);
            }
            catch (SimulatedPowerCutException)
            {
                acknowledged = _lastAcknowledged;
            }

            flash.RestorePower();
            (Controller second, TelemetryOutbox outbox) = Boot(flash, OutboxReleaseMode.AtLedgerAcknowledgement);
            Run(second, 2);
            List<long> sequences = DrainSequences(outbox);

            // Everything above the ledger's mark is still there, once, in order, up to the newest seq.
            Assert.True(sequences.Count > 0, $"cut {cut}: nothing left");
            Assert.True(sequences[0] <= acknowledged + 1, $"cut {cut}: seq {acknowledged + 1} lost, drain starts at {sequences[0]}");
            Assert.Equal(Enumerable.Range((int)sequences[0], sequences.Count).Select(i => (long)i), sequences);
            Assert.Equal(second.LastSequence, sequences[^1]);
            Assert.True(second.LastSequence > _highestSentBeforeCut, $"cut {cut}: seq reused");
        }
    }

    private long _lastAcknowledged;
    private long _highestSentBeforeCut;

    /// <summary>Boots, runs 6 readings, drains 5, the ledger acknowledges 3, runs 5 more; returns the mark.</summary>
    private long RunScenario(InMemoryNonVolatileStore flash, ref long bootBytes, long cut = -1)
    {
        _lastAcknowledged = 0;
        _highestSentBeforeCut = 0;
        (Controller first, TelemetryOutbox outbox) = Boot(flash, OutboxReleaseMode.AtLedgerAcknowledgement);
        bootBytes = flash.BytesWritten;
        if (cut >= 0)
        {
            flash.CutPowerAfterTotalBytes(cut);
        }

        Run(first, 6);
        byte[] buffer = new byte[outbox.MaxMessageBytes];
        for (int i = 0; i < 5 && outbox.PeekOldest(buffer, out _) >= 0; i++)
        {
            outbox.RemoveOldest();
            _highestSentBeforeCut = i + 1;
        }

        _lastAcknowledged = 3;
        outbox.Acknowledge(3);
        Run(first, 5);
        return _lastAcknowledged;
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

        public void Append(string name, byte[] data, int offset, int length)
        {
            if (_cutPrefix is not null && name.StartsWith(_cutPrefix, StringComparison.Ordinal))
            {
                _cutPrefix = null;
                inner.CutPowerDuringNextWrite(3);
            }

            inner.Append(name, data, offset, length);
        }

        public int ReadAt(string name, int position, byte[] buffer, int offset, int count) => inner.ReadAt(name, position, buffer, offset, count);

        public int SizeOf(string name) => inner.SizeOf(name);
    }
}
