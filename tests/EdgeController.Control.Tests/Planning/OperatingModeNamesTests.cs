using EdgeController.Core.Planning;
using EdgeController.Core.Settings;

namespace EdgeController.Control.Tests.Planning;

public sealed class OperatingModeNamesTests
{
    /// <summary>The names the console, the settings and the readings use, as documented for each mode.</summary>
    public static TheoryData<string, OperatingMode> NamedModes() => new()
    {
        { "auto", OperatingMode.Auto },
        { "self_consumption", OperatingMode.SelfConsumption },
        { "tou", OperatingMode.TimeOfUseArbitrage },
        { "backup", OperatingMode.BackupReserve },
        { "manual", OperatingMode.Manual },
        { "maintenance", OperatingMode.Maintenance },
        // Settings written before the planner existed: a battery that must not move.
        { "standby", OperatingMode.Maintenance },
    };

    public static TheoryData<string> Names() => new(NamedModes().Select(row => (string)row[0]));

    [Theory]
    [MemberData(nameof(NamedModes))]
    public void TryParse_EachName_GivesItsMode(string name, OperatingMode expected)
    {
        Assert.True(OperatingModeNames.TryParse(name, out OperatingMode mode));
        Assert.Equal(expected, mode);
    }

    [Fact]
    public void All_IsExactlyTheNamedModes_AndCoversEveryMode()
    {
        string[] documented = NamedModes().Select(row => (string)row[0]).ToArray();
        OperatingMode[] reached = NamedModes().Select(row => (OperatingMode)row[1]).Distinct().ToArray();

        Assert.Equal(documented.Order(StringComparer.Ordinal), OperatingModeNames.All.Order(StringComparer.Ordinal));
        Assert.Equal(Enum.GetValues<OperatingMode>().Order(), reached.Order());
    }

    [Theory]
    [InlineData("")]
    [InlineData("Auto")]
    [InlineData("self-consumption")]
    [InlineData("auto ")]
    [InlineData("arbitrage")]
    public void TryParse_UnknownName_IsFalse(string name)
    {
        Assert.False(OperatingModeNames.TryParse(name, out OperatingMode mode));
        Assert.Equal(OperatingMode.Auto, mode);
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void SettingCatalog_AcceptsEachModeName(string name)
    {
        DeviceSettings settings = new();

        Assert.Null(SettingCatalog.Set(settings, "mode", name, out _));
        Assert.Equal(name, settings.Mode);
    }

    [Theory]
    [InlineData("Auto")]
    [InlineData("self-consumption")]
    [InlineData("arbitrage")]
    public void SettingCatalog_RefusesAnUnknownMode_AndKeepsTheOldOne(string name)
    {
        DeviceSettings settings = new();
        SettingCatalog.Set(settings, "mode", "backup", out _);

        Assert.NotNull(SettingCatalog.Set(settings, "mode", name, out string errorCode));
        Assert.Equal("bad_value", errorCode);
        Assert.Equal("backup", settings.Mode);
    }
}
