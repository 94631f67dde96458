using System.Threading;
using EdgeController.Core.Telemetry;
using EdgeController.Hal.Esp32;

namespace EdgeController.Device
{
    /// <summary>
    /// The MQTT thread: brings the network up, keeps the broker session up with a growing back-off,
    /// and drains the outbox through the publisher. It never touches the controller, so a slow
    /// broker cannot stretch the control loop's period; the outbox carries its own lock.
    /// </summary>
    public sealed class MqttPump
    {
        private const int IdleMilliseconds = 200;
        private const int FirstBackoffMilliseconds = 2000;
        private const int MaxBackoffMilliseconds = 60000;
        private const int MessagesPerPass = 8;

        private readonly NetworkBringUp _network;
        private readonly M2MqttLink _link;
        private readonly TelemetryPublisher _publisher;

        /// <summary>Wires the thread; <see cref="Run"/> starts it.</summary>
        public MqttPump(NetworkBringUp network, M2MqttLink link, TelemetryPublisher publisher)
        {
            _network = network;
            _link = link;
            _publisher = publisher;
        }

        /// <summary>True once Wi-Fi and time came up.</summary>
        public bool NetworkUp { get; private set; }

        /// <summary>The thread body: never returns.</summary>
        public void Run()
        {
            int backoff = FirstBackoffMilliseconds;
            while (true)
            {
                if (!NetworkUp)
                {
                    NetworkUp = _network.TryConnect();
                }

                if (NetworkUp && (_link.IsConnected || _link.TryConnect()))
                {
                    backoff = FirstBackoffMilliseconds;
                    _publisher.Pump(MessagesPerPass);
                    Thread.Sleep(IdleMilliseconds);
                    continue;
                }

                Thread.Sleep(backoff);
                backoff = backoff >= MaxBackoffMilliseconds / 2 ? MaxBackoffMilliseconds : backoff * 2;
            }
        }
    }
}
