using System.Text.Json.Nodes;
using EdgeController.Core.Config;

namespace EdgeController.DeviceProjects.Tests;

public class BoardConfigLoaderTests
{
    private static JsonObject ValidDocument() =>
        JsonNode.Parse(File.ReadAllText(RepoPaths.Combine("board-configs/esp32-devkitc.json")))!.AsObject();

    private static BoardConfigLoadResult Load(JsonObject document) => BoardConfigLoader.Load(document.ToJsonString());

    /// <summary>
    /// Sets the member at a path such as "site.tariff.periods[1].toHour" to json, or removes it
    /// when json is null; returns the document.
    /// </summary>
    private static JsonObject Set(JsonObject document, string path, string? json)
    {
        string[] parts = path.Split('.');
        JsonNode parent = document;
        for (int i = 0; i < parts.Length - 1; i++)
        {
            parent = Child(parent, parts[i]);
        }

        string last = parts[^1];
        int bracket = last.IndexOf('[', StringComparison.Ordinal);
        if (bracket >= 0)
        {
            JsonArray array = parent[last[..bracket]]!.AsArray();
            array[int.Parse(last[(bracket + 1)..^1], System.Globalization.CultureInfo.InvariantCulture)] = JsonNode.Parse(json!);
        }
        else if (json == null)
        {
            parent.AsObject().Remove(last);
        }
        else
        {
            parent[last] = JsonNode.Parse(json);
        }

        return document;
    }

    private static JsonNode Child(JsonNode parent, string part)
    {
        int bracket = part.IndexOf('[', StringComparison.Ordinal);
        return bracket < 0
            ? parent[part]!
            : parent[part[..bracket]]![int.Parse(part[(bracket + 1)..^1], System.Globalization.CultureInfo.InvariantCulture)]!;
    }

    [Fact]
    public void Load_DevKitC_GivesTheWiredValues()
    {
        BoardConfigLoadResult result = Load(ValidDocument());

        Assert.True(result.IsValid, string.Join("\n", result.Errors));
        BoardConfig config = result.Config;
        Assert.Equal("ESP32_PSRAM_REV0", config.NanoffTarget);
        Assert.Equal(new[] { "pv", "load", "grid", "bat" }, config.ChannelKeys());
        Assert.Equal(0x45, config.Ina219[3].Address);
        Assert.Equal(57000, config.AdcInput("vbat").DividerTotalOhms);
        Assert.Equal(3950, config.AdcInput("temp").NtcBetaKelvin);
        Assert.Equal("COM2", config.Console.Uart);
        Assert.Equal(10000, config.Loop.ReportPeriodMilliseconds);
    }

    [Theory]
    [InlineData("ina219", 1, "address", "\"0x50\"", "ina219[1].address: must be 0x40..0x4F")]
    [InlineData("ina219", 1, "address", "\"0x40\"", "ina219[1].address: 0x40 is already used by ina219[0]")]
    [InlineData("ina219", 2, "key", "\"pv\"", "ina219[2].key: \"pv\" is already used by ina219[0]")]
    [InlineData("ina219", 0, "shuntMilliohms", "2.5", "(document): JSON syntax error: line")]
    [InlineData("ina219", 0, "maxCurrentMilliamps", "400000", "ina219[0].maxCurrentMilliamps: drops more than 320 mV")]
    [InlineData("ina219", 0, "maxCurrentMilliamps", "10", "ina219[0].maxCurrentMilliamps: too small for this shunt")]
    [InlineData("ina219", 3, "busVoltageRangeVolts", "24", "ina219[3].busVoltageRangeVolts: must be 16 or 32")]
    [InlineData("adc", 0, "channel", "12", "adc[0].channel: must be an ADC1 channel 0..7")]
    [InlineData("adc", 1, "channel", "6", "adc[1].channel: channel 6 is already used by adc[0]")]
    [InlineData("adc", 0, "kind", "\"ntc\"", "adc: needs one entry with key \"vbat\" and kind \"divider\"")]
    [InlineData("adc", 0, "dividerBottomOhms", "60000", "adc[0].dividerBottomOhms: cannot exceed dividerTotalOhms")]
    [InlineData("adc", 0, "gpio", "21", "adc[0].gpio: GPIO 21 is already used by i2c.sdaPin")]
    [InlineData("adc", 0, "gpio", "36", "adc[0].gpio: ADC1 channel 6 is GPIO 34 on the ESP32, not GPIO 36")]
    [InlineData("outputs", 0, "gpio", "34", "outputs[0].gpio: GPIO 34..39 are input only on the ESP32")]
    [InlineData("outputs", 1, "gpio", "7", "outputs[1].gpio: GPIO 6..11 belong to the SPI flash")]
    [InlineData("outputs", 1, "activeHigh", "1", "outputs[1].activeHigh: must be true or false")]
    [InlineData("outputs", 0, "shuntMiliohms", "2", "outputs[0].shuntMiliohms: unknown field")]
    public void Load_ArrayItemError_NamesTheFieldAndTheReason(string array, int index, string field, string json, string expected)
    {
        JsonObject document = ValidDocument();
        document[array]![index]![field] = JsonNode.Parse(json.Replace("2.5", "2")) ?? throw new InvalidOperationException();
        string text = document.ToJsonString();
        if (json == "2.5")
        {
            text = text.Replace("\"shuntMilliohms\":2", "\"shuntMilliohms\":2.5");
        }

        BoardConfigLoadResult result = BoardConfigLoader.Load(text);

        Assert.False(result.IsValid);
        Assert.Null(result.Config);
        Assert.Contains(result.Errors, e => e.StartsWith(expected, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("i2c", "speedKilohertz", "1000", "i2c.speedKilohertz: must be 100..400, not 1000")]
    [InlineData("i2c", "sclPin", "21", "i2c.sclPin: GPIO 21 is already used by i2c.sdaPin")]
    [InlineData("console", "uart", "\"COM1\"", "console.uart: COM1 carries nanoFramework's debugger")]
    [InlineData("console", "uart", "\"UART9\"", "console.uart: must be one of \"COM2\", \"COM3\"")]
    [InlineData("console", "rxPin", "\"16\"", "console.rxPin: must be a GPIO number")]
    [InlineData("battery", "chemistry", "\"NiCd\"", "battery.chemistry: must be one of")]
    [InlineData("battery", "floatMillivoltsPerCell", "3600", "battery.floatMillivoltsPerCell: cannot exceed chargeMillivoltsPerCell")]
    [InlineData("battery", "maxChargeDeciCelsius", "-10", "battery.maxChargeDeciCelsius: must be above minChargeDeciCelsius")]
    [InlineData("battery", "cells", "0", "battery.cells: must be 1..32, not 0")]
    [InlineData("loop", "reportPeriodMilliseconds", "10500", "loop.reportPeriodMilliseconds: must be a multiple of controlPeriodMilliseconds")]
    [InlineData("loop", "controlPeriodMilliseconds", "10", "loop.controlPeriodMilliseconds: must be 100..60000, not 10")]
    public void Load_SectionError_NamesTheFieldAndTheReason(string section, string field, string json, string expected)
    {
        JsonObject document = ValidDocument();
        document[section]![field] = JsonNode.Parse(json);

        BoardConfigLoadResult result = Load(document);

        Assert.Contains(result.Errors, e => e.StartsWith(expected, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("pwmFrequencyHertz", "50", "powerStage.pwmFrequencyHertz: must be 100..40000, not 50")]
    [InlineData("dutyCycle", "1", "powerStage.dutyCycle: unknown field")]
    [InlineData("pvLimit", "5", "powerStage.pvLimit: must be an object")]
    public void Load_PowerStageError_NamesTheFieldAndTheReason(string field, string json, string expected)
    {
        JsonObject document = ValidDocument();
        document["powerStage"]![field] = JsonNode.Parse(json);

        Assert.Contains(Load(document).Errors, e => e.StartsWith(expected, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("batteryConverter", "ratedWatts", "0", "powerStage.batteryConverter.ratedWatts: must be 1..2000000, not 0")]
    [InlineData("batteryConverter", "ratedWatts", "2000001", "powerStage.batteryConverter.ratedWatts: must be 1..2000000, not 2000001")]
    [InlineData("batteryConverter", "pwmGpio", "35", "powerStage.batteryConverter.pwmGpio: GPIO 34..39 are input only on the ESP32")]
    [InlineData("batteryConverter", "pwmGpio", "27", "powerStage.batteryConverter.pwmGpio: GPIO 27 is already used by outputs[2].gpio")]
    [InlineData("batteryConverter", "pwmGpio", "22", "powerStage.batteryConverter.pwmGpio: GPIO 22 is already used by i2c.sclPin")]
    [InlineData("pvLimit", "pwmGpio", "13", "powerStage.pvLimit.pwmGpio: GPIO 13 is already used by powerStage.batteryConverter.pwmGpio")]
    [InlineData("pvLimit", "pwmGpio", "\"14\"", "powerStage.pvLimit.pwmGpio: must be a GPIO number")]
    [InlineData("pvLimit", "ratedWatt", "300", "powerStage.pvLimit.ratedWatt: unknown field")]
    public void Load_PowerStageSetpointError_NamesTheFieldAndTheReason(string setpoint, string field, string json, string expected)
    {
        JsonObject document = ValidDocument();
        document["powerStage"]![setpoint]![field] = JsonNode.Parse(json);

        BoardConfigLoadResult result = Load(document);

        Assert.Null(result.Config);
        Assert.Contains(result.Errors, e => e.StartsWith(expected, StringComparison.Ordinal));
    }

    [Fact]
    public void Load_MissingSetpoint_NamesIt()
    {
        JsonObject document = ValidDocument();
        document["powerStage"]!.AsObject().Remove("batteryConverter");

        Assert.Contains("powerStage.batteryConverter: missing (an object)", Load(document).Errors);
    }

    [Fact]
    public void Load_WithoutPowerStage_IsValid_AndHasNone()
    {
        JsonObject document = ValidDocument();
        document.Remove("powerStage");

        BoardConfigLoadResult result = Load(document);

        Assert.True(result.IsValid, string.Join("\n", result.Errors));
        Assert.Null(result.Config.PowerStage);
    }

    [Fact]
    public void Load_DevKitC_GivesThePowerStage()
    {
        PowerStageConfig stage = Load(ValidDocument()).Config.PowerStage;

        Assert.Equal(1000, stage.PwmFrequencyHertz);
        Assert.Equal(13, stage.BatteryConverter.PwmGpio);
        Assert.Equal(600, stage.BatteryConverter.RatedWatts);
        Assert.Equal(14, stage.PvLimit.PwmGpio);
        Assert.Equal(300, stage.PvLimit.RatedWatts);
    }

    [Theory]
    [InlineData("platform", "\"esp8266\"", "platform: must be one of \"esp32\", \"esp32s3\", \"simulator\"")]
    [InlineData("schema", "2", "schema: must be 1..1, not 2")]
    [InlineData("board", "\"my board\"", "board: must be 1..32 characters")]
    [InlineData("nanoffTarget", "\"esp32 rev0\"", "nanoffTarget: must be a nanoff target name")]
    [InlineData("ina219", "[]", "ina219: must have 1..8 entries, not 0")]
    [InlineData("battery", "3", "battery: must be an object")]
    [InlineData("extra", "1", "extra: unknown field")]
    [InlineData("odd: key", "1", "\"odd??key\": unknown field")]
    public void Load_TopLevelError_NamesTheField(string field, string json, string expected)
    {
        JsonObject document = ValidDocument();
        document[field] = JsonNode.Parse(json);

        Assert.Contains(Load(document).Errors, e => e.StartsWith(expected, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("battery.capacityMilliampHours", null, "battery.capacityMilliampHours: missing (an integer 100..100000000)")]
    [InlineData("battery.capacityMilliampHours", "99", "battery.capacityMilliampHours: must be 100..100000000, not 99")]
    [InlineData("battery.chargeEfficiencyPerMille", "499", "battery.chargeEfficiencyPerMille: must be 500..1000, not 499")]
    [InlineData("battery.chargeEfficiencyPerMille", "1001", "battery.chargeEfficiencyPerMille: must be 500..1000, not 1001")]
    [InlineData("site", null, "site: missing (an object)")]
    [InlineData("site.utcOffsetMinutes", "-721", "site.utcOffsetMinutes: must be -720..840, not -721")]
    [InlineData("site.utcOffsetMinutes", "841", "site.utcOffsetMinutes: must be -720..840, not 841")]
    [InlineData("site.gridImportLimitWatts", null, "site.gridImportLimitWatts: missing (an integer 0..2000000)")]
    [InlineData("site.gridExportLimitWatts", "-1", "site.gridExportLimitWatts: must be 0..2000000, not -1")]
    [InlineData("site.floorSocPerMille", "901", "site.floorSocPerMille: must be 0..900, not 901")]
    [InlineData("site.backupReserveSocPerMille", "99", "site.backupReserveSocPerMille: cannot be below floorSocPerMille")]
    [InlineData("site.backupReserveSocPerMille", "1001", "site.backupReserveSocPerMille: must be 0..1000, not 1001")]
    [InlineData("site.gridLimitWatts", "3000", "site.gridLimitWatts: unknown field")]
    [InlineData("site.tariff", null, "site.tariff: missing (an object)")]
    [InlineData("site.tariff.importMicrocurrencyPerKilowattHour", "100000001", "site.tariff.importMicrocurrencyPerKilowattHour: must be 0..100000000")]
    [InlineData("site.tariff.exportMicrocurrencyPerKilowattHour", null, "site.tariff.exportMicrocurrencyPerKilowattHour: missing")]
    [InlineData("site.tariff.currency", "\"EUR\"", "site.tariff.currency: unknown field")]
    [InlineData("site.tariff.periods", null, "site.tariff.periods: missing (an array)")]
    [InlineData("site.tariff.periods[1]", "3", "site.tariff.periods[1]: must be an object")]
    [InlineData("site.tariff.periods[0].fromHour", "24", "site.tariff.periods[0].fromHour: must be 0..23, not 24")]
    [InlineData("site.tariff.periods[1].toHour", "25", "site.tariff.periods[1].toHour: must be 1..24, not 25")]
    [InlineData("site.tariff.periods[1].toHour", "17", "site.tariff.periods[1].toHour: must be above fromHour")]
    [InlineData("site.tariff.periods[1].toHour", "16", "site.tariff.periods[1].toHour: must be above fromHour")]
    [InlineData("site.tariff.periods[0].importMicrocurrencyPerKilowattHour", null, "site.tariff.periods[0].importMicrocurrencyPerKilowattHour: missing")]
    [InlineData("site.tariff.periods[0].hours", "7", "site.tariff.periods[0].hours: unknown field")]
    [InlineData("site.demandChargeMicrocurrencyPerKilowatt", "-1", "site.demandChargeMicrocurrencyPerKilowatt: must be 0..100000000, not -1")]
    [InlineData("site.peakCapWatts", "2500", "site.peakCapWatts: needs demandChargeMicrocurrencyPerKilowatt above 0")]
    public void Load_BatteryCapacityOrSiteError_NamesTheFieldPath(string path, string? json, string expected)
    {
        BoardConfigLoadResult result = Load(Set(ValidDocument(), path, json));

        Assert.False(result.IsValid);
        Assert.Contains(result.Errors, e => e.StartsWith(expected, StringComparison.Ordinal));
    }

    [Fact]
    public void Load_SiteAndBatteryFields_GiveTheValuesOfTheFile()
    {
        // Values unlike the shipped file's, so that a reader returning defaults cannot pass.
        JsonObject document = ValidDocument();
        Set(document, "battery.capacityMilliampHours", "280000");
        Set(document, "battery.chargeEfficiencyPerMille", "955");
        Set(document, "site.utcOffsetMinutes", "-300");
        Set(document, "site.gridImportLimitWatts", "12000");
        Set(document, "site.gridExportLimitWatts", "0");
        Set(document, "site.floorSocPerMille", "150");
        Set(document, "site.backupReserveSocPerMille", "150");
        Set(document, "site.tariff.importMicrocurrencyPerKilowattHour", "310000");
        Set(document, "site.tariff.exportMicrocurrencyPerKilowattHour", "20000");
        Set(document, "site.tariff.periods", """[ { "fromHour": 22, "toHour": 24, "importMicrocurrencyPerKilowattHour": 90000 } ]""");

        BoardConfigLoadResult result = Load(document);

        Assert.True(result.IsValid, string.Join("\n", result.Errors));
        Assert.Equal(280_000, result.Config.Battery.CapacityMilliampHours);
        Assert.Equal(955, result.Config.Battery.ChargeEfficiencyPerMille);
        SiteConfig site = result.Config.Site;
        Assert.Equal(-300, site.UtcOffsetMinutes);
        Assert.Equal(12_000, site.GridImportLimitWatts);
        Assert.Equal(0, site.GridExportLimitWatts);
        Assert.Equal(150, site.FloorSocPerMille);
        Assert.Equal(150, site.BackupReserveSocPerMille);
        Assert.Equal(310_000, site.ImportMicrocurrencyPerKilowattHour);
        Assert.Equal(20_000, site.ExportMicrocurrencyPerKilowattHour);
        TariffPeriodConfig period = Assert.Single(site.TariffPeriods);
        Assert.Equal((22, 24, 90_000), (period.FromHour, period.ToHour, period.ImportMicrocurrencyPerKilowattHour));
    }

    [Fact]
    public void Load_WithoutChargeEfficiency_LeavesZero_ForTheChemistryDefault()
    {
        BoardConfigLoadResult result = Load(Set(ValidDocument(), "battery.chargeEfficiencyPerMille", null));

        Assert.True(result.IsValid, string.Join("\n", result.Errors));
        Assert.Equal(0, result.Config.Battery.ChargeEfficiencyPerMille);
    }

    [Fact]
    public void Load_TariffWithoutPeriods_IsAFlatTariff()
    {
        BoardConfigLoadResult result = Load(Set(ValidDocument(), "site.tariff.periods", "[]"));

        Assert.True(result.IsValid, string.Join("\n", result.Errors));
        Assert.Empty(result.Config.Site.TariffPeriods);
    }

    [Fact]
    public void Load_InvalidConfig_StillHandsOutAValidConsoleSection_SoTheDeviceCanSayWhy()
    {
        JsonObject document = ValidDocument();
        document["ina219"]![0]!["address"] = "0x10";

        BoardConfigLoadResult result = Load(document);

        Assert.False(result.IsValid);
        Assert.Equal("COM2", result.Console.Uart);
        Assert.Equal(17, result.Console.TxPin);
    }

    [Fact]
    public void Load_InvalidConsoleSection_HandsOutNoConsole()
    {
        JsonObject document = ValidDocument();
        document["console"]!["txPin"] = 21; // clashes with i2c.sdaPin

        BoardConfigLoadResult result = Load(document);

        Assert.Contains("console.txPin: GPIO 21 is already used by i2c.sdaPin", result.Errors);
        Assert.Null(result.Console);
    }

    [Fact]
    public void Load_MissingSection_NamesIt()
    {
        JsonObject document = ValidDocument();
        document.Remove("loop");
        document.Remove("i2c");

        string[] errors = Load(document).Errors;

        Assert.Contains("loop: missing (an object)", errors);
        Assert.Contains("i2c: missing (an object)", errors);
    }

    [Fact]
    public void Load_SimulatorWithTarget_IsRefused()
    {
        JsonObject document = JsonNode.Parse(File.ReadAllText(RepoPaths.Combine("board-configs/simulator.json")))!.AsObject();
        document["nanoffTarget"] = "ESP32_PSRAM_REV0";

        Assert.Contains("nanoffTarget: the simulator is not flashed: leave it out", Load(document).Errors);
    }

    [Fact]
    public void Load_ManyErrors_ReportsEachWithAPath()
    {
        JsonObject document = ValidDocument();
        document["ina219"]![0]!["address"] = 1;
        document["adc"]![0]!["channel"] = 15;
        document["console"]!["baudRate"] = 5;
        document["_comment"] = "ignored";

        string[] errors = Load(document).Errors;

        Assert.Equal(3, errors.Length);
        Assert.All(errors, e => Assert.Matches(@"^[a-zA-Z0-9_\[\]\.]+: \S", e));
    }

    [Fact]
    public void Load_MutatedConfigs_NeverThrow_AndEveryErrorNamesAField()
    {
        string sample = File.ReadAllText(RepoPaths.Combine("board-configs/esp32-devkitc.json"));
        Random random = new(61);
        const string alphabet = "{}[]\",:0123456789-x\\ tfnul";
        for (int i = 0; i < 2000; i++)
        {
            char[] chars = sample.ToCharArray();
            for (int k = random.Next(1, 4); k > 0; k--)
            {
                chars[random.Next(chars.Length)] = alphabet[random.Next(alphabet.Length)];
            }

            BoardConfigLoadResult result = BoardConfigLoader.Load(new string(chars));

            Assert.Equal(result.IsValid, result.Config != null);
            Assert.All(result.Errors, e => Assert.Matches(@"^(\(document\)|[A-Za-z0-9_\-\[\]\.""?]+): \S", e));
        }
    }

    [Theory]
    [InlineData(2, 40000, 1221, 16772)]
    [InlineData(100, 3200, 98, 4178)]
    public void Calibration_FollowsTheDatasheetEquations(int shuntMilliohms, int maxCurrentMilliamps, int lsbMicroamps, int calibration)
    {
        Assert.Equal(lsbMicroamps, Ina219Calibration.CurrentLsbMicroamps(maxCurrentMilliamps));
        Assert.Equal(calibration, Ina219Calibration.CalibrationValue(shuntMilliohms, maxCurrentMilliamps));
    }

    [Fact]
    public void PgaRange_IsTheSmallestThatHoldsFullScale()
    {
        Assert.Equal(80, Ina219Calibration.PgaRangeMillivolts(2, 40000));
        Assert.Equal(320, Ina219Calibration.PgaRangeMillivolts(100, 3200));
        Assert.Equal(-1, Ina219Calibration.PgaRangeMillivolts(100, 3201));
    }

    [Fact]
    public void Load_DemandCharge_IsOptional_AndGivesTheFilesValues()
    {
        BoardConfigLoadResult without = Load(ValidDocument());
        Assert.True(without.IsValid, string.Join("\n", without.Errors));
        Assert.Equal(0, without.Config!.Site.DemandChargeMicrocurrencyPerKilowatt);

        JsonObject document = ValidDocument();
        Set(document, "site.demandChargeMicrocurrencyPerKilowatt", "12000000");
        Set(document, "site.peakCapWatts", "2500");
        BoardConfigLoadResult with = Load(document);

        Assert.True(with.IsValid, string.Join("\n", with.Errors));
        Assert.Equal(12_000_000, with.Config!.Site.DemandChargeMicrocurrencyPerKilowatt);
        Assert.Equal(2500, with.Config.Site.PeakCapWatts);
    }
}
