using System.Reflection;

[assembly: AssemblyTitle("EdgeController.Device")]
[assembly: AssemblyDescription("The ESP32 edge controller application")]
[assembly: AssemblyProduct("EdgeController")]
[assembly: AssemblyVersion("0.1.0.0")]
