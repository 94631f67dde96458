using System.Threading;
using EdgeController.Core.Composition;

namespace EdgeController.Device
{
    /// <summary>
    /// The network thread: brings Wi-Fi (and SNTP) up, then runs the root's communication pass
    /// (link supervision with jittered back-off, commands, dropped-readings report, outbox drain).
    /// It never holds the control lock across a network wait, so a slow broker cannot stretch the
    /// control period.
    /// </summary>
    public sealed class NetworkThread
    {
        private const int IdleMilliseconds = 200;
        private const int WifiRetryMilliseconds = 10000;

        private readonly NetworkBringUp _network;
        private readonly DeviceApplication _app;

        /// <summary>Wires the thread; <see cref="Run"/> starts it.</summary>
        public NetworkThread(NetworkBringUp network, DeviceApplication app)
        {
            _network = network;
            _app = app;
        }

        /// <summary>The thread body: never returns.</summary>
        public void Run()
        {
            while (!_network.TryConnect())
            {
                Thread.Sleep(WifiRetryMilliseconds);
            }

            while (true)
            {
                _app.CommunicationPass();
                Thread.Sleep(IdleMilliseconds);
            }
        }
    }
}
