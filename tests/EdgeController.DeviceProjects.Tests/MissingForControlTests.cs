using System.Text.Json.Nodes;
using EdgeController.Core.Config;
using EdgeController.Core.Control;

namespace EdgeController.DeviceProjects.Tests;

/// <summary>
/// What a board needs before the device runs its energy control, and the reason it gives when
/// something is missing (the device notes it on the console and only meters).
/// </summary>
public class MissingForControlTests
{
    [Theory]
    [MemberData(nameof(BoardConfigFilesTests.BoardFiles), MemberType = typeof(BoardConfigFilesTests))]
    public void EveryShippedBoard_CanRunTheEnergyControl(string fileName)
    {
        BoardConfig config = Load(Document(fileName));

        Assert.Null(EnergyControlBuilder.MissingForControl(config));
    }

    [Fact]
    public void WithoutPowerStage_SaysSo()
    {
        JsonObject document = Document("esp32-devkitc.json");
        document.Remove("powerStage");

        Assert.Equal("powerStage: missing (the battery converter and PV limit outputs)", EnergyControlBuilder.MissingForControl(Load(document)));
    }

    [Fact]
    public void WithoutContactor_SaysSo_BeforeThePowerStage()
    {
        JsonObject document = Document("esp32-devkitc.json");
        document["outputs"]!.AsArray().RemoveAt(2);
        document.Remove("powerStage");

        Assert.Equal("outputs: needs one with key \"contactor\" (the battery contactor)", EnergyControlBuilder.MissingForControl(Load(document)));
    }

    [Fact]
    public void WithoutTheNtc_SaysSo()
    {
        JsonObject document = Document("esp32-devkitc.json");
        document["adc"]![1]!["key"] = "tpack";

        Assert.StartsWith("adc: needs an \"ntc\" input with key \"temp\"", EnergyControlBuilder.MissingForControl(Load(document)));
    }

    [Fact]
    public void WithoutTheBatteryChannel_SaysSo()
    {
        JsonObject document = Document("esp32-devkitc.json");
        document["ina219"]![3]!["forward"] = "import";

        Assert.StartsWith("ina219: needs channels with forward", EnergyControlBuilder.MissingForControl(Load(document)));
    }

    private static JsonObject Document(string fileName) =>
        JsonNode.Parse(File.ReadAllText(RepoPaths.Combine("board-configs/" + fileName)))!.AsObject();

    private static BoardConfig Load(JsonObject document)
    {
        BoardConfigLoadResult result = BoardConfigLoader.Load(document.ToJsonString());
        Assert.True(result.IsValid, string.Join("\n", result.Errors));
        return result.Config;
    }
}
