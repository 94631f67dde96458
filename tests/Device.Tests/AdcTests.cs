using System.Device.Adc;
using EdgeController.Core.Config;
using EdgeController.Hal;
using EdgeController.Hal.Esp32;
using nanoFramework.TestFramework;

namespace EdgeController.Device.Tests
{
    /// <summary>Every analog input of the board reads inside the converter's range.</summary>
    [TestClass]
    public class AdcTests
    {
        private static AdcController s_controller;

        [TestMethod]
        public void EveryAdcInput_ReadsWithinRange()
        {
            if (s_controller == null)
            {
                s_controller = new AdcController();
            }

            AdcInputConfig[] inputs = DeviceBoard.Config.Adc;
            for (int i = 0; i < inputs.Length; i++)
            {
                using (AdcInput input = new AdcInput(s_controller, inputs[i].Channel))
                {
                    int rawCounts;
                    SensorStatus status = input.Read(out rawCounts);

                    Assert.AreEqual((int)SensorStatus.Ok, (int)status, inputs[i].Key);
                    Assert.IsTrue(input.MaxRawCounts > 0, "the controller reports no range");
                    Assert.IsTrue(rawCounts >= 0 && rawCounts <= input.MaxRawCounts, inputs[i].Key + " out of range");
                }
            }
        }

        [TestMethod]
        public void AnAdc2Channel_IsRefused()
        {
            if (s_controller == null)
            {
                s_controller = new AdcController();
            }

            Assert.ThrowsException(typeof(System.ArgumentOutOfRangeException), () => new AdcInput(s_controller, 12));
        }
    }
}
