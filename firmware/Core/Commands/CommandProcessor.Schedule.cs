namespace EdgeController.Core.Commands
{
    /// <summary>The tariff v2 (a schedule of slots) side of the command processor: persisted in its own record.</summary>
    public sealed partial class CommandProcessor
    {
        /// <summary>Persists a verified v2 schedule first (its cmdseq then bars a replay after any reboot), then applies it.</summary>
        private void ApplySchedule()
        {
            _lastAppliedByKind[0] = _command.CommandSequence;
            _scheduleRecord.Save(_command);
            _command.ApplyTo(_schedule);
        }

        /// <summary>At boot: the saved v2 schedule wins when it is newer than the table the "cmd" record restored.</summary>
        private void RestoreSchedule()
        {
            if (!_scheduleRecord.TryLoad(_command) || _command.CommandSequence <= _lastAppliedByKind[0])
            {
                return;
            }

            _lastAppliedByKind[0] = _command.CommandSequence;
            _command.ApplyTo(_schedule);
        }
    }
}
