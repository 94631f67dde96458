namespace EdgeController.Device
{
    /// <summary>The nanoFramework entry point of the ESP32 edge controller.</summary>
    public class Program
    {
        /// <summary>Starts the device; never returns.</summary>
        public static void Main()
        {
            new DeviceApp().Run();
        }
    }
}
