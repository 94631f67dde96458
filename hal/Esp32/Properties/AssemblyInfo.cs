using System.Reflection;

[assembly: AssemblyTitle("EdgeController.Hal.Esp32")]
[assembly: AssemblyDescription("The hal interfaces on nanoFramework's ESP32 APIs")]
[assembly: AssemblyProduct("EdgeController")]
[assembly: AssemblyVersion("0.1.0.0")]
