namespace EdgeController.Simulator;

/// <summary>
/// The simulated board's electrical facts: a 12 V LiFePO4 DC bus (4 cells) with four INA219
/// measurement points behind 2 mΩ shunts, and the battery voltage on an ADC pin behind a
/// 47k/10k divider. The firmware side and the physics side both read these, so they agree.
/// </summary>
public static class SimulatedBoard
{
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

    /// <summary>Nominal bus voltage when the battery is at rest mid-charge, V.</summary>
    public const double RestingBusVolts = 13.2;
}
