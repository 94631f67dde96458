using EdgeController.Core.Commands;
using EdgeController.Core.Control;
using EdgeController.Core.Telemetry;
using EdgeController.Hal;

namespace EdgeController.Core.Composition
{
    /// <summary>
    /// The device's side of MQTT, in the three steps of a communication pass: keep the session
    /// up (jittered back-off, one bounded attempt at a time), take the gateway's commands and
    /// report dropped readings (these touch the controller, so the root runs them under the
    /// control lock), and drain the outbox (bounded in messages and time; the outbox has its own
    /// lock, so a slow broker never stretches a control tick).
    /// </summary>
    public sealed class DeviceCommunication
    {
        private readonly IMqttLink _link;
        private readonly IMqttInbox _inbox;
        private readonly Controller _controller;
        private readonly IClock _clock;
        private readonly int _messagesPerPass;
        private readonly int _publishBudgetMilliseconds;
        private readonly int _commandsPerPass;

        /// <summary>Wires the pass; supervisor is null for a link that is never reconnected, inbox null for one that cannot receive.</summary>
        public DeviceCommunication(IMqttLink link, LinkSupervisor supervisor, IMqttInbox inbox, Controller controller,
            TelemetryPublisher publisher, DroppedReadingsReporter droppedReadings, IClock clock, DeviceSizing sizing)
        {
            _link = link;
            Supervisor = supervisor;
            _inbox = inbox;
            _controller = controller;
            Publisher = publisher;
            DroppedReadings = droppedReadings;
            _clock = clock;
            _messagesPerPass = sizing.MessagesPerPass;
            _publishBudgetMilliseconds = sizing.PublishBudgetMillisecondsPerPass;
            _commandsPerPass = sizing.CommandsPerPass;
        }

        /// <summary>Reconnection attempts and link losses, or null when the link is never reconnected.</summary>
        public LinkSupervisor Supervisor { get; private set; }

        /// <summary>The outbox's publisher.</summary>
        public TelemetryPublisher Publisher { get; private set; }

        /// <summary>The dropped-readings event.</summary>
        public DroppedReadingsReporter DroppedReadings { get; private set; }

        /// <summary>The cmd topic's processor, or null until commands are accepted.</summary>
        public CommandProcessor Commands { get; private set; }

        /// <summary>True when the link can receive commands.</summary>
        public bool CanReceive
        {
            get { return _inbox != null; }
        }

        /// <summary>Starts taking commands with processor, subscribed to its topics.</summary>
        public void AcceptCommands(CommandProcessor processor)
        {
            Commands = processor;
            processor.Subscribe(_inbox);
        }

        /// <summary>Step 1: one supervision of the session. True when the link is up after it.</summary>
        public bool SuperviseLink()
        {
            return Supervisor == null ? _link.IsConnected : Supervisor.Poll();
        }

        /// <summary>Step 2, under the control lock: queue a dropped-readings event (link up only) and apply commands.</summary>
        public void TakeCommandsAndReportDrops(bool linkUp)
        {
            if (linkUp)
            {
                DroppedReadings.Poll(_controller.BootCount);
            }

            if (Commands != null)
            {
                Commands.PollInbox(_inbox, _commandsPerPass);
            }
        }

        /// <summary>Step 3: publish from the outbox within the pass's budgets. Returns how many went out.</summary>
        public int DrainOutbox()
        {
            return Publisher.Pump(_messagesPerPass, _clock, _publishBudgetMilliseconds);
        }
    }
}
