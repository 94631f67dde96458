namespace EdgeController.Simulator;

/// <summary>What `ec-sim console` runs: one device, where its flash is, and where its console goes.</summary>
/// <param name="DeviceId">The device (and the name of its flash folder).</param>
/// <param name="StateFolder">Folder holding the devices' flash folders.</param>
/// <param name="KeysPath">A key registry to provision from first, or null.</param>
/// <param name="Site">Site id used when provisioning.</param>
/// <param name="PtyPath">Where to link the pseudo-terminal, or null for standard input and output.</param>
/// <param name="Seed">Seed of the site model.</param>
/// <param name="Start">Simulated wall-clock time at power-on.</param>
public sealed record ConsoleRunOptions(string DeviceId, string StateFolder, string? KeysPath, string Site, string? PtyPath, int Seed, DateTimeOffset Start);
