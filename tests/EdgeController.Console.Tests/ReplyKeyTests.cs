using EdgeController.Core.Console;
using EdgeController.Hal.Simulation.Sensors;

namespace EdgeController.Console.Tests;

/// <summary>
/// Each reply names a thing once: meters and setpoints apart (pv_mw is the meter, pv_set_mw the
/// limit), status without the grid setpoint the dispatch always leaves at 0, faults by name, the
/// wall-clock time once synchronised, and the lock state that help promises.
/// </summary>
public sealed class ReplyKeyTests
{
    private static List<string> Keys(string reply) =>
        reply.Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Where(line => line.Contains('=')).Select(line => line[..line.IndexOf('=')]).ToList();

    [Theory]
    [InlineData("status")]
    [InlineData("read")]
    [InlineData("mqtt status")]
    [InlineData("version")]
    [InlineData("config show")]
    public void EveryKeyAppearsOnce(string command)
    {
        using ConsoleHarness console = new();
        console.Run(30);
        List<string> keys = Keys(console.Send(command));
        Assert.NotEmpty(keys);
        Assert.Equal(keys.Count, keys.Distinct(StringComparer.Ordinal).Count());
    }

    [Fact]
    public void Read_NamesMeterAndSetpointApart()
    {
        using ConsoleHarness console = new();
        console.Run(30);
        Dictionary<string, string> read = console.Values("read");
        Assert.True(read.ContainsKey("pv_mw"));
        Assert.True(read.ContainsKey("pv_set_mw"));
        Assert.True(read.ContainsKey("grid_mw"));
        Assert.True(read.ContainsKey("grid_set_mw"));
        Assert.True(int.Parse(read["pv_mw"]) > 0, "the meter reads the simulated sun at 11:00");
    }

    [Fact]
    public void Status_DropsTheGridSetpoint_NamesFaults_AndShowsLockAndTime()
    {
        using ConsoleHarness console = new();
        console.Run(10);
        Dictionary<string, string> status = console.Values("status");
        Assert.False(status.ContainsKey("grid_mw"));
        Assert.False(status.ContainsKey("grid_set_mw"));
        // The harness's device has no key: flt bit 12, named as `fault show` names it.
        Assert.Equal(EdgeController.Core.FaultFlags.NotProvisioned.ToString(), status["flt"]);
        Assert.Equal("not_provisioned", status["faults"]);
        Assert.Equal("1", status["locked"]);
        if (status["time_synced"] == "1")
        {
            Assert.Equal(UtcText.Format(console.Clock.UnixTimeMilliseconds), status["time_utc"]);
            Assert.StartsWith("2026-06-21T11:00:", status["time_utc"]);
        }
        else
        {
            Assert.False(status.ContainsKey("time_utc"));
        }

        console.Device.TemperatureAdc.Fault = SimulatedBusFault.Timeout;
        console.Run(5);
        Assert.Contains("protection_sensor_loss", console.Values("status")["faults"]);
        console.Unlock();
        Assert.Equal("0", console.Values("status")["locked"]);
    }

    [Fact]
    public void Status_TimeAppearsOnlyOnceTheClockIsSynchronised()
    {
        using ConsoleHarness console = new();
        console.Clock.SetWallClock(console.Clock.UnixTimeMilliseconds, synchronized: false);
        Assert.False(console.Values("status").ContainsKey("time_utc"));
        console.Clock.SetWallClock(console.Clock.UnixTimeMilliseconds, synchronized: true);
        Assert.Equal(UtcText.Format(console.Clock.UnixTimeMilliseconds), console.Values("status")["time_utc"]);
    }

    [Fact]
    public void UtcText_MatchesTheCalendar()
    {
        Random random = new(20261202);
        long[] fixedPoints = [0, 951_782_400_000 /* 2000-02-29 */, 4_107_542_399_999 /* 2100-02-28T23:59:59 */, 1_782_036_000_000];
        foreach (long milliseconds in fixedPoints.Concat(Enumerable.Range(0, 2000).Select(_ => random.NextInt64(0, 7_258_118_400_000))))
        {
            Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(milliseconds).ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture),
                UtcText.Format(milliseconds));
        }
    }

    [Fact]
    public void SettingNames_AreCaseInsensitiveLikeCommands_ValuesKeepTheirCase()
    {
        using ConsoleHarness console = new();
        console.Unlock();
        Assert.Equal("900", console.Values("CONFIG SET Lock_S 900")["lock_s"]);
        Assert.Equal("900", console.Values("config get LOCK_S")["lock_s"]);
        Assert.Equal("Site-Net", console.Values("config set WIFI_SSID Site-Net")["wifi_ssid"]);
    }
}
