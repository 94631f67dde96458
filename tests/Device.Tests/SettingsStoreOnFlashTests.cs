using EdgeController.Core.Settings;
using EdgeController.Core.Storage;
using EdgeController.Hal.Esp32;
using nanoFramework.TestFramework;

namespace EdgeController.Device.Tests
{
    /// <summary>
    /// The settings record (the one ec-provision writes and tools/flash.sh deploys) survives a
    /// trip through the internal drive: the same codec and two-slot record as SettingsStore,
    /// under a test name so the device's own settings.a/.b are left alone.
    /// </summary>
    [TestClass]
    public class SettingsStoreOnFlashTests
    {
        private const string TestRecordName = "test-settings";

        [TestMethod]
        public void SettingsRecord_RoundTripsThroughTheInternalDrive()
        {
            FlashFileStore flash = new FlashFileStore();
            DeviceSettings written = new DeviceSettings();
            written.SiteId = "site-1";
            written.DeviceId = "dev-42";
            written.KeyId = "k1";
            written.Key = new byte[DeviceSettings.KeyBytes];
            written.Key[0] = 0x5A;
            written.WifiSsid = "microgrid";
            written.WifiPassword = "correct horse";
            written.MqttHost = "gateway.local";
            written.MqttPort = 8883;
            byte[] buffer = new byte[SettingsCodec.MaxSerializedBytes];
            TwoSlotRecordStore record = new TwoSlotRecordStore(flash, TestRecordName, SettingsCodec.MaxSerializedBytes);
            record.TryLoad(buffer);
            int length = SettingsCodec.Serialize(written, buffer);
            record.Save(buffer, length);

            byte[] readBack = new byte[SettingsCodec.MaxSerializedBytes];
            int readLength = new TwoSlotRecordStore(flash, TestRecordName, SettingsCodec.MaxSerializedBytes).TryLoad(readBack);
            DeviceSettings read = new DeviceSettings();
            bool decoded = SettingsCodec.TryDeserialize(readBack, readLength, read);
            flash.Delete(TestRecordName + ".a");
            flash.Delete(TestRecordName + ".b");

            Assert.IsTrue(decoded, "the record decodes");
            Assert.AreEqual(written.DeviceId, read.DeviceId);
            Assert.AreEqual(written.WifiPassword, read.WifiPassword);
            Assert.AreEqual(written.MqttPort, read.MqttPort);
            Assert.AreEqual((int)0x5A, (int)read.Key[0]);
        }
    }
}
