namespace EdgeController.Hal.Simulation.Sensors;

/// <summary>INA219 register pointers (TI SBOS448, table 2 "Summary of Register Set").</summary>
public enum Ina219Register : byte
{
    /// <summary>Configuration: range, PGA, ADC resolution, mode. Reset 0x399F.</summary>
    Configuration = 0x00,

    /// <summary>Shunt voltage, signed, LSB 10 µV.</summary>
    ShuntVoltage = 0x01,

    /// <summary>Bus voltage in bits 15..3 (LSB 4 mV), CNVR in bit 1, OVF in bit 0.</summary>
    BusVoltage = 0x02,

    /// <summary>Power, LSB 20 x current LSB.</summary>
    Power = 0x03,

    /// <summary>Current, signed, shunt x calibration / 4096.</summary>
    Current = 0x04,

    /// <summary>Calibration; bit 0 is not used.</summary>
    Calibration = 0x05,
}
