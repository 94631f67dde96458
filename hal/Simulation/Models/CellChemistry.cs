namespace EdgeController.Hal.Simulation.Models;

/// <summary>The cell chemistries the simulated battery knows (the simulation's own copy: it must not depend on Core).</summary>
public enum CellChemistry
{
    /// <summary>Lithium iron phosphate: flat open-circuit voltage over most of its range, 3.2 V nominal.</summary>
    LiFePO4,

    /// <summary>Lithium nickel manganese cobalt oxide: sloped open-circuit voltage, 3.6 V nominal.</summary>
    Nmc,

    /// <summary>Lead-acid: nearly linear resting voltage, 2.0 V per cell nominal, poor charge efficiency.</summary>
    LeadAcid,
}
