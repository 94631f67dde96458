using EdgeController.Core.Charging;
using EdgeController.Core.Control;
using EdgeController.Core.Protection;
using EdgeController.Hal;

namespace EdgeController.Core.Console
{
    /// <summary>
    /// The energy control's lines of `status` and `read`: what a technician checks first on site
    /// (state of charge and health, pack temperature, charge stage, whether the contactor is
    /// closed, what the battery is told to do, and any protection fault by name).
    /// </summary>
    public static class EnergyStatus
    {
        /// <summary>
        /// Writes the lines; "energy=off" when the board runs no energy control. Setpoints end in
        /// _set_mw so they never share a key with the meters (pv_mw, grid_mw in `read`); the grid
        /// setpoint, which the dispatch leaves at 0 (the grid is the slack), only in `read`
        /// (withGridSetpoint).
        /// </summary>
        public static void Write(SiteControl energy, ConsoleReply reply, bool withGridSetpoint)
        {
            if (energy == null)
            {
                reply.Line("energy", "off");
                return;
            }

            EnergyControlLoop loop = energy.Loop;
            reply.Line("energy", "on");
            reply.Line("soc_permille", loop.Soc.SocPerMille);
            reply.Line("soh_permille", loop.Soc.SohPerMille);
            reply.Line("tbat_decicelsius", energy.Temperature.DeciCelsius);
            reply.Line("tbat_status", energy.Temperature.LastStatus == SensorStatus.Ok ? "ok" : "failed");
            reply.Line("charge_stage", StageName(loop.Charge.Stage));
            reply.Line("contactor", loop.Protection.ContactorClosed ? "closed" : "open");
            reply.Line("bat_set_mw", energy.ReadingFields.ChargeSetpointMilliwatts);
            reply.Line("pv_set_mw", loop.Setpoints.PvMilliwatts);
            if (withGridSetpoint)
            {
                reply.Line("grid_set_mw", loop.Setpoints.GridMilliwatts);
            }

            reply.Line("protection", ProtectionEventReporter.Names(loop.Protection.Faults));
        }

        private static string StageName(ChargeStage stage)
        {
            switch (stage)
            {
                case ChargeStage.Bulk: return "bulk";
                case ChargeStage.Absorption: return "absorption";
                default: return "float";
            }
        }
    }
}
