namespace EdgeController.Simulator.Tariffs;

/// <summary>A day's cloud state: how much the sun takes off the midday day-ahead price (<see cref="DayAheadPrices"/>).</summary>
public enum DaySky
{
    /// <summary>Sun all day.</summary>
    Clear,

    /// <summary>Passing clouds: sun and shade by turns (the simulator's site model, every day).</summary>
    Broken,

    /// <summary>Cloud all day.</summary>
    Overcast,
}
