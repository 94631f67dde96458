using System.Reflection;

[assembly: AssemblyTitle("NFUnitTest")]
[assembly: AssemblyDescription("On-device tests of the ESP32 edge controller's hal")]
[assembly: AssemblyProduct("EdgeController")]
[assembly: AssemblyVersion("0.1.0.0")]
