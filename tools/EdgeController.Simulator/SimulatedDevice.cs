using EdgeController.Core;
using EdgeController.Core.Control;
using EdgeController.Core.FixedPoint;
using EdgeController.Core.Metering;
using EdgeController.Core.Signing;
using EdgeController.Core.Telemetry;
using EdgeController.Hal;
using EdgeController.Hal.Simulation;
using EdgeController.Hal.Simulation.Models;
using EdgeController.Hal.Simulation.Sensors;
using EdgeController.Hal.Simulation.Signing;
using EdgeController.Hal.Simulation.Storage;

namespace EdgeController.Simulator;

/// <summary>
/// One simulated edge controller: the firmware's Core (Controller, outbox, publisher) wired to
/// simulated INA219s, a simulated ADC, a drivable clock, a folder as its flash, a BCL HMAC
/// signer and an MQTT link. <see cref="Step"/> moves its world and its loop forward.
/// </summary>
public sealed class SimulatedDevice : IDisposable
{
    /// <summary>Outbox slots: 256 readings, enough for 40 minutes of broker outage at 10 s.</summary>
    public const int OutboxCapacityMessages = 256;

    /// <summary>The largest signed message: a reading of four channels is about 600 bytes.</summary>
    public const int MaxMessageBytes = 1024;

    private const int MaxMessagesPerPump = 64;

    private readonly SimulatedIna219[] _chips;
    private readonly SimulatedAdcChannel _batteryAdc;
    private readonly SolarSiteModel _site;
    private readonly IMqttLink _link;
    private readonly TelemetryPublisher _publisher;
    private readonly TelemetryOutbox _outbox;

    /// <summary>Builds the device and starts its controller (boot).</summary>
    public SimulatedDevice(DeviceIdentity identity, IMessageSigner signer, INonVolatileStore flash, IMqttLink link,
        SimulatedClock clock, int reportPeriodMilliseconds, int seed)
    {
        Identity = identity;
        Clock = clock;
        _link = link;
        _site = new SolarSiteModel(pvPeakWatts: 300, loadBaseWatts: 60, seed);
        _chips = new SimulatedIna219[SimulatedBoard.ChannelKeys.Length];
        IPowerSensor[] sensors = new IPowerSensor[_chips.Length];
        for (int i = 0; i < _chips.Length; i++)
        {
            _chips[i] = new SimulatedIna219(SimulatedBoard.ShuntMilliohms);
            sensors[i] = new SimulatedIna219Sensor(_chips[i], SimulatedBoard.ShuntMilliohms, SimulatedBoard.MaxCurrentMilliamps);
        }

        _batteryAdc = new SimulatedAdcChannel(SimulatedBoard.AdcFullScaleMillivolts / 1000.0);
        ScaledVoltageInput batteryVoltage = new(
            _batteryAdc, SimulatedBoard.AdcFullScaleMillivolts, Q16.FromRatio(SimulatedBoard.BatteryDividerTotalOhms, SimulatedBoard.BatteryDividerBottomOhms));
        TopicNames topics = new(identity.SiteId, identity.DeviceId);
        _outbox = new TelemetryOutbox(OutboxCapacityMessages, MaxMessageBytes);
        _publisher = new TelemetryPublisher(_outbox, link, topics);
        Controller = new Controller(identity, reportPeriodMilliseconds, clock, SimulatedBoard.ChannelKeys, sensors,
            batteryVoltage, new MeterStateStore(flash), new SignedEnvelopeWriter(signer), _outbox);
        ApplyPhysics();
        Controller.Start();
    }

    /// <summary>Site and device id.</summary>
    public DeviceIdentity Identity { get; }

    /// <summary>The device's clock.</summary>
    public SimulatedClock Clock { get; }

    /// <summary>The firmware's controller.</summary>
    public Controller Controller { get; }

    /// <summary>Readings the broker acknowledged.</summary>
    public long ReadingsPublished => _publisher.PublishedCount;

    /// <summary>Readings waiting in the outbox.</summary>
    public int ReadingsQueued => _outbox.Count;

    /// <summary>Readings dropped by a full outbox.</summary>
    public long ReadingsDropped => _outbox.DroppedCount;

    /// <summary>The power chip of a channel, to inject faults.</summary>
    public SimulatedIna219 Chip(string channelKey) => _chips[Array.IndexOf(SimulatedBoard.ChannelKeys, channelKey)];

    /// <summary>Advances the device's world and clock by elapsedMilliseconds, runs one loop pass and drains the outbox.</summary>
    public void Step(int elapsedMilliseconds)
    {
        Clock.Advance(elapsedMilliseconds);
        ApplyPhysics();
        Controller.Tick();
        _publisher.Pump(MaxMessagesPerPump);
    }

    /// <summary>Publishes whatever is still queued (at the end of a run).</summary>
    public void Flush() => _publisher.Pump(int.MaxValue);

    /// <inheritdoc />
    public void Dispose() => (_link as IDisposable)?.Dispose();

    private void ApplyPhysics()
    {
        double secondsOfDay = (Clock.UnixTimeMilliseconds / 1000.0) % 86400;
        double pvWatts = _site.PvWatts(secondsOfDay);
        double loadWatts = _site.LoadWatts(secondsOfDay);
        double busVolts = SimulatedBoard.RestingBusVolts;
        // The battery rests until dispatch exists; the grid makes up the balance (negative = export).
        double gridWatts = loadWatts - pvWatts;
        double[] currentsAmps = [pvWatts / busVolts, loadWatts / busVolts, gridWatts / busVolts, 0.0];
        for (int i = 0; i < _chips.Length; i++)
        {
            _chips[i].SetInputs(busVolts, currentsAmps[i]);
        }

        _batteryAdc.PinVolts = busVolts * SimulatedBoard.BatteryDividerBottomOhms / SimulatedBoard.BatteryDividerTotalOhms;
    }
}
