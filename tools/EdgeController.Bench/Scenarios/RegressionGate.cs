using System.Globalization;

namespace EdgeController.Bench.Scenarios;

/// <summary>
/// The regression gate's 100 seeded one-day scenarios (<see cref="ScenarioSuites.Regression"/>)
/// and their recorded firmware cost (causal forecast): a change that makes any scenario cost more
/// than its record plus <see cref="AbsoluteTolerance"/> + <see cref="RelativeTolerance"/> x |record|
/// fails the test. Record after a deliberate improvement with
/// <c>ec-bench days --record-regression tests/EdgeController.Control.Tests/Planning/regression-costs.csv</c>.
/// </summary>
public static class RegressionGate
{
    public const int Scenarios = 100;

    /// <summary>Currency: rounding of the record (3 decimals) and harmless noise.</summary>
    public const double AbsoluteTolerance = 0.002;

    /// <summary>Share of the recorded cost.</summary>
    public const double RelativeTolerance = 0.005;

    public static double FirmwareCost(int index) => ScenarioPolicies.Firmware(ScenarioSuites.Regression(index), perfectForecast: false).Cost;

    public static void Record(string path)
    {
        using var writer = new StreamWriter(path);
        writer.WriteLine("scenario,firmware_cost");
        for (int i = 0; i < Scenarios; i++)
        {
            writer.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{i},{FirmwareCost(i):F4}"));
        }
    }

    public static double[] Load(string path) =>
        File.ReadAllLines(path).Skip(1).Where(l => l.Length > 0)
            .Select(l => double.Parse(l.Split(',')[1], CultureInfo.InvariantCulture)).ToArray();
}
