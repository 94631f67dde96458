using EdgeController.Core.Config;
using EdgeController.Core.Control;
using EdgeController.Hal.Simulation.Actuators;
using EdgeController.Hal.Simulation.Models;
using EdgeController.Hal.Simulation.Sensors;

namespace EdgeController.Simulator;

/// <summary>
/// The physical site a simulated device controls, which outlives the device's reboots: the PV
/// and load of <see cref="SolarSiteModel"/>, the battery pack as an equivalent circuit, the
/// power stage (battery converter, PV curtailment, battery contactor) and the grid as the slack
/// that makes up any difference. <see cref="Advance"/> moves it forward under the commands in
/// force, then presents the new state to the sensors. Powers in W, doubles: physics, not firmware.
/// </summary>
public sealed class SimulatedPlant
{
    /// <summary>Peak PV of the standard site, W.</summary>
    public const double StandardPvPeakWatts = 300;

    /// <summary>Base load of the site, W.</summary>
    public const double LoadBaseWatts = 60;

    /// <summary>Noise of the battery ADC, counts (σ): a real ESP32 ADC wanders by a few counts.</summary>
    public const double AdcNoiseCounts = 1.5;

    private readonly SolarSiteModel _site;
    private readonly NoisyMeasurement _batteryPinMicrovolts;
    private readonly AdcInputConfig _vbat;
    private readonly AdcInputConfig? _ntc;

    /// <summary>Creates the site with a pack at initialSoc (0..1); seed varies weather, load and noise.</summary>
    public SimulatedPlant(int seed, double initialSoc = 0.6, double pvPeakWatts = StandardPvPeakWatts, BoardConfig? board = null, double loadBaseWatts = LoadBaseWatts)
    {
        // The electrical facts come from the board config the firmware also reads: pack,
        // divider, thermistor, power stage (board-configs/simulator.json unless ec-sim --board).
        Board = board ?? SimulatedBoard.Config;
        _site = new SolarSiteModel(pvPeakWatts, loadBaseWatts, seed);
        _vbat = Board.AdcInput("vbat");
        _ntc = Board.AdcInput(EnergyControlBuilder.TemperatureInputKey);
        double countMicrovolts = _vbat.FullScaleMillivolts * 1000.0 / 4095;
        _batteryPinMicrovolts = new NoisyMeasurement(0, 0, AdcNoiseCounts * countMicrovolts, seed);
        int cells = Board.Battery.Cells;
        double capacityAmpHours = Board.Battery.CapacityMilliampHours / 1000.0;
        Pack = EquivalentCircuitBattery.Create(ModelChemistry(Board.Battery.Chemistry), cells, capacityAmpHours, initialSoc);
        // The rating either way comes from the board config, as the device's PWM setpoint's full scale does.
        int ratedWatts = Board.PowerStage?.BatteryConverter.RatedWatts ?? SimulatedBoard.Config.PowerStage.BatteryConverter.RatedWatts;
        Converter = new SimulatedBatteryConverter(ratedWatts * 1000);
        PvCurtailment = new SimulatedPvCurtailment();
        Contactor = new SimulatedSwitchOutput();
    }

    /// <summary>The battery pack.</summary>
    /// <summary>The board whose electrical facts the plant follows.</summary>
    public BoardConfig Board { get; }

    public EquivalentCircuitBattery Pack { get; }

    /// <summary>The battery converter the firmware commands.</summary>
    public SimulatedBatteryConverter Converter { get; }

    /// <summary>The PV controller's output limit.</summary>
    public SimulatedPvCurtailment PvCurtailment { get; }

    /// <summary>The battery contactor.</summary>
    public SimulatedSwitchOutput Contactor { get; }

    /// <summary>PV the sun offers now, W.</summary>
    public double PvAvailableWatts { get; private set; }

    /// <summary>PV delivered (after curtailment), W.</summary>
    public double PvWatts { get; private set; }

    /// <summary>Load, W.</summary>
    public double LoadWatts { get; private set; }

    /// <summary>Battery power into the bus, W (positive = discharge).</summary>
    public double BatteryWatts { get; private set; }

    /// <summary>Grid power, W (positive = import): whatever the rest does not balance.</summary>
    public double GridWatts { get; private set; }

    /// <summary>Energy imported from the grid so far, Wh.</summary>
    public double GridImportWattHours { get; private set; }

    /// <summary>Energy exported to the grid so far, Wh.</summary>
    public double GridExportWattHours { get; private set; }

    /// <summary>PV energy the curtailment held back so far, Wh.</summary>
    public double CurtailedWattHours { get; private set; }

    /// <summary>When set, the pack's temperature is held here (a hot cabinet, a frost), °C.</summary>
    public double? ForcedPackCelsius { get; set; }

    /// <summary>
    /// Moves the site forward by dtSeconds to secondsOfDay (local time): the pack carries the
    /// converter's power over the step (the command of the last tick, held), then the new PV,
    /// load and grid flows are found for the sensors to read.
    /// </summary>
    public void Advance(double dtSeconds, double secondsOfDay)
    {
        double packVolts = Pack.TerminalVolts;
        double batteryWatts = Contactor.IsClosed ? Converter.ActualMilliwatts / 1000.0 : 0;
        if (dtSeconds > 0)
        {
            Pack.Step(-batteryWatts / packVolts, dtSeconds);
            if (ForcedPackCelsius is double forced)
            {
                Pack.TemperatureCelsius = forced;
            }

            double gridEnergyWattHours = GridWatts * dtSeconds / 3600;
            GridImportWattHours += Math.Max(0, gridEnergyWattHours);
            GridExportWattHours += Math.Max(0, -gridEnergyWattHours);
            CurtailedWattHours += (PvAvailableWatts - PvWatts) * dtSeconds / 3600;
        }

        PvAvailableWatts = _site.PvWatts(secondsOfDay);
        PvWatts = PvCurtailment.DeliveredWatts(PvAvailableWatts);
        LoadWatts = _site.LoadWatts(secondsOfDay);
        BatteryWatts = batteryWatts;
        GridWatts = LoadWatts - PvWatts - BatteryWatts;
    }

    /// <summary>The battery divider's pin voltage now, V, with the ADC's noise.</summary>
    public double BatteryPinVolts() =>
        _batteryPinMicrovolts.Read(Pack.TerminalVolts * 1e6 * _vbat.DividerBottomOhms / _vbat.DividerTotalOhms) / 1e6;

    /// <summary>The NTC divider's pin voltage at the pack's temperature, V (beta model, series resistor to the reference).</summary>
    public double ThermistorPinVolts()
    {
        const double zeroCelsiusKelvin = 273.15;
        double kelvin = Pack.TemperatureCelsius + zeroCelsiusKelvin;
        if (_ntc is null)
        {
            return 0; // a board without a pack NTC: nothing is wired to a pin
        }

        double nominalKelvin = (_ntc.NtcNominalDeciCelsius / 10.0) + zeroCelsiusKelvin;
        double ntcOhms = _ntc.NtcNominalOhms * Math.Exp(_ntc.NtcBetaKelvin * ((1 / kelvin) - (1 / nominalKelvin)));
        return _ntc.FullScaleMillivolts / 1000.0 * ntcOhms / (_ntc.SeriesOhms + ntcOhms);
    }

    /// <summary>The current through the measurement point whose forward direction is forward, A (0 for one the plant has no flow for).</summary>
    public double CurrentAmps(string forward)
    {
        double busVolts = Pack.TerminalVolts;
        return forward switch
        {
            EnergyControlBuilder.ForwardGeneration => PvWatts / busVolts,
            EnergyControlBuilder.ForwardConsumption => LoadWatts / busVolts,
            "import" => GridWatts / busVolts,
            EnergyControlBuilder.ForwardCharge => Pack.CurrentAmps,
            _ => 0,
        };
    }

    private static CellChemistry ModelChemistry(string configName) => EnergyControlBuilder.ChemistryOf(configName) switch
    {
        Core.Battery.BatteryChemistry.LeadAcid => CellChemistry.LeadAcid,
        Core.Battery.BatteryChemistry.Nmc => CellChemistry.Nmc,
        _ => CellChemistry.LiFePO4,
    };
}
