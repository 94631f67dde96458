namespace EdgeController.Bench.Scenarios;

/// <summary>A bench forecast that reads the scenario's own future, so it must be told the scenario minute each tick.</summary>
public interface IScenarioMinute
{
    /// <summary>The scenario minute now.</summary>
    int Minute { get; set; }
}
