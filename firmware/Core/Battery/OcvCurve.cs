namespace EdgeController.Core.Battery
{
    /// <summary>
    /// Open-circuit voltage of one cell against state of charge, as a table at evenly spaced SOC
    /// points (0 ‰, 50 ‰, ... 1000 ‰), strictly increasing. Looked up both ways by linear
    /// interpolation: SOC to voltage for the charge controller, voltage to SOC for the estimator's
    /// correction after rest, with the local slope to say how much that correction can be trusted.
    /// </summary>
    public sealed class OcvCurve
    {
        /// <summary>SOC between two table points, per mille.</summary>
        public const int StepPerMille = 50;

        /// <summary>Points in a table: 0 ‰ to 1000 ‰ in steps of 50 ‰.</summary>
        public const int PointCount = (1000 / StepPerMille) + 1;

        private readonly int[] _cellMillivolts;

        /// <summary>Wraps a table of <see cref="PointCount"/> strictly increasing cell voltages, mV.</summary>
        public OcvCurve(int[] cellMillivoltsAtEvenSoc)
        {
            if (cellMillivoltsAtEvenSoc.Length != PointCount)
            {
                throw new System.ArgumentException("21 points, 0 to 1000 per mille", "cellMillivoltsAtEvenSoc");
            }

            for (int i = 1; i < PointCount; i++)
            {
                if (cellMillivoltsAtEvenSoc[i] <= cellMillivoltsAtEvenSoc[i - 1])
                {
                    throw new System.ArgumentException("strictly increasing", "cellMillivoltsAtEvenSoc");
                }
            }

            _cellMillivolts = cellMillivoltsAtEvenSoc;
        }

        /// <summary>Cell OCV when empty (0 ‰), mV.</summary>
        public int EmptyCellMillivolts
        {
            get { return _cellMillivolts[0]; }
        }

        /// <summary>Cell OCV when full (1000 ‰), mV.</summary>
        public int FullCellMillivolts
        {
            get { return _cellMillivolts[PointCount - 1]; }
        }

        /// <summary>Cell OCV at a state of charge (clamped to 0..1000 ‰), mV, interpolated and rounded to nearest.</summary>
        public int CellMillivoltsAt(int socPerMille)
        {
            int soc = socPerMille < 0 ? 0 : (socPerMille > 1000 ? 1000 : socPerMille);
            int index = soc / StepPerMille;
            if (index >= PointCount - 1)
            {
                return _cellMillivolts[PointCount - 1];
            }

            int offset = soc - (index * StepPerMille);
            int span = _cellMillivolts[index + 1] - _cellMillivolts[index];
            return _cellMillivolts[index] + (((span * offset) + (StepPerMille / 2)) / StepPerMille);
        }

        /// <summary>SOC whose OCV is this cell voltage, per mille, interpolated, rounded to nearest, clamped to 0..1000.</summary>
        public int SocPerMilleAt(int cellMillivolts)
        {
            int index = SegmentOf(cellMillivolts);
            if (cellMillivolts <= _cellMillivolts[0])
            {
                return 0;
            }

            if (cellMillivolts >= _cellMillivolts[PointCount - 1])
            {
                return 1000;
            }

            int span = _cellMillivolts[index + 1] - _cellMillivolts[index];
            int offset = cellMillivolts - _cellMillivolts[index];
            return (index * StepPerMille) + (((offset * StepPerMille) + (span / 2)) / span);
        }

        /// <summary>
        /// Rise of OCV over the table step around this voltage, mV per 50 ‰. A small slope means a
        /// millivolt of error or hysteresis moves the SOC a lot: the correction should not be trusted.
        /// </summary>
        public int SlopeMillivoltsPerStepAt(int cellMillivolts)
        {
            int index = SegmentOf(cellMillivolts);
            return _cellMillivolts[index + 1] - _cellMillivolts[index];
        }

        private int SegmentOf(int cellMillivolts)
        {
            int index = 0;
            while (index < PointCount - 2 && cellMillivolts >= _cellMillivolts[index + 1])
            {
                index++;
            }

            return index;
        }
    }
}
