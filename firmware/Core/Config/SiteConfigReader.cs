namespace EdgeController.Core.Config
{
    /// <summary>Reads and checks a board config's "site" section (limits, time zone, plan and tariff).</summary>
    internal static class SiteConfigReader
    {
        /// <summary>The largest power in the file, W: 2 GW in mW still fits an int.</summary>
        internal const int MaxWatts = 2000000;

        /// <summary>The highest price, µcurrency/kWh (100 currency units a kWh).</summary>
        internal const int MaxPrice = 100000000;

        internal static SiteConfig Read(ConfigSection section)
        {
            if (section == null)
            {
                return null;
            }

            section.RejectUnknownKeys(new string[]
            {
                "utcOffsetMinutes", "gridImportLimitWatts", "gridExportLimitWatts", "floorSocPerMille", "backupReserveSocPerMille",
                "tariff", "market", "demandChargeMicrocurrencyPerKilowatt", "peakCapWatts",
            });
            SiteConfig site = new SiteConfig();
            // UTC-12:00 .. UTC+14:00, the offsets in use.
            site.UtcOffsetMinutes = section.ReadInt("utcOffsetMinutes", -720, 840);
            site.GridImportLimitWatts = section.ReadInt("gridImportLimitWatts", 0, MaxWatts);
            site.GridExportLimitWatts = section.ReadInt("gridExportLimitWatts", 0, MaxWatts);
            site.FloorSocPerMille = section.ReadInt("floorSocPerMille", 0, 900);
            site.BackupReserveSocPerMille = section.ReadInt("backupReserveSocPerMille", 0, 1000);
            if (section.Has("floorSocPerMille") && section.Has("backupReserveSocPerMille")
                && site.BackupReserveSocPerMille < site.FloorSocPerMille)
            {
                section.Fail("backupReserveSocPerMille", "cannot be below floorSocPerMille");
            }

            // Optional: without them there is no demand charge.
            site.DemandChargeMicrocurrencyPerKilowatt = section.Has("demandChargeMicrocurrencyPerKilowatt") ? section.ReadInt("demandChargeMicrocurrencyPerKilowatt", 0, MaxPrice) : 0;
            site.PeakCapWatts = section.Has("peakCapWatts") ? section.ReadInt("peakCapWatts", 0, MaxWatts) : 0;
            if (site.PeakCapWatts > 0 && site.DemandChargeMicrocurrencyPerKilowatt == 0)
            {
                section.Fail("peakCapWatts", "needs demandChargeMicrocurrencyPerKilowatt above 0 (a cap is held only against a demand charge)");
            }

            ReadTariff(section.ReadObject("tariff"), site);
            site.Market = section.Has("market") ? ReadMarket(section.ReadObject("market")) : null;
            return site;
        }

        /// <summary>The optional "market" section: ratedWatts required; slotMinutes and orderLeadSeconds default.</summary>
        private static MarketConfig ReadMarket(ConfigSection market)
        {
            if (market == null)
            {
                return null;
            }

            market.RejectUnknownKeys(new string[] { "ratedWatts", "slotMinutes", "orderLeadSeconds" });
            MarketConfig config = new MarketConfig();
            config.RatedWatts = market.ReadInt("ratedWatts", 1, MaxWatts);
            config.SlotMinutes = market.Has("slotMinutes") ? market.ReadInt("slotMinutes", 1, 1440) : MarketConfig.DefaultSlotMinutes;
            if (1440 % config.SlotMinutes != 0)
            {
                market.Fail("slotMinutes", "must divide a day (1440 minutes)");
            }

            config.OrderLeadSeconds = market.Has("orderLeadSeconds") ? market.ReadInt("orderLeadSeconds", 1, 86400) : MarketConfig.DefaultOrderLeadSeconds;
            if (config.OrderLeadSeconds >= config.SlotMinutes * 60)
            {
                market.Fail("orderLeadSeconds", "must be shorter than the slot");
            }

            return config;
        }

        private static void ReadTariff(ConfigSection tariff, SiteConfig site)
        {
            site.TariffPeriods = new TariffPeriodConfig[0];
            if (tariff == null)
            {
                return;
            }

            tariff.RejectUnknownKeys(new string[] { "importMicrocurrencyPerKilowattHour", "exportMicrocurrencyPerKilowattHour", "periods" });
            site.ImportMicrocurrencyPerKilowattHour = tariff.ReadInt("importMicrocurrencyPerKilowattHour", 0, MaxPrice);
            site.ExportMicrocurrencyPerKilowattHour = tariff.ReadInt("exportMicrocurrencyPerKilowattHour", 0, MaxPrice);
            Json.JsonValue array = tariff.ReadArray("periods", 0, 24);
            if (array == null)
            {
                return;
            }

            TariffPeriodConfig[] periods = new TariffPeriodConfig[array.Count];
            for (int i = 0; i < periods.Length; i++)
            {
                periods[i] = new TariffPeriodConfig();
                ConfigSection item = tariff.Item("periods", array, i);
                if (item == null)
                {
                    continue;
                }

                item.RejectUnknownKeys(new string[] { "fromHour", "toHour", "importMicrocurrencyPerKilowattHour" });
                periods[i].FromHour = item.ReadInt("fromHour", 0, 23);
                periods[i].ToHour = item.ReadInt("toHour", 1, 24);
                periods[i].ImportMicrocurrencyPerKilowattHour = item.ReadInt("importMicrocurrencyPerKilowattHour", 0, MaxPrice);
                if (item.Has("fromHour") && item.Has("toHour") && periods[i].ToHour <= periods[i].FromHour)
                {
                    item.Fail("toHour", "must be above fromHour (a period over midnight is two periods)");
                }
            }

            site.TariffPeriods = periods;
        }
    }
}
