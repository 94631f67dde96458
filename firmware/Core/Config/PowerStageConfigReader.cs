namespace EdgeController.Core.Config
{
    /// <summary>Reads and checks a board config's optional "powerStage" section.</summary>
    internal static class PowerStageConfigReader
    {
        /// <summary>
        /// Lowest PWM frequency, Hz: below it the RC filter that turns the PWM into a level
        /// would need a time constant too slow for a 1 s control period to keep the ripple small.
        /// </summary>
        internal const int MinPwmFrequencyHertz = 100;

        /// <summary>
        /// Highest PWM frequency, Hz: the ESP32's LEDC, clocked at 80 MHz, still has 10 bits of
        /// duty resolution there (80 MHz / 40 kHz = 2000 counts a period).
        /// </summary>
        internal const int MaxPwmFrequencyHertz = 40000;

        internal static PowerStageConfig Read(ConfigSection section, PinPlan pins)
        {
            if (section == null)
            {
                return null;
            }

            section.RejectUnknownKeys(new string[] { "pwmFrequencyHertz", "batteryConverter", "pvLimit" });
            PowerStageConfig stage = new PowerStageConfig();
            stage.PwmFrequencyHertz = section.ReadInt("pwmFrequencyHertz", MinPwmFrequencyHertz, MaxPwmFrequencyHertz);
            stage.BatteryConverter = ReadSetpoint(section.ReadObject("batteryConverter"), pins);
            stage.PvLimit = ReadSetpoint(section.ReadObject("pvLimit"), pins);
            return stage;
        }

        private static PwmSetpointConfig ReadSetpoint(ConfigSection section, PinPlan pins)
        {
            if (section == null)
            {
                return null;
            }

            section.RejectUnknownKeys(new string[] { "pwmGpio", "ratedWatts" });
            PwmSetpointConfig setpoint = new PwmSetpointConfig();
            setpoint.PwmGpio = section.ReadPin("pwmGpio");
            pins.Claim(section.Errors, section.FieldPath("pwmGpio"), setpoint.PwmGpio, true);
            // Up to 2 GW: the rating in mW still fits an int, which is what the setpoints are in.
            setpoint.RatedWatts = section.ReadInt("ratedWatts", 1, SiteConfigReader.MaxWatts);
            return setpoint;
        }
    }
}
