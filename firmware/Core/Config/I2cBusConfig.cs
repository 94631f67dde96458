namespace EdgeController.Core.Config
{
    /// <summary>The I2C bus of the power monitors.</summary>
    public sealed class I2cBusConfig
    {
        /// <summary>nanoFramework bus id (1 = I2C1, 2 = I2C2).</summary>
        public int Bus { get; set; }

        /// <summary>GPIO of SDA.</summary>
        public int SdaPin { get; set; }

        /// <summary>GPIO of SCL.</summary>
        public int SclPin { get; set; }

        /// <summary>Bus clock: 100 (standard mode) or 400 (fast mode), kHz.</summary>
        public int SpeedKilohertz { get; set; }
    }
}
