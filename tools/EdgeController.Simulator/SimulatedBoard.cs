using EdgeController.Core.Config;

namespace EdgeController.Simulator;

/// <summary>
/// The simulated board's electrical facts: a 12 V LiFePO4 DC bus (4 cells) with four INA219
/// measurement points behind 2 mΩ shunts, the battery voltage on an ADC pin behind a 47k/10k
/// divider and a 10k NTC on the pack. The firmware side and the physics side both read these,
/// so they agree; board-configs/simulator.json (embedded, read through the firmware's own
/// loader) gives the battery, the site and the tariff, as a device's board.json does.
/// </summary>
public static class SimulatedBoard
{
    private static readonly Lazy<BoardConfig> s_config = new(LoadConfig);

    /// <summary>board-configs/simulator.json, validated by the firmware's loader.</summary>
    public static BoardConfig Config => s_config.Value;

    /// <summary>The NTC's series resistor, Ω (from the reference to the pin).</summary>
    public const int NtcSeriesOhms = 10_000;

    /// <summary>The NTC's resistance at 25 °C, Ω.</summary>
    public const int NtcNominalOhms = 10_000;

    /// <summary>The NTC's beta, K.</summary>
    public const int NtcBetaKelvin = 3950;

    /// <summary>Power channels in board order, with their forward direction.</summary>
    /// <remarks>pv: generation; load: consumption; grid: import; bat: charge.</remarks>
    public static readonly string[] ChannelKeys = ["pv", "load", "grid", "bat"];

    /// <summary>Shunt of every channel, mΩ.</summary>
    public const int ShuntMilliohms = 2;

    /// <summary>The current each INA219 is calibrated for, mA (80 mV across the shunt, inside the ±160 mV PGA range).</summary>
    public const int MaxCurrentMilliamps = 40_000;

    /// <summary>ADC full scale at the pin (ESP32 with 11 dB attenuation reads up to about 3.3 V), mV.</summary>
    public const int AdcFullScaleMillivolts = 3300;

    /// <summary>Battery divider: top plus bottom resistor, Ω (47k + 10k).</summary>
    public const int BatteryDividerTotalOhms = 57_000;

    /// <summary>Battery divider: bottom resistor (ADC pin to ground), Ω.</summary>
    public const int BatteryDividerBottomOhms = 10_000;

    /// <summary>The divider's nominal ratio (input over pin voltage), ppm: 57k / 10k = 5.7.</summary>
    public const int BatteryDividerPartsPerMillion = (int)(BatteryDividerTotalOhms * 1_000_000L / BatteryDividerBottomOhms);

    /// <summary>
    /// A user's board config for ec-sim --board, through the firmware's one loader; errors are
    /// the loader's, with the field each names. A board the simulator can run meters at least
    /// the four flows its site model has (generation, consumption, import, charge): a board that
    /// lacks one still runs, and that channel reads 0.
    /// </summary>
    public static bool TryLoad(string path, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out BoardConfig? config, out string[] errors)
    {
        config = null;
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            errors = [exception.Message];
            return false;
        }

        BoardConfigLoadResult result = BoardConfigLoader.Load(text);
        if (!result.IsValid)
        {
            errors = result.Errors;
            return false;
        }

        if (result.Config.AdcInput("vbat") is null)
        {
            errors = ["adc: the simulator needs the battery voltage input \"vbat\""];
            return false;
        }

        config = result.Config;
        errors = [];
        return true;
    }

    private static readonly Lazy<string> s_text = new(LoadText);

    /// <summary>The text of board-configs/simulator.json (the community generator derives its members' boards from it).</summary>
    public static string Text => s_text.Value;

    private static string LoadText()
    {
        using Stream stream = typeof(SimulatedBoard).Assembly.GetManifestResourceStream("simulator.json")
            ?? throw new InvalidOperationException("simulator.json is not embedded in the simulator");
        using StreamReader reader = new(stream);
        return reader.ReadToEnd();
    }

    private static BoardConfig LoadConfig()
    {
        BoardConfigLoadResult result = BoardConfigLoader.Load(Text);
        return result.IsValid
            ? result.Config
            : throw new InvalidOperationException("board-configs/simulator.json: " + string.Join("; ", result.Errors));
    }
}
