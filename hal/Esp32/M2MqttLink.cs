using System;
using System.Threading;
using nanoFramework.Hardware.Esp32;
using nanoFramework.M2Mqtt;
using nanoFramework.M2Mqtt.Messages;

namespace EdgeController.Hal.Esp32
{
    /// <summary>
    /// <see cref="IMqttLink"/> over nanoFramework.M2Mqtt (MQTT 3.1.1). Connect sets a retained
    /// last will "offline" on the status topic and then publishes a retained "online" there
    /// (docs/design.md, Topics). <see cref="Publish"/> sends at QoS 1 and blocks until the
    /// client reports the PUBACK through MqttMsgPublished, or until the timeout.
    /// </summary>
    /// <remarks>
    /// In M2Mqtt 5.1.x Publish returns the message id as soon as the message is queued; delivery
    /// is reported later by MqttMsgPublished with IsPublished false when the retries ran out
    /// (nanoframework/nanoFramework.m2mqtt, M2Mqtt/MqttClient.cs @0191675). The event may arrive
    /// on the client's thread before Publish has returned, so the handler records the id it saw
    /// and the waiter compares after every wake-up. Connect throws on a socket failure instead of
    /// returning a reason code; <see cref="TryConnect"/> turns that into false.
    /// </remarks>
    public sealed class M2MqttLink : IMqttLink, IDisposable
    {
        /// <summary>Keep-alive interval, seconds.</summary>
        public const ushort KeepAliveSeconds = 60;

        private static readonly byte[] s_online = new byte[] { (byte)'o', (byte)'n', (byte)'l', (byte)'i', (byte)'n', (byte)'e' };

        private readonly object _publishLock = new object();
        private readonly AutoResetEvent _publishedSignal = new AutoResetEvent(false);
        private readonly string _host;
        private readonly int _port;
        private readonly string _clientId;
        private readonly string _username;
        private readonly string _password;
        private readonly string _statusTopic;
        private readonly int _publishTimeoutMilliseconds;
        private MqttClient _client;
        private int _completedMessageId;
        private bool _completedOk;
        private byte[] _exact = new byte[0];

        /// <summary>Keeps the broker's address and the device's credentials; nothing connects yet.</summary>
        public M2MqttLink(string host, int port, string clientId, string username, string password, string statusTopic,
            int publishTimeoutMilliseconds)
        {
            _host = host;
            _port = port;
            _clientId = clientId;
            _username = username;
            _password = password;
            _statusTopic = statusTopic;
            _publishTimeoutMilliseconds = publishTimeoutMilliseconds;
        }

        /// <inheritdoc />
        public bool IsConnected
        {
            get { return _client != null && _client.IsConnected; }
        }

        /// <summary>Why the last connect failed, for the console; null after a success.</summary>
        public string LastError { get; private set; }

        /// <summary>Connects (with the last will) unless already connected; true when a session is up.</summary>
        public bool TryConnect()
        {
            if (IsConnected)
            {
                return true;
            }

            try
            {
                DropClient();
                _client = new MqttClient(_host, _port, false, null, null, MqttSslProtocols.None);
                _client.ProtocolVersion = MqttProtocolVersion.Version_3_1_1;
                _client.MqttMsgPublished += OnPublished;
                // Empty credentials are sent as absent: an empty user name would still set the flag.
                MqttReasonCode code = _client.Connect(
                    _clientId, EmptyAsNull(_username), EmptyAsNull(_password), true, MqttQoSLevel.AtLeastOnce, true, _statusTopic, "offline", false,
                    KeepAliveSeconds);
                if (code != MqttReasonCode.Success)
                {
                    LastError = "broker refused the connection";
                    DropClient();
                    return false;
                }

                LastError = null;
                return Publish(_statusTopic, s_online, s_online.Length, true);
            }
            catch (Exception e)
            {
                LastError = e.Message;
                DropClient();
                return false;
            }
        }

        /// <inheritdoc />
        public bool Publish(string topic, byte[] payload, int length, bool retain)
        {
            lock (_publishLock)
            {
                if (!IsConnected)
                {
                    return false;
                }

                byte[] message = payload;
                if (length != payload.Length)
                {
                    // M2Mqtt sends the whole array: copy the message into one of its exact length.
                    if (_exact.Length != length)
                    {
                        _exact = new byte[length];
                    }

                    Array.Copy(payload, _exact, length);
                    message = _exact;
                }

                _completedMessageId = 0;
                _publishedSignal.Reset();
                ushort messageId;
                try
                {
                    messageId = _client.Publish(topic, message, null, null, MqttQoSLevel.AtLeastOnce, retain);
                }
                catch (Exception e)
                {
                    LastError = e.Message;
                    return false;
                }

                // Timed on the boot-relative microsecond counter: SNTP may step DateTime while we wait.
                long deadline = UptimeMilliseconds() + _publishTimeoutMilliseconds;
                while (_completedMessageId != messageId)
                {
                    long remaining = deadline - UptimeMilliseconds();
                    if (remaining <= 0 || !IsConnected)
                    {
                        return false;
                    }

                    _publishedSignal.WaitOne((int)remaining, false);
                }

                return _completedOk;
            }
        }

        /// <inheritdoc />
        public void Dispose()
        {
            DropClient();
        }

        private static string EmptyAsNull(string text)
        {
            return text == null || text.Length == 0 ? null : text;
        }

        private static long UptimeMilliseconds()
        {
            return (long)(HighResTimer.GetCurrent() / 1000);
        }

        private void OnPublished(object sender, MqttMsgPublishedEventArgs e)
        {
            _completedOk = e.IsPublished;
            _completedMessageId = e.MessageId;
            _publishedSignal.Set();
        }

        private void DropClient()
        {
            if (_client == null)
            {
                return;
            }

            _client.MqttMsgPublished -= OnPublished;
            try
            {
                if (_client.IsConnected)
                {
                    _client.Disconnect();
                }
            }
            catch (Exception)
            {
                // Already gone; nothing to tell the broker.
            }

            _client.Dispose();
            _client = null;
        }
    }
}
