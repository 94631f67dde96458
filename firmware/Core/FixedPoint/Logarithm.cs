namespace EdgeController.Core.FixedPoint
{
    /// <summary>
    /// Logarithms in Q16.16 by the bit-by-bit squaring method: no tables, no floating point. The
    /// log2 is truncated, so below the true value by at most 1/65536, plus what the truncated
    /// squarings lose: their relative error grows to about 2^-12 over 16 squarings, which can
    /// turn a bit that lies a hair above a multiple of 1/65536 into 0 (about 1 value in 25000,
    /// 14917 the first; below by at most 1.0001/65536 measured, 1.0005/65536 bounded).
    /// </summary>
    public static class Logarithm
    {
        /// <summary>ln 2 in Q16.16 (0.693147 × 65536 = 45426.1, rounded).</summary>
        public const int NaturalLogOfTwoQ16 = 45426;

        private const int MantissaFractionBits = 30;
        private const long MantissaOne = 1L << MantissaFractionBits;
        private const long MantissaTwo = 2L << MantissaFractionBits;

        /// <summary>log2(value) in Q16.16, for value &gt; 0 (up to 2^62).</summary>
        public static int Log2Q16(long value)
        {
            if (value <= 0)
            {
                throw new System.ArgumentOutOfRangeException("value", "the logarithm needs a positive value");
            }

            int integerPart = 0;
            long probe = value;
            while (probe > 1)
            {
                probe >>= 1;
                integerPart++;
            }

            // The mantissa value / 2^integerPart in [1, 2), in Q30.
            long mantissa = integerPart >= MantissaFractionBits
                ? value >> (integerPart - MantissaFractionBits)
                : value << (MantissaFractionBits - integerPart);
            int fraction = 0;
            for (int bit = 15; bit >= 0; bit--)
            {
                // Squaring doubles the logarithm: each squaring that reaches 2 gives one more bit.
                mantissa = (mantissa * mantissa) >> MantissaFractionBits;
                if (mantissa >= MantissaTwo)
                {
                    mantissa >>= 1;
                    fraction |= 1 << bit;
                }
            }

            return (integerPart << Q16.FractionBits) | fraction;
        }

        /// <summary>ln(numerator / denominator) in Q16.16, both positive; rounded to nearest from the two log2 values.</summary>
        public static int NaturalLogOfRatioQ16(long numerator, long denominator)
        {
            long log2Q16 = (long)Log2Q16(numerator) - Log2Q16(denominator);
            return Saturating.DivideRounded(log2Q16 * NaturalLogOfTwoQ16, Q16.One);
        }
    }
}
