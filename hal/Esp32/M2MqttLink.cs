using System;
using System.Security.Cryptography.X509Certificates;
using System.Threading;
using nanoFramework.Hardware.Esp32;
using nanoFramework.M2Mqtt;
using nanoFramework.M2Mqtt.Messages;

namespace EdgeController.Hal.Esp32
{
    /// <summary>
    /// The device's MQTT session over nanoFramework.M2Mqtt (MQTT 3.1.1), plain or over TLS, as the
    /// three hal interfaces: <see cref="IMqttConnection"/> (one connect attempt; Core decides when,
    /// with jittered backoff), <see cref="IMqttLink"/> (QoS 1 publish that waits for the PUBACK)
    /// and <see cref="IMqttInbox"/> (subscriptions kept across reconnects, a bounded queue of what
    /// arrives, polled by the loop). Connect sets a retained last will "offline" on the status
    /// topic and then publishes a retained "online" there (docs/design.md, Topics).
    /// </summary>
    /// <remarks>
    /// TLS uses M2Mqtt's TLS constructor, MqttClient(host, port, secure, caCert, clientCert,
    /// sslProtocol) (nanoframework/nanoFramework.m2mqtt, M2Mqtt/MqttClient.cs @0191675), with TLS
    /// 1.2 and the broker's CA from the settings or from a file on I:\ (tools/flash.sh deploys it).
    /// nanoFramework's X509Certificate takes PEM or DER bytes (nanoframework/System.Net,
    /// X509Certificates/X509Certificate.cs @215b2f7); its string constructor appends a NUL that
    /// the native PEM parser needs, so PEM bytes from a file get one too. A password is never sent
    /// over a plain connection unless <see cref="MqttLinkSettings.AllowPlainPassword"/> says so:
    /// such a connect attempt fails before any socket opens, and <see cref="LastError"/> says why.
    /// In M2Mqtt 5.1.x Publish returns the message id as soon as the message is queued; delivery
    /// is reported later by MqttMsgPublished with IsPublished false when the retries ran out. The
    /// event may arrive on the client's thread before Publish has returned, so the handler records
    /// the id it saw and the waiter compares after every wake-up. A received PUBLISH is read whole:
    /// MqttMsgPublish.Parse allocates its remaining length and then the payload (nanoframework/
    /// nanoFramework.m2mqtt, M2Mqtt/Messages/MqttMsgPublish.cs), with no size limit of its own, so
    /// a 3.2 KB tariff v2 costs about 6.5 KB of transient heap on arrival and its payload while queued. Connect throws on a socket or
    /// TLS failure instead of returning a reason code; <see cref="TryConnect"/> turns that into false.
    /// </remarks>
    public sealed class M2MqttLink : IMqttConnection, IMqttLink, IMqttInbox, IDisposable
    {
        /// <summary>Topics the device subscribes to (its command topic, and room for a few more).</summary>
        public const int MaxSubscriptions = 4;

        /// <summary>Messages kept until the loop polls; a burst beyond this drops the newest.</summary>
        public const int InboxCapacity = 4;

        /// <summary>
        /// The longest message the inbox keeps, bytes: the largest signed envelope Core reads (a
        /// tariff v2 of 3,072 payload bytes plus its envelope fits). Longer ones are dropped on
        /// arrival and counted, so four queued messages hold at most 16 KiB of the heap.
        /// </summary>
        public const int MaxInboxMessageBytes = 4096;

        /// <summary>The largest CA file read from I:\ (a CA certificate in PEM is 1-2 KB).</summary>
        public const int MaxCaCertificateBytes = 8192;

        private static readonly byte[] s_online = new byte[] { (byte)'o', (byte)'n', (byte)'l', (byte)'i', (byte)'n', (byte)'e' };

        private readonly object _publishLock = new object();
        private readonly object _inboxLock = new object();
        private readonly AutoResetEvent _publishedSignal = new AutoResetEvent(false);
        private readonly MqttLinkSettings _settings;
        private readonly string[] _subscriptions = new string[MaxSubscriptions];
        private readonly string[] _inboxTopics = new string[InboxCapacity];
        private readonly byte[][] _inboxMessages = new byte[InboxCapacity][];
        private int _subscriptionCount;
        private int _inboxFirst;
        private int _inboxCount;
        private MqttClient _client;
        private int _completedMessageId;
        private bool _completedOk;
        private byte[] _exact = new byte[0];

        /// <summary>Keeps the settings (the lead's composition root maps the device settings to them); nothing connects yet.</summary>
        public M2MqttLink(MqttLinkSettings settings)
        {
            _settings = settings;
        }

        /// <inheritdoc />
        public bool IsConnected
        {
            get { return _client != null && _client.IsConnected; }
        }

        /// <summary>"tls" or "plain": the transport the settings select, for the console's status.</summary>
        public string Transport
        {
            get { return _settings.UseTls ? "tls" : "plain"; }
        }

        /// <summary>Why the last connect failed, for the console; null after a success.</summary>
        public string LastError { get; private set; }

        /// <summary>Messages that arrived while the inbox was full, or longer than <see cref="MaxInboxMessageBytes"/>, and were dropped.</summary>
        public int DroppedMessages { get; private set; }

        /// <inheritdoc />
        public bool TryConnect()
        {
            if (IsConnected)
            {
                return true;
            }

            if (MqttPasswordPolicy.Refuses(_settings))
            {
                LastError = MqttPasswordPolicy.RefusalMessage;
                return false;
            }

            try
            {
                DropClient();
                X509Certificate ca = null;
                if (_settings.UseTls)
                {
                    ca = LoadCaCertificate();
                    if (ca == null)
                    {
                        LastError = "TLS is on but the CA certificate I:\\" + _settings.TlsCaCertificateFile + " could not be read";
                        return false;
                    }
                }

                _client = new MqttClient(_settings.Host, _settings.Port, _settings.UseTls, ca, null,
                    _settings.UseTls ? MqttSslProtocols.TLSv1_2 : MqttSslProtocols.None);
                _client.ProtocolVersion = MqttProtocolVersion.Version_3_1_1;
                _client.MqttMsgPublished += OnPublished;
                _client.MqttMsgPublishReceived += OnReceived;
                // Empty credentials are sent as absent: an empty user name would still set the flag.
                MqttReasonCode code = _client.Connect(
                    _settings.ClientId, EmptyAsNull(_settings.Username), EmptyAsNull(_settings.Password), true, MqttQoSLevel.AtLeastOnce, true,
                    _settings.StatusTopic, "offline", false, (ushort)_settings.KeepAliveSeconds);
                if (code != MqttReasonCode.Success)
                {
                    LastError = "broker refused the connection";
                    DropClient();
                    return false;
                }

                LastError = null;
                // A subscribe that fails throws out of here and ends the session: a session left
                // up without its cmd subscription would be deaf to the gateway's acks for good.
                SubscribeAll();
                return Publish(_settings.StatusTopic, s_online, s_online.Length, true);
            }
            catch (Exception e)
            {
                LastError = e.Message;
                DropClient();
                return false;
            }
        }

        /// <inheritdoc />
        public void Subscribe(string topic)
        {
            lock (_inboxLock)
            {
                for (int i = 0; i < _subscriptionCount; i++)
                {
                    if (_subscriptions[i] == topic)
                    {
                        return;
                    }
                }

                if (_subscriptionCount == MaxSubscriptions)
                {
                    throw new InvalidOperationException("at most " + MaxSubscriptions.ToString() + " subscriptions");
                }

                _subscriptions[_subscriptionCount++] = topic;
            }

            if (IsConnected)
            {
                try
                {
                    SubscribeOne(topic);
                }
                catch (Exception e)
                {
                    // Kept in the list: the supervisor reconnects and the new session subscribes.
                    LastError = e.Message;
                    DropClient();
                }
            }
        }

        /// <inheritdoc />
        public int TryReceive(byte[] buffer, out string topic)
        {
            lock (_inboxLock)
            {
                topic = null;
                if (_inboxCount == 0)
                {
                    return -1;
                }

                byte[] message = _inboxMessages[_inboxFirst];
                topic = _inboxTopics[_inboxFirst];
                _inboxMessages[_inboxFirst] = null;
                _inboxTopics[_inboxFirst] = null;
                _inboxFirst = (_inboxFirst + 1) % InboxCapacity;
                _inboxCount--;
                if (message.Length > buffer.Length)
                {
                    return 0;
                }

                Array.Copy(message, buffer, message.Length);
                return message.Length;
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
                long deadline = UptimeMilliseconds() + _settings.OperationTimeoutMilliseconds;
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

        /// <summary>The CA from the settings' PEM text, their bytes, or the file on I:\; null when none can be had.</summary>
        private X509Certificate LoadCaCertificate()
        {
            if (_settings.TlsCaCertificatePem != null && _settings.TlsCaCertificatePem.Length > 0)
            {
                return new X509Certificate(_settings.TlsCaCertificatePem);
            }

            byte[] bytes = _settings.TlsCaCertificate;
            int length = bytes == null ? 0 : bytes.Length;
            if (length == 0)
            {
                if (_settings.TlsCaCertificateFile == null || _settings.TlsCaCertificateFile.Length == 0)
                {
                    return null;
                }

                bytes = new byte[MaxCaCertificateBytes];
                if (!new FlashFileStore().TryRead(_settings.TlsCaCertificateFile, bytes, out length) || length == 0)
                {
                    return null;
                }
            }

            // PEM ("-----BEGIN") goes to the native parser NUL-terminated, as the string constructor does.
            bool pem = length > 0 && bytes[0] == (byte)'-';
            byte[] exact = new byte[pem ? length + 1 : length];
            Array.Copy(bytes, exact, length);
            return new X509Certificate(exact);
        }

        private void SubscribeAll()
        {
            string[] topics;
            lock (_inboxLock)
            {
                topics = new string[_subscriptionCount];
                Array.Copy(_subscriptions, topics, _subscriptionCount);
            }

            for (int i = 0; i < topics.Length; i++)
            {
                SubscribeOne(topics[i]);
            }
        }

        private void SubscribeOne(string topic)
        {
            _client.Subscribe(new string[] { topic }, new MqttQoSLevel[] { MqttQoSLevel.AtLeastOnce });
        }

        private void OnReceived(object sender, MqttMsgPublishEventArgs e)
        {
            lock (_inboxLock)
            {
                if (_inboxCount == InboxCapacity || (e.Message != null && e.Message.Length > MaxInboxMessageBytes))
                {
                    DroppedMessages++;
                    return;
                }

                int slot = (_inboxFirst + _inboxCount) % InboxCapacity;
                _inboxTopics[slot] = e.Topic;
                _inboxMessages[slot] = e.Message == null ? new byte[0] : e.Message;
                _inboxCount++;
            }
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
            _client.MqttMsgPublishReceived -= OnReceived;
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
