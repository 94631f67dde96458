using System.Globalization;
using System.Text.Json;

namespace EdgeController.Simulator;

/// <summary>
/// The physical pack's state between two runs of the simulator, beside the device's flash
/// folder (`&lt;device&gt;.plant.json`): a device reboots onto the same battery, so the state
/// of charge it restores from flash meets the pack it left, not a fresh one.
/// </summary>
public static class SimulatedPlantState
{
    /// <summary>The state of charge of a pack that never ran before.</summary>
    public const double NewPackSoc = 0.6;

    /// <summary>The file of a device's pack.</summary>
    public static string PathFor(string deviceFolder) => deviceFolder.TrimEnd(Path.DirectorySeparatorChar) + ".plant.json";

    /// <summary>The site of a device: its pack as the last run left it, or a new one.</summary>
    public static SimulatedPlant Load(string deviceFolder, int seed, EdgeController.Core.Config.BoardConfig? board = null,
        double pvPeakWatts = SimulatedPlant.StandardPvPeakWatts, double loadBaseWatts = SimulatedPlant.LoadBaseWatts)
    {
        string path = PathFor(deviceFolder);
        if (!File.Exists(path))
        {
            return new SimulatedPlant(seed, NewPackSoc, pvPeakWatts, board, loadBaseWatts);
        }

        using JsonDocument document = JsonDocument.Parse(File.ReadAllText(path));
        double soc = document.RootElement.GetProperty("soc").GetDouble();
        if (soc is < 0 or > 1)
        {
            throw new InvalidDataException($"{path}: soc {soc.ToString(CultureInfo.InvariantCulture)} is not 0..1");
        }

        return new SimulatedPlant(seed, soc, pvPeakWatts, board, loadBaseWatts);
    }

    /// <summary>Writes the pack's state for the next run.</summary>
    public static void Save(string deviceFolder, SimulatedPlant plant)
    {
        string json = JsonSerializer.Serialize(new { soc = plant.Pack.Soc, temperatureCelsius = plant.Pack.TemperatureCelsius });
        File.WriteAllText(PathFor(deviceFolder), json);
    }
}
