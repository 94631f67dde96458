using EdgeController.Core.Control;
using EdgeController.Core.Settings;
using EdgeController.Core.Signing;

namespace EdgeController.Core.Console
{
    /// <summary>
    /// key show, key set and key rotate. A key is shown only as its id and fingerprint
    /// (<see cref="KeyFingerprint"/>); every change is saved first, then announced in a signed event.
    /// </summary>
    public sealed class KeyCommands
    {
        private readonly ConsoleDevice _device;

        /// <summary>Creates the commands over the device.</summary>
        public KeyCommands(ConsoleDevice device)
        {
            _device = device;
        }

        /// <summary>key show | key set &lt;kid&gt; &lt;64 hex&gt; | key rotate (the interpreter checked the privilege).</summary>
        public void Run(string[] words, int count, ConsoleReply reply)
        {
            string sub = count > 1 ? words[1].ToLower() : "";
            if (sub == "show" && count == 2)
            {
                ShowKey(reply);
            }
            else if (sub == "set" && count == 4)
            {
                byte[] key = HexEncoding.DecodeString(words[3]);
                if (!Identifiers.IsValid(words[2]) || key == null || key.Length != DeviceSettings.KeyBytes)
                {
                    reply.Error("bad_args", "usage: " + CommandHelp.Usage("key") + " (kid 1..32 of [A-Za-z0-9_-], key 64 hex)");
                    return;
                }

                InstallKey(words[2], key, "set", reply);
            }
            else if (sub == "rotate" && count == 2)
            {
                if (!_device.Signer.HasKey)
                {
                    reply.Error("no_key", "no key to rotate from: key set <kid> <64 hex> first");
                    return;
                }

                string nextKeyId = KeyFingerprint.NextKeyId(_device.Signer.KeyId);
                InstallKey(nextKeyId, KeyFingerprint.DeriveRotatedKey(_device.Signer, nextKeyId), "rotate", reply);
            }
            else
            {
                reply.Error("bad_args", "usage: " + CommandHelp.Usage("key"));
            }
        }

        private void ShowKey(ConsoleReply reply)
        {
            if (!_device.Signer.HasKey)
            {
                reply.Line("kid", "none");
                return;
            }

            reply.Line("kid", _device.Signer.KeyId);
            reply.Line("fp", KeyFingerprint.Of(_device.Signer));
        }

        /// <summary>
        /// Saves the new key first (a power cut after this leaves the device on the new key), then
        /// announces it, with its fingerprint, in an event signed with the old key, which the
        /// gateway already trusts; then switches the signer. A device without a key signs the
        /// announcement with the new one.
        /// </summary>
        private void InstallKey(string keyId, byte[] key, string how, ConsoleReply reply)
        {
            bool hadKey = _device.Signer.HasKey;
            string oldKeyId = hadKey ? _device.Signer.KeyId : "none";
            byte[] oldKey = _device.Active.Key;
            _device.Active.KeyId = keyId;
            _device.Active.Key = key;
            _device.SaveActive();
            _device.Signer.SetKey(keyId, key);
            string fingerprint = KeyFingerprint.Of(_device.Signer);
            if (hadKey && oldKey != null)
            {
                _device.Signer.SetKey(oldKeyId, oldKey);
            }

            _device.Events.Begin().Field("how", how).Field("from", oldKeyId).Field("to", keyId).Field("fp", fingerprint)
                .Send(DeviceEvents.KeyChanged);
            _device.Signer.SetKey(keyId, key);
            if (oldKey != null)
            {
                System.Array.Clear(oldKey, 0, oldKey.Length);
            }

            _device.Note("key " + how + " kid=" + keyId + " fp=" + fingerprint + " (was " + oldKeyId + ")");
            reply.Line("kid", keyId);
            reply.Line("fp", fingerprint);
            reply.Line("previous_kid", oldKeyId);
        }
    }
}
