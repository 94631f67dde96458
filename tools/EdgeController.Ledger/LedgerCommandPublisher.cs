using EdgeController.Core.Commands;

namespace EdgeController.Ledger;

/// <summary>
/// Decides, per device, when the gateway tells it what the ledger holds and what it misses
/// (docs/design.md, the gateway ledger): a retained, signed <c>cmd/ack</c> when the high-water mark
/// moved, at most once per <see cref="AckInterval"/>; a signed <c>cmd/resend</c> naming the open
/// gaps (the first <see cref="LedgerCommands.MaxRanges"/> ranges) while any stay open, first at
/// once, then again after a backoff that doubles up to <see cref="MaxResendBackoff"/> while the
/// device fills nothing, and that starts over when it makes progress or a new gap opens. Devices
/// without a command key (kid "cmd") in the registry get no commands. Not thread-safe: one loop calls it.
/// </summary>
public sealed class LedgerCommandPublisher(LedgerDatabase ledger, KeyRegistry registry, Func<string, string?> siteOfDevice)
{
    private readonly Dictionary<string, DeviceState> _states = new(StringComparer.Ordinal);

    /// <summary>The shortest time between two acks to one device.</summary>
    public TimeSpan AckInterval { get; init; } = TimeSpan.FromSeconds(3);

    /// <summary>The wait after a first resend request before it is repeated.</summary>
    public TimeSpan FirstResendBackoff { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>The longest wait between repeated resend requests for a gap that stays open.</summary>
    public TimeSpan MaxResendBackoff { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Devices in the ledger that have no command key, so get no ack or resend (to say once in the log).</summary>
    public IReadOnlyCollection<string> DevicesWithoutCommandKey => _withoutKey;

    private readonly HashSet<string> _withoutKey = new(StringComparer.Ordinal);

    /// <summary>The commands due now, sealed, with their cmdseq already counted.</summary>
    public IReadOnlyList<OutgoingCommand> Due(long nowUnixMilliseconds)
    {
        List<OutgoingCommand> due = [];
        foreach (string deviceId in ledger.DeviceIds())
        {
            if (deviceId.StartsWith('_'))
            {
                continue; // the gateway's own records (_market): no device to tell, nothing to resend
            }

            byte[]? key = registry.CommandKeyOf(deviceId);
            string? site = siteOfDevice(deviceId);
            if (key is null)
            {
                _withoutKey.Add(deviceId);
                continue;
            }

            if (site is null)
            {
                continue; // no message of it seen since start: its topic's site is not known yet
            }

            if (!_states.TryGetValue(deviceId, out DeviceState? state))
            {
                state = new DeviceState { Backoff = (long)FirstResendBackoff.TotalMilliseconds };
                _states[deviceId] = state;
            }

            long mark = ledger.HighWaterMark(deviceId);
            List<(long First, long Last)> open = ledger.OpenGaps(deviceId).Select(gap => (gap.First, gap.Last)).ToList();
            if (mark != state.PublishedMark && nowUnixMilliseconds - state.LastAckAt >= (long)AckInterval.TotalMilliseconds)
            {
                long cmdseq = ledger.NextCommandSequence(deviceId, CommandKinds.Ack, nowUnixMilliseconds);
                string payload = LedgerCommands.AckPayload(deviceId, cmdseq, mark, open);
                due.Add(new OutgoingCommand(deviceId, CommandKinds.Ack, LedgerCommands.Topic(site, deviceId, CommandKinds.Ack),
                    LedgerCommands.Seal(payload, key), Retain: true, $"ack dev={deviceId} hw={mark} open_gaps={open.Count}"));
                state.PublishedMark = mark;
                state.LastAckAt = nowUnixMilliseconds;
            }

            OutgoingCommand? resend = ResendIfDue(deviceId, site, key, state, open, nowUnixMilliseconds);
            if (resend is not null)
            {
                due.Add(resend);
            }
        }

        return due;
    }

    /// <summary>A publish of command failed (broker away): it is due again at the next call.</summary>
    public void Failed(OutgoingCommand command)
    {
        if (_states.TryGetValue(command.DeviceId, out DeviceState? state))
        {
            if (command.Kind == CommandKinds.Ack)
            {
                state.PublishedMark = -1;
                state.LastAckAt = long.MinValue / 2;
            }
            else
            {
                state.NextResendAt = 0;
            }
        }
    }

    private OutgoingCommand? ResendIfDue(string deviceId, string site, byte[] key, DeviceState state, List<(long First, long Last)> open, long now)
    {
        long missing = open.Sum(gap => gap.Last - gap.First + 1);
        long first = (long)FirstResendBackoff.TotalMilliseconds;
        if (missing == 0)
        {
            state.Backoff = first;
            state.NextResendAt = 0;
            state.MissingAtRequest = 0;
            return null;
        }

        if (state.MissingAtRequest > 0 && missing < state.MissingAtRequest)
        {
            // The device is answering: let it drain, and start the backoff over.
            state.MissingAtRequest = missing;
            state.Backoff = first;
            state.NextResendAt = now + first;
        }
        else if (missing > state.MissingAtRequest)
        {
            state.NextResendAt = Math.Min(state.NextResendAt, now); // a new gap: ask at once
        }

        if (now < state.NextResendAt)
        {
            return null;
        }

        long cmdseq = ledger.NextCommandSequence(deviceId, CommandKinds.Resend, now);
        List<(long First, long Last)> ranges = open.Take(LedgerCommands.MaxRanges).ToList();
        string payload = LedgerCommands.ResendPayload(deviceId, cmdseq, ranges);
        state.MissingAtRequest = missing;
        state.NextResendAt = now + state.Backoff;
        state.Requests++;
        string summary = $"resend dev={deviceId} ranges={string.Join(",", ranges.Select(r => r.First == r.Last ? $"{r.First}" : $"{r.First}-{r.Last}"))} missing={missing} request={state.Requests} next_in_s={state.Backoff / 1000}";
        state.Backoff = Math.Min(state.Backoff * 2, (long)MaxResendBackoff.TotalMilliseconds);
        return new OutgoingCommand(deviceId, CommandKinds.Resend, LedgerCommands.Topic(site, deviceId, CommandKinds.Resend),
            LedgerCommands.Seal(payload, key), Retain: false, summary);
    }

    private sealed class DeviceState
    {
        public long PublishedMark = -1;
        public long LastAckAt = long.MinValue / 2;
        public long Backoff;
        public long NextResendAt;
        public long MissingAtRequest;
        public long Requests;
    }
}
