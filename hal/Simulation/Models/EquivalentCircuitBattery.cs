namespace EdgeController.Hal.Simulation.Models;

/// <summary>
/// A battery pack as a first-order Thevenin equivalent circuit (open-circuit voltage source of
/// the state of charge, series resistance R0, one R1 || C1 pair for relaxation), with LiFePO4's
/// voltage hysteresis, a coulombic efficiency on charge and a lumped thermal mass heated by its
/// losses. This is the physical world for the tests and the bench, in SI units and doubles; its
/// curves are deliberately not the firmware's tables (a smooth interpolation with hysteresis on
/// top), so that estimating it is a real test. Current is positive into the battery (charge).
/// </summary>
public sealed class EquivalentCircuitBattery
{
    private readonly double[] _cellOcvVolts;
    private readonly double _r0Ohms;
    private readonly double _r1Ohms;
    private readonly double _tauSeconds;
    private readonly double _hysteresisVolts;
    private readonly double _heatCapacityJoulesPerKelvin;
    private readonly double _thermalResistanceKelvinPerWatt;
    /// <summary>
    /// How steeply the voltage leaves the curve when a full pack is still charged or an empty one
    /// still discharged: 0.15 V per cell per 1 % of capacity forced beyond the end (an LFP cell
    /// charged at 0.5 C climbs from about 3.45 V to 3.65 V within its last 1 to 2 %).
    /// </summary>
    private const double BeyondEndVoltsPerCellPerFraction = 15;

    /// <summary>Relaxation of that excursion once the current stops forcing it: 5 minutes, like the concentration overpotential it stands for.</summary>
    private const double BeyondEndRelaxationSeconds = 300;

    private double _beyondEndFraction;
    private double _hysteresisState;
    private double _rcVolts;

    /// <summary>Creates a pack from explicit parameters; see <see cref="Create"/> for typical ones.</summary>
    public EquivalentCircuitBattery(
        double[] cellOcvVoltsAtEvenSoc,
        int cellsInSeries,
        double capacityAmpHours,
        double r0Ohms,
        double r1Ohms,
        double c1Farads,
        double coulombicEfficiency,
        double hysteresisVoltsPerCell,
        double heatCapacityJoulesPerKelvin,
        double thermalResistanceKelvinPerWatt,
        double initialSoc,
        double ambientCelsius)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(cellOcvVoltsAtEvenSoc.Length, 2);
        _cellOcvVolts = cellOcvVoltsAtEvenSoc;
        CellsInSeries = cellsInSeries;
        CapacityAmpHours = capacityAmpHours;
        _r0Ohms = r0Ohms;
        _r1Ohms = r1Ohms;
        _tauSeconds = r1Ohms * c1Farads;
        CoulombicEfficiency = coulombicEfficiency;
        _hysteresisVolts = hysteresisVoltsPerCell;
        _heatCapacityJoulesPerKelvin = heatCapacityJoulesPerKelvin;
        _thermalResistanceKelvinPerWatt = thermalResistanceKelvinPerWatt;
        Soc = Math.Clamp(initialSoc, 0, 1);
        AmbientCelsius = ambientCelsius;
        TemperatureCelsius = ambientCelsius;
    }

    /// <summary>Cells in series.</summary>
    public int CellsInSeries { get; }

    /// <summary>Capacity, Ah.</summary>
    public double CapacityAmpHours { get; set; }

    /// <summary>Fraction of charge current that is stored.</summary>
    public double CoulombicEfficiency { get; }

    /// <summary>True state of charge, 0..1.</summary>
    public double Soc { get; private set; }

    /// <summary>Pack temperature, °C.</summary>
    public double TemperatureCelsius { get; set; }

    /// <summary>Ambient temperature, °C; the pack relaxes toward it.</summary>
    public double AmbientCelsius { get; set; }

    /// <summary>The current of the last step, A, positive = charge.</summary>
    public double CurrentAmps { get; private set; }

    /// <summary>Open-circuit voltage of the pack now, V (with hysteresis).</summary>
    public double OpenCircuitVolts => CellsInSeries * (CellOcv(Soc) + (_hysteresisState * _hysteresisVolts) + (_beyondEndFraction * BeyondEndVoltsPerCellPerFraction));

    /// <summary>Voltage at the terminals at the last step's current, V.</summary>
    public double TerminalVolts => OpenCircuitVolts + (CurrentAmps * ResistanceOhms) + _rcVolts;

    /// <summary>R0 now, Ω: rises as the pack cools (about 2 % per kelvin below 25 °C, a typical Arrhenius-like fit).</summary>
    public double ResistanceOhms => _r0Ohms * (1 + (0.02 * Math.Max(0, 25 - TemperatureCelsius)));

    /// <summary>
    /// The largest charge current that keeps the terminals at or below a voltage now, A (what a
    /// charger in constant-voltage mode converges to); 0 when already above.
    /// </summary>
    public double MaxChargeAmpsAtVolts(double maxTerminalVolts)
    {
        // A full cell takes no more charge: its voltage shoots past any charger's limit at once.
        if (Soc >= 1 || _beyondEndFraction > 0)
        {
            return 0;
        }

        return Math.Max(0, (maxTerminalVolts - OpenCircuitVolts - _rcVolts) / (ResistanceOhms + _r1Ohms));
    }

    /// <summary>Typical packs for the tests: per-cell OCV at 0 %, 5 %, ... 100 %, R and C from published ECM fits.</summary>
    public static EquivalentCircuitBattery Create(CellChemistry chemistry, int cellsInSeries, double capacityAmpHours, double initialSoc, double ambientCelsius = 25)
    {
        // Resistances scale inversely with capacity: per-cell values for a 100 Ah cell.
        double scale = 100.0 / capacityAmpHours;
        return chemistry switch
        {
            CellChemistry.LiFePO4 => new EquivalentCircuitBattery(
                [2.60, 3.05, 3.19, 3.225, 3.245, 3.258, 3.268, 3.276, 3.283, 3.289, 3.294, 3.299, 3.305, 3.311, 3.318, 3.324, 3.329, 3.336, 3.348, 3.37, 3.44],
                cellsInSeries, capacityAmpHours, 0.0008 * scale * cellsInSeries, 0.0005 * scale * cellsInSeries, 120_000 / scale / cellsInSeries,
                0.995, 0.012, 2200.0 * cellsInSeries * capacityAmpHours / 100, 2.0 / cellsInSeries, initialSoc, ambientCelsius),
            CellChemistry.Nmc => new EquivalentCircuitBattery(
                [3.05, 3.32, 3.46, 3.53, 3.565, 3.595, 3.615, 3.635, 3.655, 3.675, 3.695, 3.725, 3.755, 3.795, 3.835, 3.875, 3.925, 3.975, 4.035, 4.105, 4.185],
                cellsInSeries, capacityAmpHours, 0.0010 * scale * cellsInSeries, 0.0006 * scale * cellsInSeries, 80_000 / scale / cellsInSeries,
                0.99, 0.0, 1800.0 * cellsInSeries * capacityAmpHours / 100, 2.5 / cellsInSeries, initialSoc, ambientCelsius),
            CellChemistry.LeadAcid => new EquivalentCircuitBattery(
                [1.935, 1.944, 1.953, 1.962, 1.972, 1.981, 1.991, 2.000, 2.010, 2.019, 2.029, 2.038, 2.048, 2.057, 2.067, 2.076, 2.086, 2.095, 2.105, 2.114, 2.125],
                cellsInSeries, capacityAmpHours, 0.0030 * scale * cellsInSeries, 0.0020 * scale * cellsInSeries, 150_000 / scale / cellsInSeries,
                0.90, 0.0, 3000.0 * cellsInSeries * capacityAmpHours / 100, 1.5 / cellsInSeries, initialSoc, ambientCelsius),
            _ => throw new ArgumentOutOfRangeException(nameof(chemistry)),
        };
    }

    /// <summary>Moves the pack forward by dt at a constant current (A, positive = charge).</summary>
    public void Step(double currentAmps, double dtSeconds)
    {
        CurrentAmps = currentAmps;
        double storedAmps = currentAmps > 0 ? currentAmps * CoulombicEfficiency : currentAmps;
        // Charge forced past full or drawn past empty is not stored: it drives the voltage off the curve.
        double unclamped = Soc + _beyondEndFraction + (storedAmps * dtSeconds / 3600.0 / CapacityAmpHours);
        Soc = Math.Clamp(unclamped, 0, 1);
        _beyondEndFraction = (unclamped - Soc) * Math.Exp(-dtSeconds / BeyondEndRelaxationSeconds);

        // The RC pair relaxes exactly for a constant current over the step.
        double decay = Math.Exp(-dtSeconds / _tauSeconds);
        _rcVolts = (_rcVolts * decay) + (currentAmps * _r1Ohms * (1 - decay));

        // Hysteresis moves toward the current's direction over about 3 % of capacity of throughput.
        double throughputFraction = Math.Abs(currentAmps) * dtSeconds / 3600.0 / CapacityAmpHours;
        double target = Math.Sign(currentAmps);
        double hysteresisStep = Math.Min(1, throughputFraction / 0.03);
        _hysteresisState += (target - _hysteresisState) * (currentAmps == 0 ? 0 : hysteresisStep);

        double heatWatts = (currentAmps * currentAmps * ResistanceOhms) + (currentAmps * _rcVolts);
        double coolingWatts = (TemperatureCelsius - AmbientCelsius) / _thermalResistanceKelvinPerWatt;
        TemperatureCelsius += (heatWatts - coolingWatts) * dtSeconds / _heatCapacityJoulesPerKelvin;
    }

    private double CellOcv(double soc)
    {
        double position = Math.Clamp(soc, 0, 1) * (_cellOcvVolts.Length - 1);
        int index = Math.Min((int)position, _cellOcvVolts.Length - 2);
        double fraction = position - index;
        return _cellOcvVolts[index] + (fraction * (_cellOcvVolts[index + 1] - _cellOcvVolts[index]));
    }
}
