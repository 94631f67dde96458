namespace EdgeController.Core.FixedPoint
{
    /// <summary>
    /// Q16.16 fixed point in an int: value = raw / 65536. Used for ratios and gains (calibration
    /// factors, divider ratios, controller gains). Range about ±32768 with a resolution of 1/65536.
    /// Every conversion rounds to nearest, ties away from zero, and saturates.
    /// </summary>
    public static class Q16
    {
        /// <summary>Number of fractional bits.</summary>
        public const int FractionBits = 16;

        /// <summary>1.0 in Q16.16.</summary>
        public const int One = 1 << FractionBits;

        /// <summary>The Q16.16 nearest to numerator / denominator.</summary>
        public static int FromRatio(long numerator, long denominator)
        {
            return Saturating.DivideRounded(Saturating.Multiply(numerator, One), denominator);
        }

        /// <summary>An integer as Q16.16, saturating.</summary>
        public static int FromInteger(int value)
        {
            return Saturating.ToInt32((long)value << FractionBits);
        }

        /// <summary>value * gain for an integer value and a Q16.16 gain, rounded to the nearest integer.</summary>
        public static int Scale(int value, int gain)
        {
            return Saturating.DivideRounded((long)value * gain, One);
        }

        /// <summary>value * gain for a long value, rounded to nearest, saturating to long.</summary>
        public static long Scale(long value, int gain)
        {
            long product = Saturating.Multiply(value, gain);
            if (product == long.MaxValue || product == long.MinValue)
            {
                return product;
            }

            long quotient = product / One;
            long remainder = product % One;
            if (remainder >= One / 2)
            {
                quotient++;
            }
            else if (remainder <= -(One / 2))
            {
                quotient--;
            }

            return quotient;
        }

        /// <summary>a * b for two Q16.16 numbers, rounded to nearest, saturating.</summary>
        public static int Multiply(int a, int b)
        {
            return Saturating.DivideRounded((long)a * b, One);
        }

        /// <summary>a / b for two Q16.16 numbers, rounded to nearest, saturating; b = 0 saturates.</summary>
        public static int Divide(int a, int b)
        {
            return Saturating.DivideRounded((long)a << FractionBits, b);
        }

        /// <summary>The integer nearest to a Q16.16 value.</summary>
        public static int ToIntegerRounded(int value)
        {
            return Saturating.DivideRounded(value, One);
        }
    }
}
