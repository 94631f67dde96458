using EdgeController.Core.Charging;
using EdgeController.Core.FixedPoint;

namespace EdgeController.Control.Tests.Charging;

public sealed class PiControllerTests
{
    [Fact]
    public void Update_ProportionalOnly_IsGainTimesError()
    {
        var loop = new PiController(Q16.FromInteger(20), 0);

        Assert.Equal(2000, loop.Update(100, 1000, 100_000, false));
    }

    [Fact]
    public void Update_OutputAboveMaximum_ClampsAndDoesNotWindUp()
    {
        var loop = new PiController(Q16.FromInteger(20), Q16.FromInteger(5));

        for (int i = 0; i < 1000; i++)
        {
            Assert.Equal(1000, loop.Update(500, 1000, 1000, false));
        }

        Assert.InRange(loop.Integrator, 0, 1000);
        // The error reverses: the output leaves the clamp at once instead of unwinding for minutes.
        Assert.Equal(0, loop.Update(-100, 1000, 1000, false));
    }

    [Fact]
    public void Update_PlantLimitedElsewhere_DoesNotIntegrateUpward()
    {
        var loop = new PiController(Q16.FromInteger(1), Q16.FromInteger(5));

        for (int i = 0; i < 100; i++)
        {
            loop.Update(200, 1000, 100_000, true);
        }

        Assert.Equal(0, loop.Integrator);
    }

    [Fact]
    public void Update_ErrorBelowOneUnitPerTick_StillIntegratesThroughTheFraction()
    {
        // Ki = 0.1 per second at 100 ms ticks: 0.01 per tick per unit of error.
        var loop = new PiController(0, Q16.FromRatio(1, 10));

        for (int i = 0; i < 1000; i++)
        {
            loop.Update(1, 100, 100_000, false);
        }

        Assert.Equal(10, loop.Integrator);
    }
}
