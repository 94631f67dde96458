using EdgeController.Core.Metering;
using EdgeController.Hal;
using EdgeController.Hal.Simulation.Sensors;

namespace EdgeController.Core.Tests.Metering;

/// <summary>
/// A 10k/3950 NTC behind a 10k series resistor on a 12-bit ADC (board-configs' "temp" input),
/// against the beta model computed in double here.
/// </summary>
public sealed class NtcTemperatureInputTests
{
    private const double ReferenceVolts = 3.3;
    private const int SeriesOhms = 10_000;
    private const int NominalOhms = 10_000;
    private const int NominalDeciCelsius = 250;
    private const int BetaKelvin = 3950;
    private const double ZeroCelsiusKelvin = 273.15;

    private readonly SimulatedAdcChannel _channel = new(ReferenceVolts);
    private readonly NtcTemperatureInput _input;

    public NtcTemperatureInputTests()
    {
        _input = new NtcTemperatureInput(_channel, SeriesOhms, NominalOhms, NominalDeciCelsius, BetaKelvin);
    }

    /// <summary>R(T) = R0·exp(B·(1/T − 1/T0)), the beta model.</summary>
    private static double NtcOhmsAt(double celsius) =>
        NominalOhms * Math.Exp(BetaKelvin * ((1 / (celsius + ZeroCelsiusKelvin)) - (1 / ((NominalDeciCelsius / 10.0) + ZeroCelsiusKelvin))));

    /// <summary>The series resistor from the reference to the pin, the NTC to ground.</summary>
    private void SetTemperature(double celsius)
    {
        double ntcOhms = NtcOhmsAt(celsius);
        _channel.PinVolts = ReferenceVolts * ntcOhms / (SeriesOhms + ntcOhms);
    }

    [Fact]
    public void Sample_AtTheNominalTemperature_Reads25Celsius()
    {
        SetTemperature(25.0);

        _input.Sample();

        Assert.Equal(SensorStatus.Ok, _input.LastStatus);
        Assert.InRange(_input.DeciCelsius, 249, 251);
    }

    [Fact]
    public void Sample_AcrossThePackRange_IsWithinATenthOfADegreeOfTheBetaModel()
    {
        // 12-bit quantisation costs at most 0.03 °C here (0.05 K a count at -20 °C, half a count
        // off at most) and the result is rounded to 0.1 °C: 0.08 °C is the worst measured over
        // this sweep, so 0.1 °C holds with little room, and an error in the ln would show.
        for (int centiCelsius = -2000; centiCelsius <= 6000; centiCelsius += 7)
        {
            double celsius = centiCelsius / 100.0;
            SetTemperature(celsius);

            _input.Sample();

            Assert.Equal(SensorStatus.Ok, _input.LastStatus);
            Assert.True(Math.Abs((_input.DeciCelsius / 10.0) - celsius) <= 0.1, $"{celsius:F2} °C read as {_input.DeciCelsius / 10.0:F1} °C");
        }
    }

    [Fact]
    public void Sample_Warmer_ReadsHigher()
    {
        // The NTC's resistance falls as it warms: a sign error in the model would invert this.
        SetTemperature(10.0);
        _input.Sample();
        int cool = _input.DeciCelsius;

        SetTemperature(40.0);
        _input.Sample();

        Assert.True(_input.DeciCelsius > cool + 250, $"10 °C read {cool}, 40 °C read {_input.DeciCelsius}");
    }

    [Theory]
    [InlineData(0.0)] // NTC shorted: the pin sits at ground
    [InlineData(ReferenceVolts)] // NTC open: the series resistor pulls the pin to the reference
    public void Sample_PinAtARail_IsOverflow_AndKeepsThePreviousValue(double pinVolts)
    {
        SetTemperature(30.0);
        _input.Sample();
        int before = _input.DeciCelsius;

        _channel.PinVolts = pinVolts;
        _input.Sample();

        Assert.Equal(SensorStatus.Overflow, _input.LastStatus);
        Assert.Equal(before, _input.DeciCelsius);
    }

    [Fact]
    public void Sample_JustInsideTheRailMargin_StillReads()
    {
        // -40 °C (about 402k against 10k) reads 3996 counts, inside the 40-count margin below 4095;
        // a count is 0.14 °C there, so half a count and the rounding allow ±0.2 °C.
        SetTemperature(-40.0);

        _input.Sample();

        Assert.Equal(SensorStatus.Ok, _input.LastStatus);
        Assert.InRange(_input.DeciCelsius, -402, -398);
    }

    [Fact]
    public void Sample_ReadTimesOut_ReportsTimeout_AndKeepsThePreviousValue()
    {
        SetTemperature(30.0);
        _input.Sample();
        int before = _input.DeciCelsius;

        SetTemperature(50.0);
        _channel.Fault = SimulatedBusFault.Timeout;
        _input.Sample();

        Assert.Equal(SensorStatus.Timeout, _input.LastStatus);
        Assert.Equal(before, _input.DeciCelsius);
    }

    [Fact]
    public void NewInput_IsNotReady_UntilItsFirstSample()
    {
        Assert.Equal(SensorStatus.NotReady, _input.LastStatus);
    }

    [Theory]
    [InlineData(0, NominalOhms, BetaKelvin)]
    [InlineData(-1, NominalOhms, BetaKelvin)]
    [InlineData(SeriesOhms, 0, BetaKelvin)]
    [InlineData(SeriesOhms, -10_000, BetaKelvin)]
    [InlineData(SeriesOhms, NominalOhms, 0)]
    public void Constructor_NonPositiveResistanceOrBeta_Throws(int seriesOhms, int nominalOhms, int betaKelvin)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new NtcTemperatureInput(_channel, seriesOhms, nominalOhms, NominalDeciCelsius, betaKelvin));
    }
}
