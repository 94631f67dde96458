namespace EdgeController.Core
{
    /// <summary>Who a device is: its site and its own id, as they appear in topics and payloads.</summary>
    public sealed class DeviceIdentity
    {
        /// <summary>Validates and keeps the ids.</summary>
        public DeviceIdentity(string siteId, string deviceId)
        {
            if (!Identifiers.IsValid(siteId))
            {
                throw new System.ArgumentException("site id must be 1..32 of [A-Za-z0-9_-]", "siteId");
            }

            if (!Identifiers.IsValid(deviceId))
            {
                throw new System.ArgumentException("device id must be 1..32 of [A-Za-z0-9_-]", "deviceId");
            }

            SiteId = siteId;
            DeviceId = deviceId;
        }

        /// <summary>The site (microgrid) the device belongs to.</summary>
        public string SiteId { get; private set; }

        /// <summary>The device's id, unique within the gateway's key registry.</summary>
        public string DeviceId { get; private set; }
    }
}
