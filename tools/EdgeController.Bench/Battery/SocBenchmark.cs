using EdgeController.Core.Battery;
using EdgeController.Hal.Simulation.Models;
using EdgeController.Hal.Simulation.Sensors;

namespace EdgeController.Bench.Battery;

/// <summary>What one chemistry's simulated week gave.</summary>
/// <param name="Chemistry">The pack's chemistry.</param>
/// <param name="RmsErrorPercent">RMS of (estimated - true) SOC over every tick, % of capacity.</param>
/// <param name="MaxErrorPercent">Largest |estimated - true| SOC, % of capacity.</param>
/// <param name="FinalSohPerMille">The state-of-health estimate at the end.</param>
/// <param name="Corrections">OCV corrections applied.</param>
/// <param name="TrueSocMinPercent">Lowest true SOC in the week, %.</param>
/// <param name="TrueSocMaxPercent">Highest true SOC in the week, %.</param>
public sealed record SocBenchmarkResult(
    BatteryChemistry Chemistry, double RmsErrorPercent, double MaxErrorPercent, int FinalSohPerMille, int Corrections,
    double TrueSocMinPercent, double TrueSocMaxPercent);

/// <summary>
/// A week of a 48 V, 100 Ah pack serving a household with PV by plain self-consumption. The
/// estimator sees the pack through a current sensor with a +1 % gain error and 50 mA of noise
/// and a voltage sensor with a +0.1 % gain error and 20 mV of noise, sampled once a second; it
/// boots from the OCV curve with the pack at rest at 50 %. The pack itself is the equivalent
/// circuit model (with hysteresis for LiFePO4 and a different efficiency from the firmware's).
/// </summary>
public static class SocBenchmark
{
    /// <summary>The week's weather, day by day.</summary>
    public static readonly DayWeather[] Week =
        [DayWeather.Sunny, DayWeather.Sunny, DayWeather.Cloudy, DayWeather.Sunny, DayWeather.Cloudy, DayWeather.Cloudy, DayWeather.Sunny];

    private const double CapacityAmpHours = 100;
    private const double CurrentGainError = 0.01;
    private const double CurrentNoiseMilliamps = 50;
    private const double VoltageGainError = 0.001;
    private const double VoltageNoiseMillivolts = 20;
    private const double MaxCRate = 0.5;

    /// <summary>
    /// Runs the week for a chemistry with a tick of the given length; the true pack may have
    /// faded (its capacity a fraction of the rated one the firmware is configured with).
    /// </summary>
    public static SocBenchmarkResult Run(BatteryChemistry chemistry, int days, int tickSeconds, int seed, double trueCapacityFraction = 1.0)
    {
        (CellChemistry cell, int cells, double maxCellVolts, double cutoffCellVolts, int minSocPerMille) = chemistry switch
        {
            BatteryChemistry.Nmc => (CellChemistry.Nmc, 13, 4.15, 3.2, 100),
            BatteryChemistry.LeadAcid => (CellChemistry.LeadAcid, 24, 2.40, 1.90, 500),
            _ => (CellChemistry.LiFePO4, 16, 3.55, 2.9, 100),
        };
        var pack = EquivalentCircuitBattery.Create(cell, cells, CapacityAmpHours * trueCapacityFraction, initialSoc: 0.5);
        var parameters = new BatteryParameters(chemistry, cells, (int)(CapacityAmpHours * 1000), 0);
        var estimator = new SocEstimator(parameters);
        var site = new SiteDayProfile(pvPeakWatts: 5000, loadBaseWatts: 450, seed);
        var currentSensor = new NoisyMeasurement(CurrentGainError, 0, CurrentNoiseMilliamps, seed + 1);
        var voltageSensor = new NoisyMeasurement(VoltageGainError, 0, VoltageNoiseMillivolts, seed + 2);
        estimator.StartFromOpenCircuit(voltageSensor.Read(pack.TerminalVolts * 1000));

        double maxAmps = MaxCRate * CapacityAmpHours;
        double squaredErrorSum = 0;
        double maxError = 0;
        double minSoc = 1;
        double maxSoc = 0;
        long ticks = 0;
        for (int day = 0; day < days; day++)
        {
            DayWeather weather = Week[day % Week.Length];
            for (int second = 0; second < 86_400; second += tickSeconds)
            {
                double surplusWatts = site.PvWatts(day, weather, second) - site.LoadWatts(day, weather, second);
                double amps = surplusWatts / pack.TerminalVolts;
                if (amps > 0)
                {
                    amps = Math.Min(amps, Math.Min(maxAmps, pack.MaxChargeAmpsAtVolts(maxCellVolts * cells)));
                }
                else if (estimator.SocPerMille <= minSocPerMille || pack.TerminalVolts <= cutoffCellVolts * cells)
                {
                    amps = 0;
                }
                else
                {
                    amps = Math.Max(amps, -maxAmps);
                }

                pack.Step(amps, tickSeconds);
                estimator.Update(currentSensor.Read(amps * 1000), voltageSensor.Read(pack.TerminalVolts * 1000), tickSeconds * 1000);

                // SOC as a fraction of the pack's actual capacity, which the estimator learns through its SOH.
                double error = (estimator.SocPerMille / 1000.0) - pack.Soc;
                squaredErrorSum += error * error;
                maxError = Math.Max(maxError, Math.Abs(error));
                minSoc = Math.Min(minSoc, pack.Soc);
                maxSoc = Math.Max(maxSoc, pack.Soc);
                ticks++;
            }
        }

        return new SocBenchmarkResult(
            chemistry, 100 * Math.Sqrt(squaredErrorSum / ticks), 100 * maxError, estimator.SohPerMille, estimator.CorrectionCount,
            100 * minSoc, 100 * maxSoc);
    }
}
