using System.Device.Wifi;
using System.Threading;
using nanoFramework.Networking;

namespace EdgeController.Device
{
    /// <summary>
    /// Joins Wi-Fi (DHCP, automatic reconnection) and starts SNTP. WifiNetworkHelper may be set
    /// up only once per boot (a second setup throws InvalidOperationException:
    /// nanoframework/System.Device.Wifi, NetworkHelper/WifiNetworkHelper.cs), so later attempts
    /// use Reconnect. With requiresDateTime it waits until the RTC reads a year &gt;= 2021, hence
    /// the cancellation token with a timeout.
    /// </summary>
    public sealed class NetworkBringUp
    {
        /// <summary>How long one attempt may take, ms.</summary>
        public const int AttemptTimeoutMilliseconds = 60000;

        private readonly string _ssid;
        private readonly string _password;
        private bool _setUp;

        /// <summary>Keeps the credentials.</summary>
        public NetworkBringUp(string ssid, string password)
        {
            _ssid = ssid;
            _password = password;
        }

        /// <summary>Why the last attempt failed, or null.</summary>
        public string LastError { get; private set; }

        /// <summary>One attempt to join and get the time; true when both worked.</summary>
        public bool TryConnect()
        {
            CancellationTokenSource timeout = new CancellationTokenSource(AttemptTimeoutMilliseconds);
            bool connected;
            if (!_setUp)
            {
                _setUp = true;
                connected = WifiNetworkHelper.ConnectDhcp(_ssid, _password, WifiReconnectionKind.Automatic, true, 0, timeout.Token);
            }
            else
            {
                connected = WifiNetworkHelper.Reconnect(true, 0, timeout.Token);
            }

            if (!connected)
            {
                LastError = "Wi-Fi: " + WifiNetworkHelper.Status.ToString()
                    + (WifiNetworkHelper.HelperException == null ? "" : " " + WifiNetworkHelper.HelperException.Message);
                return false;
            }

            if (!Sntp.IsStarted)
            {
                Sntp.Start();
            }

            LastError = null;
            return true;
        }
    }
}
