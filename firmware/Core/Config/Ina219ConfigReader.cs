using EdgeController.Core.Json;
using EdgeController.Core.Metering;

namespace EdgeController.Core.Config
{
    /// <summary>Reads and checks a board config's "ina219" array: addresses, keys, shunts and a calibration that fits the chip.</summary>
    internal static class Ina219ConfigReader
    {
        internal static Ina219Config[] ReadAll(ConfigSection root)
        {
            JsonValue array = root.ReadArray("ina219", 1, MeterState.MaxChannels);
            if (array == null)
            {
                return new Ina219Config[0];
            }

            Ina219Config[] chips = new Ina219Config[array.Count];
            for (int i = 0; i < chips.Length; i++)
            {
                ConfigSection item = root.Item("ina219", array, i);
                chips[i] = new Ina219Config();
                if (item == null)
                {
                    continue;
                }

                item.RejectUnknownKeys(new string[]
                {
                    "key", "address", "shuntMilliohms", "maxCurrentMilliamps", "busVoltageRangeVolts", "forward",
                });
                Ina219Config chip = chips[i];
                chip.Key = item.ReadId("key", 16);
                chip.Address = item.ReadIntOrHex("address", 0x40, 0x4F, "0x40..0x4F");
                chip.ShuntMilliohms = item.ReadInt("shuntMilliohms", 1, 100000);
                chip.MaxCurrentMilliamps = item.ReadInt("maxCurrentMilliamps", 1, 400000);
                chip.BusVoltageRangeVolts = item.ReadInt("busVoltageRangeVolts", 16, 32);
                if (chip.BusVoltageRangeVolts != 16 && chip.BusVoltageRangeVolts != 32)
                {
                    item.Fail("busVoltageRangeVolts", "must be 16 or 32");
                }

                chip.Forward = item.ReadId("forward", 16);
                CheckCalibration(item, chip);
                for (int j = 0; j < i; j++)
                {
                    if (chip.Key != null && chips[j].Key == chip.Key)
                    {
                        item.Fail("key", "\"" + chip.Key + "\" is already used by ina219[" + j.ToString() + "]");
                    }

                    if (chip.Address >= 0 && chips[j].Address == chip.Address)
                    {
                        item.Fail("address", "0x" + chip.Address.ToString("X2") + " is already used by ina219[" + j.ToString() + "]");
                    }
                }
            }

            return chips;
        }

        private static void CheckCalibration(ConfigSection item, Ina219Config chip)
        {
            if (!item.Has("shuntMilliohms") || !item.Has("maxCurrentMilliamps") || chip.ShuntMilliohms < 1 || chip.MaxCurrentMilliamps < 1)
            {
                return;
            }

            if (Ina219Calibration.PgaRangeMillivolts(chip.ShuntMilliohms, chip.MaxCurrentMilliamps) < 0)
            {
                item.Fail("maxCurrentMilliamps", "drops more than 320 mV across the shunt, beyond the INA219's largest range");
                return;
            }

            if (Ina219Calibration.CalibrationValue(chip.ShuntMilliohms, chip.MaxCurrentMilliamps) > Ina219Calibration.MaxCalibrationValue)
            {
                item.Fail("maxCurrentMilliamps", "too small for this shunt: the calibration value would not fit the INA219's register");
            }
        }
    }
}
