using EdgeController.Core.FixedPoint;

namespace EdgeController.Core.Planning
{
    /// <summary>
    /// The economic plan: dynamic programming over stored energy in 15-minute slots up to 36 h
    /// ahead, on the forward prices (import and export, negative allowed), the slot forecast and,
    /// under a demand charge, a cap on the 15-minute mean import. A backward pass gives the cost
    /// to go from the end of the current slot as a function of stored energy (41 levels between
    /// the floor and the ceiling); where the forecast states its spread, each slot's net load is
    /// taken as one of three (below, at and above the forecast) that the battery answers as it
    /// comes. Each tick then picks the battery power for the next minute at the measured load and
    /// PV, with the rest of the slot at its forecast, that minimises the slot's grid cost plus
    /// that cost to go. Because the pass prices energy rather than prescribing a trajectory, a
    /// new SOC needs no new pass, and a pass whose inputs barely changed gives nearly the same
    /// decision: the plan does not flip from one run to the next (ties keep the last tick's
    /// power, or the one that holds for the whole slot).
    /// Integers only; allocation-free after construction. RAM of the plan: see <see cref="PlanBytes"/>.
    /// </summary>
    public sealed class SlotPlanner
    {
        /// <summary>Stored-energy levels of the pass (floor to ceiling): 225 Wh apart on a 10 kWh pack with a 10 % floor.</summary>
        public const int EnergyLevels = 41;

        /// <summary>Slots planned when only the hourly tariff is known: a day.</summary>
        public const int DefaultHorizonSlots = 96;

        /// <summary>Ties within this cost (nanocurrency, 1e-9) keep the last tick's power.</summary>
        public const long TieNanocurrency = 1000;

        /// <summary>
        /// RAM the plan holds, bytes: five value rows of 41 longs (two kept, two for the pass, one
        /// to sum the net-load scenarios), five slot arrays of 144 ints (prices, net load, PV,
        /// spread), the 144-slot forward prices (two int arrays) and 64 longs of stage costs, plus
        /// object headers rounded up: about 6.3 KB of the ESP32's heap.
        /// </summary>
        public const int PlanBytes = (5 * EnergyLevels * 8) + (5 * ForwardPrices.MaximumSlots * 4) + (2 * ForwardPrices.MaximumSlots * 4) + (MaximumOffsets * 8) + 256;

        private const int SlotMinutes = ForwardPrices.SlotMinutes;
        private const int MaximumSlots = ForwardPrices.MaximumSlots;
        private const int MinutesPerHour = 60;
        private const long SlotMilliseconds = SlotMinutes * 60000L;
        private const int LadderSteps = 10;
        private const int MaximumOffsets = 64;

        private readonly BatteryPlanParameters _parameters;
        private readonly TimeOfUseTariff _tariff;
        private readonly ForwardPrices _prices = new ForwardPrices();
        private readonly long[] _valueNext = new long[EnergyLevels];
        private readonly long[] _valueAfterNext = new long[EnergyLevels];
        private long[] _rowLater = new long[EnergyLevels];
        private long[] _rowNow = new long[EnergyLevels];
        private readonly int[] _import = new int[MaximumSlots];
        private readonly int[] _export = new int[MaximumSlots];
        private readonly int[] _net = new int[MaximumSlots];
        private readonly int[] _pv = new int[MaximumSlots];
        private readonly int[] _spread = new int[MaximumSlots];
        private readonly long[] _rowSum = new long[EnergyLevels];
        private readonly long[] _offsetCost = new long[MaximumOffsets];
        private int _horizon;
        private int _passSlot;
        private bool _havePlan;
        private int _slotKey = -1;
        private int _pricesVersion = -1;
        private long _slotImportMilliwattMilliseconds;
        private long _slotObservedMilliseconds;
        private int _lastBatteryDischargeMilliwatts;
        private int _terminalPrice;
        private int _chosenCapMilliwatts;
        private bool _capChosen;
        private int _decisionImportPrice;
        private int _decisionExportPrice;
        private int _restMinutes;
        private int _restBatteryDischargeMilliwatts;
        private long _restBestCost;

        /// <summary>Plans for a battery, with the hourly tariff as the fallback when no forward prices are filled.</summary>
        public SlotPlanner(BatteryPlanParameters parameters, ISlotForecast forecast, TimeOfUseTariff tariff)
        {
            _parameters = parameters;
            _tariff = tariff;
            Forecast = forecast;
            GridExportLimitMilliwatts = int.MaxValue;
            MaximumSlotsPerPlan = MaximumSlots;
        }

        /// <summary>The forecast the pass reads (the bench swaps in the true future).</summary>
        public ISlotForecast Forecast { get; set; }

        /// <summary>The forward prices the tariff follower fills (empty: the hourly tariff).</summary>
        public ForwardPrices Prices
        {
            get { return _prices; }
        }

        /// <summary>Export beyond this is curtailed and earns nothing, mW.</summary>
        public int GridExportLimitMilliwatts { get; set; }

        /// <summary>
        /// Slots of the backward pass computed per call: the pass is spread over ticks so no tick
        /// carries it all (144 = whole pass in one tick; on the ESP32, 6 finishes it within 24 ticks).
        /// </summary>
        public int MaximumSlotsPerPlan { get; set; }

        /// <summary>Price of the period's highest 15-minute mean import, microcurrency per kW (0 = no demand charge).</summary>
        public int DemandChargeMicrocurrencyPerKilowatt { get; set; }

        /// <summary>The period's highest 15-minute mean import so far, mW (see <see cref="ResetPeak"/>).</summary>
        public int PeakMilliwatts { get; private set; }

        /// <summary>The 15-minute mean import the plan holds to under a demand charge, mW.</summary>
        public int PeakCapMilliwatts { get; private set; }

        /// <summary>The battery power chosen, mW, positive = discharge.</summary>
        public int PreferredBatteryDischargeMilliwatts { get; private set; }

        /// <summary>The marginal price at the chosen point, microcurrency per kWh: the battery's price in the dispatch.</summary>
        public int BatteryEnergyValueMicrocurrencyPerKilowattHour { get; private set; }

        /// <summary>Stored energy above the floor the plan aims at by the end of this slot, mWh.</summary>
        public long PlannedEnergyMilliwattHours { get; private set; }

        /// <summary>Backward passes completed since start.</summary>
        public int PassesCompleted { get; private set; }

        /// <summary>A new billing period (month): the recorded peak starts again, and the cap is chosen anew.</summary>
        public void ResetPeak()
        {
            PeakMilliwatts = 0;
            _capChosen = false;
        }

        /// <summary>The period's peak as saved before a reboot, mW.</summary>
        public void RestorePeak(int peakMilliwatts)
        {
            PeakMilliwatts = peakMilliwatts < 0 ? 0 : peakMilliwatts;
        }

        /// <summary>Under a demand charge, a cap on the 15-minute mean import given by the site, mW (0 = chosen by the daily search).</summary>
        public int FixedPeakCapMilliwatts { get; set; }

        /// <summary>The grid power the dispatch set this tick, mW (positive = import): the demand charge's measure.</summary>
        public void ObserveGrid(int gridMilliwatts, int elapsedMilliseconds)
        {
            if (elapsedMilliseconds <= 0)
            {
                return;
            }

            _slotObservedMilliseconds += elapsedMilliseconds;
            if (gridMilliwatts > 0)
            {
                _slotImportMilliwattMilliseconds += (long)gridMilliwatts * elapsedMilliseconds;
            }
        }

        /// <summary>Plans one tick: continues (or starts) the backward pass, then decides the battery power.</summary>
        public void Plan(int minuteOfDay, int socPerMille, int loadMilliwatts, int pvMilliwatts)
        {
            int slotKey = minuteOfDay / SlotMinutes;
            long top = TopMilliwattHours();
            long energy = Clamp((long)_parameters.CapacityMilliwattHours * (socPerMille - _parameters.FloorSocPerMille) / 1000, 0, top);
            if (slotKey != _slotKey)
            {
                CloseSlot();
                if (_havePlan)
                {
                    // Until the new pass is done, the old pass's next row is this slot's cost to go.
                    System.Array.Copy(_valueAfterNext, _valueNext, EnergyLevels);
                }

                _slotKey = slotKey;
                StartPass(minuteOfDay, energy, top);
            }
            else if (_prices.Version != _pricesVersion)
            {
                StartPass(minuteOfDay, energy, top);
            }

            ContinuePass(top);
            Decide(minuteOfDay, energy, top, loadMilliwatts, pvMilliwatts);
        }

        private void CloseSlot()
        {
            // A slot seen for under half its length (boot, a gap) is no fair 15-minute mean.
            if (_slotObservedMilliseconds >= SlotMilliseconds / 2)
            {
                long meanMilliwatts = _slotImportMilliwattMilliseconds / _slotObservedMilliseconds;
                if (meanMilliwatts > PeakMilliwatts)
                {
                    PeakMilliwatts = (int)meanMilliwatts;
                }
            }

            _slotImportMilliwattMilliseconds = 0;
            _slotObservedMilliseconds = 0;
        }

        private void StartPass(int minuteOfDay, long energy, long top)
        {
            _pricesVersion = _prices.Version;
            _horizon = _prices.Count > 0 ? _prices.Count : DefaultHorizonSlots;
            int slotStart = minuteOfDay - (minuteOfDay % SlotMinutes);
            int terminalPrice = int.MaxValue;
            for (int k = 0; k < _horizon; k++)
            {
                if (_prices.Count > 0)
                {
                    _import[k] = _prices.ImportAt(k);
                    _export[k] = _prices.ExportAt(k);
                }
                else
                {
                    int hour = (slotStart + (k * SlotMinutes)) / MinutesPerHour;
                    _import[k] = _tariff.ImportPriceAt(hour);
                    _export[k] = _tariff.ExportPriceAt(hour);
                }

                int pv = Forecast.PvMilliwattsAt(minuteOfDay, k);
                _pv[k] = pv < 0 ? 0 : pv;
                _net[k] = Saturating.Add(Forecast.LoadMilliwattsAt(minuteOfDay, k), -_pv[k]);
                int spread = Forecast.SpreadMilliwattsAt(minuteOfDay, k);
                _spread[k] = spread < 0 ? 0 : spread;
                terminalPrice = _import[k] < terminalPrice ? _import[k] : terminalPrice;
            }

            _terminalPrice = terminalPrice < 0 ? 0 : terminalPrice;

            if (DemandChargeMicrocurrencyPerKilowatt <= 0)
            {
                PeakCapMilliwatts = int.MaxValue;
            }
            else
            {
                if (FixedPeakCapMilliwatts > 0)
                {
                    _chosenCapMilliwatts = FixedPeakCapMilliwatts;
                }
                else if (!_capChosen || slotStart == 0)
                {
                    _chosenCapMilliwatts = SearchCap(energy, top);
                    _capChosen = true;
                }

                PeakCapMilliwatts = _chosenCapMilliwatts > PeakMilliwatts ? _chosenCapMilliwatts : PeakMilliwatts;
            }

            InitialiseTerminal(top);
            _passSlot = _horizon - 1;
            if (_passSlot < 1)
            {
                System.Array.Copy(_rowLater, _valueNext, EnergyLevels);
                System.Array.Copy(_rowLater, _valueAfterNext, EnergyLevels);
                _havePlan = true;
            }
        }

        /// <summary>What is left at the horizon is worth the cheapest import it would displace, after losses.</summary>
        private void InitialiseTerminal(long top)
        {
            for (int i = 0; i < EnergyLevels; i++)
            {
                long delivered = Q16.Scale(LevelEnergy(i, top), _parameters.DischargeEfficiencyQ16);
                _rowLater[i] = -(delivered * _terminalPrice / 1000);
            }
        }

        /// <summary>
        /// The cap on import for the day under a demand charge, once a day (at midnight, or at
        /// the first pass): full passes for <see cref="CapCandidates"/> caps from the period's peak so
        /// far up to the forecast's highest net load, each scored as its cost to go over the
        /// horizon, scaled to the days left in the period (the horizon's energy saving recurs
        /// each day), plus the demand charge on raising the peak to it. The cheapest wins.
        /// </summary>
        private int SearchCap(long energy, long top)
        {
            long low = PeakMilliwatts;
            long high = FeasibleCap(top, top);
            for (int k = 0; k < _horizon; k++)
            {
                long withCharge = (long)_net[k] + _parameters.MaximumChargeMilliwatts;
                high = withCharge > high ? withCharge : high;
            }

            high = high < low ? low : high;
            long horizonSlots = _horizon < 1 ? 1 : _horizon;
            long daysLeft = DemandPeriodDaysLeft < 1 ? 1 : DemandPeriodDaysLeft;
            long bestCost = long.MaxValue;
            long bestCap = low;
            for (int c = 0; c < CapCandidates; c++)
            {
                long cap = low + ((high - low) * c / (CapCandidates - 1));
                PeakCapMilliwatts = (int)cap;
                InitialiseTerminal(top);
                for (int k = _horizon - 1; k >= 1; k--)
                {
                    BackwardRow(k, top);
                    long[] swap = _rowLater;
                    _rowLater = _rowNow;
                    _rowNow = swap;
                }

                long energyCost = Interpolate(_rowLater, energy, top);
                long cost = (energyCost * daysLeft * DefaultHorizonSlots / horizonSlots) + ((cap - PeakMilliwatts) * DemandChargeMicrocurrencyPerKilowatt / 1000);
                if (cost < bestCost)
                {
                    bestCost = cost;
                    bestCap = cap;
                }
            }

            return (int)bestCap;
        }

        /// <summary>Caps tried by the daily search (each one full pass).</summary>
        public const int CapCandidates = 8;

        /// <summary>Days left in the demand charge's period, counting today (the caller keeps it; 30 until told).</summary>
        public int DemandPeriodDaysLeft { get; set; } = 30;

        private void ContinuePass(long top)
        {
            int rows = MaximumSlotsPerPlan < 1 ? 1 : MaximumSlotsPerPlan;
            while (_passSlot >= 1 && rows > 0)
            {
                if (_passSlot == 1)
                {
                    System.Array.Copy(_rowLater, _valueAfterNext, EnergyLevels);
                }

                BackwardRow(_passSlot, top);
                long[] swap = _rowLater;
                _rowLater = _rowNow;
                _rowNow = swap;
                _passSlot--;
                rows--;
                if (_passSlot == 0)
                {
                    System.Array.Copy(_rowLater, _valueNext, EnergyLevels);
                    _havePlan = true;
                    PassesCompleted++;
                }
            }
        }

        /// <summary>
        /// Cost to go from the start of slot k, from the row of slot k+1 in _rowLater into _rowNow.
        /// Where the forecast states a spread, the slot's net load is net - spread, net and
        /// net + spread with weights 1/4, 1/2, 1/4, and the battery answers the one that comes:
        /// a charge planned to the forecast's mean need then no longer rests on the mean being
        /// right, where falling short (importing at the day price) costs more than a spare kWh
        /// (exported, or kept).
        /// </summary>
        private void BackwardRow(int k, long top)
        {
            int spread = _spread[k];
            if (spread <= 0)
            {
                BackwardRowAt(k, _net[k], top);
                return;
            }

            System.Array.Clear(_rowSum, 0, EnergyLevels);
            for (int scenario = -1; scenario <= 1; scenario++)
            {
                BackwardRowAt(k, Saturating.Add(_net[k], scenario * spread), top);
                int weight = scenario == 0 ? 2 : 1;
                for (int i = 0; i < EnergyLevels; i++)
                {
                    _rowSum[i] += weight * _rowNow[i];
                }
            }

            for (int i = 0; i < EnergyLevels; i++)
            {
                _rowNow[i] = _rowSum[i] / 4;
            }
        }

        /// <summary>Cost to go from the start of slot k at one net load, from the row of slot k+1 in _rowLater into _rowNow.</summary>
        private void BackwardRowAt(int k, int net, long top)
        {
            long step = top / (EnergyLevels - 1);
            if (step <= 0)
            {
                for (int i = 0; i < EnergyLevels; i++)
                {
                    _rowNow[i] = _rowLater[i] + GridCost(k, net, SlotMinutes);
                }

                return;
            }

            long maximumCharge = Q16.Scale((long)_parameters.MaximumChargeMilliwatts * SlotMinutes / MinutesPerHour, _parameters.ChargeEfficiencyQ16);
            long maximumDischarge = Saturating.DivideRounded((long)_parameters.MaximumDischargeMilliwatts * SlotMinutes / MinutesPerHour * Q16.One, _parameters.DischargeEfficiencyQ16);
            int up = (int)(maximumCharge / step);
            int down = (int)(maximumDischarge / step);
            up = up > (MaximumOffsets / 2) - 1 ? (MaximumOffsets / 2) - 1 : up;
            down = down > (MaximumOffsets / 2) - 1 ? (MaximumOffsets / 2) - 1 : down;
            for (int m = -down; m <= up; m++)
            {
                _offsetCost[m + down] = StageCost(k, net, top * m / (EnergyLevels - 1));
            }

            // Off the level grid: follow the net load exactly, and hold import at the cap.
            long followEnergy = EnergyChange(Clamp(net, -_parameters.MaximumChargeMilliwatts, _parameters.MaximumDischargeMilliwatts), SlotMinutes);
            bool capped = PeakCapMilliwatts != int.MaxValue;
            long capEnergy = capped
                ? EnergyChange(Clamp((long)net - PeakCapMilliwatts, -_parameters.MaximumChargeMilliwatts, _parameters.MaximumDischargeMilliwatts), SlotMinutes)
                : 0;
            long followCostUnclipped = StageCost(k, net, followEnergy);
            long capCostUnclipped = capped ? StageCost(k, net, capEnergy) : 0;
            for (int i = 0; i < EnergyLevels; i++)
            {
                long best = long.MaxValue;
                for (int m = -down; m <= up; m++)
                {
                    int j = i + m;
                    if (j < 0 || j >= EnergyLevels)
                    {
                        continue;
                    }

                    long cost = _offsetCost[m + down] + _rowLater[j];
                    best = cost < best ? cost : best;
                }

                long level = LevelEnergy(i, top);
                long follow = Clamp(followEnergy, -level, top - level);
                long followCost = (follow == followEnergy ? followCostUnclipped : StageCost(k, net, follow)) + Interpolate(_rowLater, level + follow, top);
                best = followCost < best ? followCost : best;
                if (capped)
                {
                    long cap = Clamp(capEnergy, -level, top - level);
                    long capCost = (cap == capEnergy ? capCostUnclipped : StageCost(k, net, cap)) + Interpolate(_rowLater, level + cap, top);
                    best = capCost < best ? capCost : best;
                }

                _rowNow[i] = best;
            }
        }

        /// <summary>The slot's cost for a change of stored energy over the whole slot, nanocurrency.</summary>
        private long StageCost(int k, int net, long energyChangeMilliwattHours)
        {
            int battery = BatteryPowerFor(energyChangeMilliwattHours, SlotMinutes);
            long grid = (long)net - battery;
            long cost = GridCost(k, grid, SlotMinutes);
            if (grid > PeakCapMilliwatts)
            {
                cost += (grid - PeakCapMilliwatts) * DemandChargeMicrocurrencyPerKilowatt / 1000;
            }

            return cost;
        }

        /// <summary>Energy cost of a grid power held for some minutes in slot k, nanocurrency; export beyond the limit, or at a negative price, is curtailed PV.</summary>
        private long GridCost(int k, long gridMilliwatts, int minutes)
        {
            return GridCost(gridMilliwatts, _pv[k], _import[k], _export[k], minutes);
        }

        private long GridCost(long gridMilliwatts, int pvMilliwatts, int importPrice, int exportPrice, int minutes)
        {
            if (gridMilliwatts >= 0)
            {
                return gridMilliwatts * importPrice * minutes / 60000;
            }

            long exported = -gridMilliwatts;
            exported = exported > GridExportLimitMilliwatts ? GridExportLimitMilliwatts : exported;
            if (exportPrice < 0)
            {
                exported = exported > pvMilliwatts ? exported - pvMilliwatts : 0;
            }

            return -(exported * exportPrice * minutes / 60000);
        }

        /// <summary>
        /// The tick's decision: the battery power for the next minute at the measured load and PV,
        /// followed by the best power for the rest of the slot at the slot's forecast mean, against
        /// the pass's cost to go. Holding the measured power for the whole rest of the slot would
        /// treat a kettle's three minutes as a quarter hour's load, and an empty battery's spare
        /// PV as lasting until the slot ends.
        /// </summary>
        private void Decide(int minuteOfDay, long energy, long top, int loadMilliwatts, int pvMilliwatts)
        {
            int minutesLeft = SlotMinutes - (minuteOfDay % SlotMinutes);
            int stepMinutes = minutesLeft < MeasuredStepMinutes ? minutesLeft : MeasuredStepMinutes;
            int importPrice = _prices.Count > 0 ? _prices.ImportAt(0) : _tariff.ImportPriceAt(minuteOfDay / MinutesPerHour);
            int exportPrice = _prices.Count > 0 ? _prices.ExportAt(0) : _tariff.ExportPriceAt(minuteOfDay / MinutesPerHour);
            int net = Saturating.Add(loadMilliwatts, -pvMilliwatts);
            pvMilliwatts = pvMilliwatts < 0 ? 0 : pvMilliwatts;
            _decisionImportPrice = importPrice;
            _decisionExportPrice = exportPrice;
            _restMinutes = minutesLeft - stepMinutes;

            int maximumDischarge = DischargeRoom(energy, stepMinutes);
            int maximumCharge = ChargeRoom(energy, top, stepMinutes);
            long importRoom = long.MaxValue;
            if (PeakCapMilliwatts != int.MaxValue)
            {
                // The import that keeps this slot's mean at the cap if held to its end, given what it has imported so far.
                importRoom = ((PeakCapMilliwatts * SlotMilliseconds) - _slotImportMilliwattMilliseconds) / (minutesLeft * 60000L);
            }

            int best = (int)Clamp(_lastBatteryDischargeMilliwatts, -maximumCharge, maximumDischarge);
            long bestCost = DecisionCost(best, net, pvMilliwatts, stepMinutes, energy, top);
            for (int s = -LadderSteps; s <= LadderSteps + 3; s++)
            {
                long candidate;
                if (s <= LadderSteps)
                {
                    candidate = s < 0 ? (long)maximumCharge * s / LadderSteps : (long)maximumDischarge * s / LadderSteps;
                }
                else if (s == LadderSteps + 1)
                {
                    candidate = net;
                }
                else if (s == LadderSteps + 2)
                {
                    candidate = importRoom == long.MaxValue ? net : net - importRoom;
                }
                else
                {
                    candidate = 0;
                }

                int power = (int)Clamp(candidate, -maximumCharge, maximumDischarge);
                long cost = DecisionCost(power, net, pvMilliwatts, stepMinutes, energy, top);
                if (cost < bestCost - TieNanocurrency)
                {
                    best = power;
                    bestCost = cost;
                }
            }

            // Splitting the slot into a step and a rest is often free in this linear model; of equal
            // costs, the power that holds for the whole slot is kept, so the command stays smooth.
            DecisionCost(best, net, pvMilliwatts, stepMinutes, energy, top);
            int steady = (int)Clamp(_restBatteryDischargeMilliwatts, -maximumCharge, maximumDischarge);
            if (steady != best && DecisionCost(steady, net, pvMilliwatts, stepMinutes, energy, top) <= bestCost + TieNanocurrency)
            {
                best = steady;
            }

            _lastBatteryDischargeMilliwatts = best;
            PreferredBatteryDischargeMilliwatts = best;

            // Evaluated once more for the chosen power, so that the rest of the slot's power is the chosen one's.
            DecisionCost(best, net, pvMilliwatts, stepMinutes, energy, top);
            long afterStep = Clamp(energy + EnergyChange(best, stepMinutes), 0, top);
            long after = Clamp(afterStep + EnergyChange(_restBatteryDischargeMilliwatts, _restMinutes), 0, top);
            PlannedEnergyMilliwattHours = after;
            long grid = (long)net - best;
            if (grid > 0)
            {
                BatteryEnergyValueMicrocurrencyPerKilowattHour = importPrice;
            }
            else if (grid < 0)
            {
                BatteryEnergyValueMicrocurrencyPerKilowattHour = exportPrice;
            }
            else
            {
                int slope = Slope(after, top);
                int low = exportPrice < importPrice ? exportPrice : importPrice;
                BatteryEnergyValueMicrocurrencyPerKilowattHour = slope < low ? low : (slope > importPrice ? importPrice : slope);
            }
        }

        /// <summary>Minutes the measured load and PV are taken to hold in the tick's decision; the slot's forecast covers the rest.</summary>
        public const int MeasuredStepMinutes = 1;

        private long DecisionCost(int batteryDischargeMilliwatts, int net, int pv, int stepMinutes, long energy, long top)
        {
            long grid = (long)net - batteryDischargeMilliwatts;
            long cost = GridCost(grid, pv, _decisionImportPrice, _decisionExportPrice, stepMinutes);
            long imported = _slotImportMilliwattMilliseconds + (grid > 0 ? grid * stepMinutes * 60000L : 0);
            long after = Clamp(energy + EnergyChange(batteryDischargeMilliwatts, stepMinutes), 0, top);
            return cost + RestOfSlotCost(after, imported, top);
        }

        /// <summary>
        /// The best cost from after the tick's step to the end of the slot and beyond, at the slot's
        /// forecast load and PV. The slot's cost and the cost to go are linear between their kinks,
        /// so the best power is at one: idle, following the net load, holding the cap, a limit, or
        /// landing on a level. Sets <see cref="_restBatteryDischargeMilliwatts"/>.
        /// </summary>
        private long RestOfSlotCost(long energy, long importedMilliwattMilliseconds, long top)
        {
            _restBatteryDischargeMilliwatts = 0;
            if (_restMinutes <= 0)
            {
                return DemandPenalty(importedMilliwattMilliseconds) + Interpolate(_valueNext, energy, top);
            }

            int maximumDischarge = DischargeRoom(energy, _restMinutes);
            int maximumCharge = ChargeRoom(energy, top, _restMinutes);
            _restBestCost = long.MaxValue;
            ConsiderRest(0, maximumCharge, maximumDischarge, energy, importedMilliwattMilliseconds, top);
            ConsiderRest(_net[0], maximumCharge, maximumDischarge, energy, importedMilliwattMilliseconds, top);
            ConsiderRest(-maximumCharge, maximumCharge, maximumDischarge, energy, importedMilliwattMilliseconds, top);
            ConsiderRest(maximumDischarge, maximumCharge, maximumDischarge, energy, importedMilliwattMilliseconds, top);
            if (PeakCapMilliwatts != int.MaxValue)
            {
                long importToCap = ((PeakCapMilliwatts * SlotMilliseconds) - importedMilliwattMilliseconds) / (_restMinutes * 60000L);
                ConsiderRest(_net[0] - importToCap, maximumCharge, maximumDischarge, energy, importedMilliwattMilliseconds, top);
            }

            if (top > 0)
            {
                long lowest = Clamp(energy + EnergyChange(maximumDischarge, _restMinutes), 0, top);
                long highest = Clamp(energy + EnergyChange(-maximumCharge, _restMinutes), 0, top);
                int highLevel = (int)Clamp((highest * (EnergyLevels - 1) / top) + 1, 0, EnergyLevels - 1);
                for (int level = (int)(lowest * (EnergyLevels - 1) / top); level <= highLevel; level++)
                {
                    ConsiderRest(BatteryPowerFor(LevelEnergy(level, top) - energy, _restMinutes), maximumCharge, maximumDischarge, energy, importedMilliwattMilliseconds, top);
                }
            }

            return _restBestCost;
        }

        private void ConsiderRest(long candidate, int maximumCharge, int maximumDischarge, long energy, long importedMilliwattMilliseconds, long top)
        {
            int power = (int)Clamp(candidate, -maximumCharge, maximumDischarge);
            long cost = RestCandidateCost(power, energy, importedMilliwattMilliseconds, top);
            if (cost < _restBestCost)
            {
                _restBestCost = cost;
                _restBatteryDischargeMilliwatts = power;
            }
        }

        private long RestCandidateCost(int batteryDischargeMilliwatts, long energy, long importedMilliwattMilliseconds, long top)
        {
            long grid = (long)_net[0] - batteryDischargeMilliwatts;
            long cost = GridCost(grid, _pv[0], _decisionImportPrice, _decisionExportPrice, _restMinutes);
            long imported = importedMilliwattMilliseconds + (grid > 0 ? grid * _restMinutes * 60000L : 0);
            long after = Clamp(energy + EnergyChange(batteryDischargeMilliwatts, _restMinutes), 0, top);
            return cost + DemandPenalty(imported) + Interpolate(_valueNext, after, top);
        }

        /// <summary>The demand charge on a slot's import above the cap, nanocurrency.</summary>
        private long DemandPenalty(long importedMilliwattMilliseconds)
        {
            if (PeakCapMilliwatts == int.MaxValue)
            {
                return 0;
            }

            long meanMilliwatts = importedMilliwattMilliseconds / SlotMilliseconds;
            return meanMilliwatts > PeakCapMilliwatts ? (meanMilliwatts - PeakCapMilliwatts) * DemandChargeMicrocurrencyPerKilowatt / 1000 : 0;
        }

        /// <summary>Discharge power that keeps the stored energy above the floor for some minutes, mW.</summary>
        private int DischargeRoom(long energy, int minutes)
        {
            long room = Saturating.DivideRounded(Q16.Scale(energy, _parameters.DischargeEfficiencyQ16) * MinutesPerHour, minutes);
            return (int)Clamp(room, 0, _parameters.MaximumDischargeMilliwatts);
        }

        /// <summary>Charge power that keeps the stored energy below the ceiling for some minutes, mW.</summary>
        private int ChargeRoom(long energy, long top, int minutes)
        {
            long room = Saturating.DivideRounded(Saturating.DivideRounded((top - energy) * Q16.One, _parameters.ChargeEfficiencyQ16) * MinutesPerHour, minutes);
            return (int)Clamp(room, 0, _parameters.MaximumChargeMilliwatts);
        }

        /// <summary>
        /// The lowest cap on import the battery can hold over the horizon by the forecast (bisection):
        /// shave every slot above it, recharge below it within the cap.
        /// </summary>
        private int FeasibleCap(long energy, long top)
        {
            long low = 0;
            long high = 0;
            for (int k = 0; k < _horizon; k++)
            {
                high = _net[k] > high ? _net[k] : high;
            }

            while (high - low > 50000)
            {
                long cap = (low + high) / 2;
                if (CapHolds(cap, energy, top))
                {
                    high = cap;
                }
                else
                {
                    low = cap;
                }
            }

            return (int)high;
        }

        private bool CapHolds(long cap, long energy, long top)
        {
            long stored = energy;
            for (int k = 0; k < _horizon; k++)
            {
                long battery = _net[k] - cap;
                if (battery > _parameters.MaximumDischargeMilliwatts)
                {
                    return false;
                }

                battery = battery < -_parameters.MaximumChargeMilliwatts ? -_parameters.MaximumChargeMilliwatts : battery;
                stored = stored + EnergyChange((int)battery, SlotMinutes);
                if (stored < 0)
                {
                    return false;
                }

                stored = stored > top ? top : stored;
            }

            return true;
        }

        /// <summary>Change of stored energy from a battery power held for some minutes, mWh (positive = charged).</summary>
        private long EnergyChange(long batteryDischargeMilliwatts, int minutes)
        {
            long atTerminals = batteryDischargeMilliwatts * minutes / MinutesPerHour;
            return atTerminals < 0
                ? Q16.Scale(-atTerminals, _parameters.ChargeEfficiencyQ16)
                : -Saturating.DivideRounded(atTerminals * Q16.One, _parameters.DischargeEfficiencyQ16);
        }

        /// <summary>The battery power that changes stored energy by a given amount over some minutes, mW.</summary>
        private int BatteryPowerFor(long energyChangeMilliwattHours, int minutes)
        {
            long perHour = energyChangeMilliwattHours * MinutesPerHour / minutes;
            return energyChangeMilliwattHours >= 0
                ? -Saturating.DivideRounded(perHour * Q16.One, _parameters.ChargeEfficiencyQ16)
                : Saturating.ToInt32(Q16.Scale(-perHour, _parameters.DischargeEfficiencyQ16));
        }

        /// <summary>-(d cost to go / d energy) at an energy, microcurrency per kWh.</summary>
        private int Slope(long energy, long top)
        {
            if (top <= 0)
            {
                return 0;
            }

            long position = energy * (EnergyLevels - 1);
            int low = (int)(position / top);
            low = low >= EnergyLevels - 1 ? EnergyLevels - 2 : low;
            long difference = _valueNext[low] - _valueNext[low + 1];
            return Saturating.ToInt32(difference * 1000 * (EnergyLevels - 1) / top);
        }

        private static long Interpolate(long[] row, long energy, long top)
        {
            if (top <= 0)
            {
                return row[0];
            }

            long position = energy * (EnergyLevels - 1);
            int low = (int)(position / top);
            if (low >= EnergyLevels - 1)
            {
                return row[EnergyLevels - 1];
            }

            // The fraction in 1/65536 keeps the product in range whatever the costs' magnitude.
            long fraction = (position - (low * top)) * Q16.One / top;
            return row[low] + ((row[low + 1] - row[low]) * fraction / Q16.One);
        }

        private long TopMilliwattHours()
        {
            int span = _parameters.CeilingSocPerMille - _parameters.FloorSocPerMille;
            return span <= 0 ? 0 : _parameters.CapacityMilliwattHours * span / 1000;
        }

        private static long LevelEnergy(int level, long top)
        {
            return top * level / (EnergyLevels - 1);
        }

        private static long Clamp(long value, long low, long high)
        {
            return value < low ? low : (value > high ? high : value);
        }
    }
}
