using System.Text;
using EdgeController.Core.Commands;
using EdgeController.Core.Market;
using EdgeController.Core.Metering;
using EdgeController.Core.Signing;
using EdgeController.Core.Telemetry;
using EdgeController.Hal.Simulation;
using EdgeController.Hal.Simulation.Signing;
using EdgeController.Ledger.Market;

namespace EdgeController.Market.Tests;

/// <summary>The device's side: orders from its plan, the order event's bytes, the award it reads and follows.</summary>
public sealed class DeviceMarketTests
{
    private static MarketOrderInputs Inputs(int loadW, int pvW, int socPerMille = 500, long capacityWh = 0) => new()
    {
        SlotStartUnixMilliseconds = 1_800_000_000_000 - (1_800_000_000_000 % 900_000),
        ForecastLoadMilliwatts = loadW * 1000,
        ForecastPvMilliwatts = pvW * 1000,
        NowLoadMilliwatts = loadW * 1000, // the power now agrees with the forecast unless a test says otherwise
        NowPvMilliwatts = pvW * 1000,
        SocPerMille = socPerMille,
        CapacityMilliwattHours = capacityWh * 1000,
        FloorSocPerMille = 100,
        MaximumChargeMilliwatts = 2_000_000,
        MaximumDischargeMilliwatts = 2_000_000,
        ImportPriceMicrocurrencyPerKilowattHour = 400_000,
        FeedInPriceMicrocurrencyPerKilowattHour = 50_000,
        RatedWatts = 5000,
    };

    private static MarketOrderPlan Plan(MarketOrderInputs inputs)
    {
        MarketOrderPlan plan = new();
        new MarketOrderPlanner().Plan(inputs, plan);
        return plan;
    }

    [Fact]
    public void Without_a_battery_a_deficit_is_bought_at_import_and_a_surplus_sold_at_feed_in()
    {
        MarketOrderPlan deficit = Plan(Inputs(loadW: 1000, pvW: 200)); // 800 W x 15 min = 200 Wh
        Assert.Equal((200L, 400_000L, 0L), (deficit.BuyWattHours, deficit.BuyPriceMicrocurrencyPerKilowattHour, deficit.SellWattHours));
        MarketOrderPlan surplus = Plan(Inputs(loadW: 200, pvW: 1400));
        Assert.Equal((0L, 300L, 50_000L), (surplus.BuyWattHours, surplus.SellWattHours, surplus.SellPriceMicrocurrencyPerKilowattHour));
    }

    [Fact]
    public void A_buy_is_priced_at_its_expected_value_the_part_the_power_now_agrees_on_at_import_the_rest_at_feed_in()
    {
        // Forecast 800 W short (200 Wh); the power now only 400 W short: 100 of the 200 Wh agreed.
        MarketOrderInputs half = Inputs(loadW: 1000, pvW: 200);
        half.NowLoadMilliwatts = 600_000;
        Assert.Equal((200L, 50_000L + (350_000L * 100 / 200)), (Plan(half).BuyWattHours, Plan(half).BuyPriceMicrocurrencyPerKilowattHour));
        // The power now shows a surplus: nothing agreed, the whole buy may go unused: at feed-in.
        MarketOrderInputs none = Inputs(loadW: 1000, pvW: 200);
        none.NowPvMilliwatts = 1_500_000;
        Assert.Equal((200L, 50_000L), (Plan(none).BuyWattHours, Plan(none).BuyPriceMicrocurrencyPerKilowattHour));
        // More short now than forecast: all of the forecast is agreed.
        MarketOrderInputs more = Inputs(loadW: 1000, pvW: 200);
        more.NowLoadMilliwatts = 3_000_000;
        Assert.Equal(400_000, Plan(more).BuyPriceMicrocurrencyPerKilowattHour);
        // Grid charging the plan asks for is wanted whatever the power now says.
        MarketOrderInputs charging = Inputs(loadW: 0, pvW: 0, socPerMille: 200, capacityWh: 10_000);
        charging.PlannedBatteryDischargeMilliwatts = -1_200_000;
        charging.NowPvMilliwatts = 2_000_000;
        Assert.Equal((300L, 400_000L), (Plan(charging).BuyWattHours, Plan(charging).BuyPriceMicrocurrencyPerKilowattHour));
        // A tariff whose feed-in is not below import: the import price, never above it (the gateway would reject it).
        MarketOrderInputs flat = Inputs(loadW: 1000, pvW: 200);
        flat.FeedInPriceMicrocurrencyPerKilowattHour = 400_000;
        flat.NowPvMilliwatts = 1_500_000;
        Assert.Equal(400_000, Plan(flat).BuyPriceMicrocurrencyPerKilowattHour);
    }

    [Fact]
    public void A_battery_above_its_reserve_covers_the_deficit_and_offers_its_excess_at_the_stored_value()
    {
        MarketOrderInputs inputs = Inputs(loadW: 1000, pvW: 200, socPerMille: 900, capacityWh: 10_000);
        inputs.ReserveMilliwattHours = 2_000_000;
        MarketOrderPlan plan = Plan(inputs);
        Assert.Equal(0, plan.BuyWattHours);
        // Deliverable: min(6000 Wh x 0.95, 2 kW x 15 min = 500 Wh) = 500 Wh; 200 Wh serve the load, 300 are offered.
        Assert.Equal(300, plan.SellWattHours);
        Assert.Equal(380_000, plan.SellPriceMicrocurrencyPerKilowattHour);
    }

    [Fact]
    public void A_battery_at_its_reserve_buys_the_deficit_and_a_storable_surplus_is_offered_at_the_stored_value()
    {
        MarketOrderInputs atReserve = Inputs(loadW: 1000, pvW: 200, socPerMille: 300, capacityWh: 10_000);
        atReserve.ReserveMilliwattHours = 2_000_000;
        Assert.Equal(200, Plan(atReserve).BuyWattHours);
        MarketOrderPlan storable = Plan(Inputs(loadW: 200, pvW: 1400, socPerMille: 300, capacityWh: 10_000));
        Assert.Equal((300L, 380_000L), (storable.SellWattHours, storable.SellPriceMicrocurrencyPerKilowattHour));
    }

    [Fact]
    public void Grid_charging_in_the_plan_is_bought_and_every_order_is_capped_at_rated_power()
    {
        MarketOrderInputs charging = Inputs(loadW: 0, pvW: 0, socPerMille: 200, capacityWh: 10_000);
        charging.PlannedBatteryDischargeMilliwatts = -1_200_000;
        Assert.Equal(300, Plan(charging).BuyWattHours);
        MarketOrderInputs huge = Inputs(loadW: 90_000, pvW: 0);
        Assert.Equal(1250, Plan(huge).BuyWattHours); // 5 kW x 15 min
    }

    [Fact]
    public void The_order_event_is_the_contract_spelling_and_gets_the_next_seq()
    {
        SimulatedClock clock = new(1_800_000_000_000);
        TelemetryOutbox outbox = new(8, 512);
        Counter counter = new();
        MarketOrderPublisher publisher = new("dev-a", 3, counter, clock, new SignedEnvelopeWriter(new HmacSha256Signer("k1", new byte[32])), outbox);
        MarketOrderPlan plan = new() { SlotStartUnixMilliseconds = 1_800_000_900_000, BuyWattHours = 75, BuyPriceMicrocurrencyPerKilowattHour = 390_000 };
        Assert.Equal(1, publisher.Publish(plan));
        Assert.Equal(1, outbox.Count);

        byte[] buffer = new byte[256];
        ReadingHeader header = new() { BootCount = 3, Sequence = 41, UnixTimeMilliseconds = 1_800_000_000_000, TimeSynchronized = true };
        int length = new OrderEventFormatter("dev-a").Write(buffer, 0, header, 1_800_000_900_000, OrderEventFormatter.Sell, 125, -5);
        Assert.Equal("""{"v":1,"dev":"dev-a","boot":3,"seq":41,"ts":1800000000000,"tq":1,"ev":"order","slot":1800000900000,"side":"sell","wh":125,"price":-5}""", Encoding.ASCII.GetString(buffer, 0, length));
    }

    [Fact]
    public void Orders_go_out_once_per_slot_within_the_lead_time()
    {
        SimulatedClock clock = new(1_800_000_000_000 - (1_800_000_000_000 % 900_000) + 500_000); // 400 s before the next slot
        MarketOrderPublisher publisher = new("dev-a", 1, new Counter(), clock, new SignedEnvelopeWriter(new HmacSha256Signer("k1", new byte[32])), new TelemetryOutbox(4, 512));
        Assert.False(publisher.IsOrderTime(900_000, 300_000, out _));
        clock.Advance(120_000);
        Assert.True(publisher.IsOrderTime(900_000, 300_000, out long slot));
        Assert.Equal(0, slot % 900_000);
        Assert.False(publisher.IsOrderTime(900_000, 300_000, out _));
    }

    [Fact]
    public void The_gateways_award_reads_back_on_the_device_and_anything_else_is_refused()
    {
        byte[] payload = AwardCommandWriter.Payload("dev-a", 1_800_000_900_000, 900_000, 0, 125, 150_000);
        AwardCommand award = new();
        Assert.Equal(CommandRejection.None, AwardCommandReader.TryRead(payload, 0, payload.Length, "dev-a", award));
        Assert.Equal((2_000_001L, 125L, 150_000L, 1_800_001_800_000L), (award.CommandSequence, award.SellWattHours, award.PriceMicrocurrencyPerKilowattHour, award.ValidUntilUnixMilliseconds));
        Assert.Equal(CommandRejection.BadPayload, AwardCommandReader.TryRead(payload, 0, payload.Length, "dev-b", new AwardCommand()));
        byte[] spaced = Encoding.ASCII.GetBytes(Encoding.ASCII.GetString(payload).Replace(",\"price\"", ", \"price\"", StringComparison.Ordinal));
        Assert.Equal(CommandRejection.BadPayload, AwardCommandReader.TryRead(spaced, 0, spaced.Length, "dev-a", new AwardCommand()));
        byte[] negative = Encoding.ASCII.GetBytes(Encoding.ASCII.GetString(payload).Replace("\"sell_wh\":125", "\"sell_wh\":-1", StringComparison.Ordinal));
        Assert.Equal(CommandRejection.BadPayload, AwardCommandReader.TryRead(negative, 0, negative.Length, "dev-a", new AwardCommand()));
    }

    [Fact]
    public void The_follower_steers_the_grid_toward_the_award_and_keeps_the_reserve()
    {
        long slot = 1_800_000_900_000;
        byte[] payload = AwardCommandWriter.Payload("dev-a", slot, 900_000, 0, 125, 150_000);
        AwardCommand award = new();
        AwardCommandReader.TryRead(payload, 0, payload.Length, "dev-a", award);
        AwardFollower follower = new();
        Assert.Equal(CommandRejection.ClockNotSynchronized, follower.Accept(award, slot - 30_000, false));
        Assert.Equal(CommandRejection.None, follower.Accept(award, slot - 30_000, true));
        Assert.Equal(CommandRejection.Replayed, follower.Accept(award, slot - 20_000, true));

        // Before the slot: the planner's preference passes.
        Assert.Equal(-7, follower.PreferredBatteryDischargeMilliwatts(slot - 1, -7, 300_000, 0, 0, 0, 1_000_000));
        // At its start: 125 Wh over 15 min is 500 W export; load 300 W, PV 0: the battery gives 800 W.
        Assert.Equal(800_000, follower.PreferredBatteryDischargeMilliwatts(slot, 0, 300_000, 0, 10_000, 20_000, 1_000_000));
        Assert.True(follower.Following);
        // Halfway with 100 Wh already delivered: 25 Wh in 450 s is 200 W.
        Assert.Equal(500_000, follower.PreferredBatteryDischargeMilliwatts(slot + 450_000, 0, 300_000, 0, 10_000, 120_000, 1_000_000));
        // At the reserve the award does not discharge the battery.
        Assert.Equal(0, follower.PreferredBatteryDischargeMilliwatts(slot + 450_000, -100, 300_000, 0, 10_000, 120_000, 0));
        // After the slot: the planner's again.
        Assert.Equal(-7, follower.PreferredBatteryDischargeMilliwatts(slot + 900_000, -7, 300_000, 0, 10_000, 120_000, 1_000_000));
        Assert.False(follower.Following);
    }

    private sealed class Counter : ISequenceSource
    {
        private long _next;

        public long ReserveSequence() => ++_next;
    }
}
