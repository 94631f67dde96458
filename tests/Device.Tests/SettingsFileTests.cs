using EdgeController.Hal.Esp32;
using nanoFramework.TestFramework;

namespace EdgeController.Device.Tests
{
    /// <summary>The settings survive a trip through nanoFramework.Json and the internal flash.</summary>
    [TestClass]
    public class SettingsFileTests
    {
        private const string TestFileName = "test-settings.json";

        [TestMethod]
        public void Settings_RoundTripThroughTheInternalDrive()
        {
            FlashFileStore flash = new FlashFileStore();
            DeviceSettings written = new DeviceSettings();
            written.SiteId = "site-1";
            written.DeviceId = "dev-42";
            written.KeyId = "k1";
            written.KeyHex = "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f";
            written.WifiSsid = "microgrid";
            written.WifiPassword = "secret";
            written.MqttHost = "gateway.local";
            written.MqttPort = 1883;
            written.MqttUsername = "";
            written.MqttPassword = "";
            byte[] bytes = System.Text.Encoding.UTF8.GetBytes(SettingsFile.Serialize(written));
            flash.Write(TestFileName, bytes, bytes.Length);

            string error;
            DeviceSettings read = SettingsFile.Parse(flash.ReadText(TestFileName, SettingsFile.MaxBytes), out error);
            flash.Delete(TestFileName);

            Assert.IsNull(error);
            Assert.AreEqual(written.DeviceId, read.DeviceId);
            Assert.AreEqual(written.KeyHex, read.KeyHex);
            Assert.AreEqual(written.MqttHost, read.MqttHost);
            Assert.AreEqual(written.MqttPort, read.MqttPort);
        }

        [TestMethod]
        public void Settings_WithoutAKey_AreRefusedWithAReason()
        {
            string error;
            DeviceSettings read = SettingsFile.Parse("{\"SiteId\":\"s\",\"DeviceId\":\"d\",\"KeyId\":\"k\",\"MqttHost\":\"h\"}", out error);

            Assert.IsNull(read);
            Assert.IsTrue(error != null && error.IndexOf("KeyHex") >= 0, "the reason names KeyHex");
        }
    }
}
