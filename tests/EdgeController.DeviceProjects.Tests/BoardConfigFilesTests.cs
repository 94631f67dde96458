using EdgeController.Core.Config;
using EdgeController.Simulator;

namespace EdgeController.DeviceProjects.Tests;

public class BoardConfigFilesTests
{
    public static TheoryData<string> BoardFiles()
    {
        TheoryData<string> data = new();
        foreach (string path in Directory.GetFiles(RepoPaths.Combine("board-configs"), "*.json").Order(StringComparer.Ordinal))
        {
            data.Add(Path.GetFileName(path));
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(BoardFiles))]
    public void EveryBoardConfig_PassesTheLoader_AndIsNamedAfterItsBoard(string fileName)
    {
        BoardConfigLoadResult result = BoardConfigLoader.Load(File.ReadAllText(RepoPaths.Combine("board-configs/" + fileName)));

        Assert.True(result.IsValid, fileName + ":\n" + string.Join("\n", result.Errors));
        Assert.Equal(Path.GetFileNameWithoutExtension(fileName), result.Config.Board);
    }

    [Fact]
    public void TheRequiredBoards_Exist()
    {
        foreach (string board in new[] { "esp32-devkitc", "esp32-s3-devkitc-1", "simulator" })
        {
            Assert.True(File.Exists(RepoPaths.Combine("board-configs/" + board + ".json")), board);
        }
    }

    [Fact]
    public void SimulatorConfig_MatchesSimulatedBoard()
    {
        BoardConfig config = BoardConfigLoader.Load(File.ReadAllText(RepoPaths.Combine("board-configs/simulator.json"))).Config;

        Assert.Equal(SimulatedBoard.ChannelKeys, config.ChannelKeys());
        Assert.All(config.Ina219, chip => Assert.Equal(SimulatedBoard.ShuntMilliohms, chip.ShuntMilliohms));
        Assert.All(config.Ina219, chip => Assert.Equal(SimulatedBoard.MaxCurrentMilliamps, chip.MaxCurrentMilliamps));
        AdcInputConfig battery = config.AdcInput("vbat");
        Assert.Equal(SimulatedBoard.AdcFullScaleMillivolts, battery.FullScaleMillivolts);
        Assert.Equal(SimulatedBoard.BatteryDividerTotalOhms, battery.DividerTotalOhms);
        Assert.Equal(SimulatedBoard.BatteryDividerBottomOhms, battery.DividerBottomOhms);
        Assert.Equal("LiFePO4", config.Battery.Chemistry);
        Assert.Equal(4, config.Battery.Cells);
        Assert.Null(config.NanoffTarget);
        // The simulated plant's converter takes its rating from here (SimulatedPlant).
        Assert.Equal(600, config.PowerStage.BatteryConverter.RatedWatts);
        Assert.Equal(600_000, new SimulatedPlant(1).Converter.RatedMilliwatts);
    }
}
