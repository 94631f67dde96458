using Microsoft.Extensions.Logging;

namespace EdgeController.Ledger;

/// <summary>
/// The gateway's side of end-to-end acknowledgement, as a loop: once a second, while the
/// subscriber's session is up, publishes the acks and resends <see cref="LedgerCommandPublisher"/>
/// finds due. `ec-gateway run` and the simulator's built-in gateway both run it, so a simulated
/// device is told what the ledger holds exactly as a real one is.
/// </summary>
public static class LedgerCommandLoop
{
    /// <summary>Wall-clock time between passes of `ec-gateway run`.</summary>
    public static readonly TimeSpan DefaultPassPeriod = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Runs until cancelled. eachPass runs first in every pass (e.g. flushing rate-limited logs).
    /// passPeriod is the wall-clock time between passes (default <see cref="DefaultPassPeriod"/>):
    /// a host whose simulated time runs faster than the wall clock passes more often, or its
    /// devices would wait simulated hours between acks.
    /// </summary>
    public static async Task RunAsync(LedgerCommandPublisher commands, MqttLedgerSubscriber subscriber, Func<long> unixNowMilliseconds,
        ILogger logger, Action? eachPass, CancellationToken cancellationToken, TimeSpan? passPeriod = null)
    {
        TimeSpan period = passPeriod ?? DefaultPassPeriod;
        HashSet<string> warnedWithoutKey = new(StringComparer.Ordinal);
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                await Task.Delay(period, cancellationToken);
                eachPass?.Invoke();
                if (!subscriber.IsConnected)
                {
                    continue;
                }

                foreach (OutgoingCommand command in commands.Due(unixNowMilliseconds()))
                {
                    if (!await subscriber.PublishAsync(command.Topic, command.Message, command.Retain, cancellationToken))
                    {
                        commands.Failed(command);
                        continue;
                    }

                    logger.Log(command.Kind == Core.Commands.CommandKinds.Ack ? LogLevel.Debug : LogLevel.Information, "sent {Summary}", command.Summary);
                }

                foreach (string deviceId in commands.DevicesWithoutCommandKey.Where(warnedWithoutKey.Add))
                {
                    logger.LogWarning("dev={Device} has no command key (kid cmd) in the registry: it gets no ack or resend and keeps its readings until its flash budget ends", deviceId);
                }
            }
        }
        catch (OperationCanceledException)
        {
            // stopping
        }
    }
}
