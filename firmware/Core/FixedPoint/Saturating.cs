namespace EdgeController.Core.FixedPoint
{
    /// <summary>
    /// Integer arithmetic that clamps to the type's range instead of wrapping. A wrapped energy
    /// or current value is a silent lie; a clamped one is at least on the right side.
    /// </summary>
    public static class Saturating
    {
        /// <summary>Clamps a long into int's range.</summary>
        public static int ToInt32(long value)
        {
            if (value > int.MaxValue)
            {
                return int.MaxValue;
            }

            if (value < int.MinValue)
            {
                return int.MinValue;
            }

            return (int)value;
        }

        /// <summary>a + b, clamped.</summary>
        public static int Add(int a, int b)
        {
            return ToInt32((long)a + b);
        }

        /// <summary>a + b, clamped; overflow is detected from the signs since no wider type exists.</summary>
        public static long Add(long a, long b)
        {
            long sum = unchecked(a + b);
            // Overflow happened exactly when a and b share a sign and the sum does not.
            if (((a ^ sum) & (b ^ sum)) < 0)
            {
                return a < 0 ? long.MinValue : long.MaxValue;
            }

            return sum;
        }

        /// <summary>a * b through long, clamped to int.</summary>
        public static int Multiply(int a, int b)
        {
            return ToInt32((long)a * b);
        }

        /// <summary>a * b, clamped to long.</summary>
        public static long Multiply(long a, long b)
        {
            if (a == 0 || b == 0)
            {
                return 0;
            }

            bool negative = (a < 0) != (b < 0);
            // Compare magnitudes without negating long.MinValue (which has no positive twin).
            if (a == long.MinValue || b == long.MinValue)
            {
                if (a == 1 || b == 1)
                {
                    return long.MinValue;
                }

                if (a == -1 || b == -1)
                {
                    return long.MaxValue;
                }

                return negative ? long.MinValue : long.MaxValue;
            }

            long magnitudeA = a < 0 ? -a : a;
            long magnitudeB = b < 0 ? -b : b;
            if (magnitudeA > long.MaxValue / magnitudeB)
            {
                return negative ? long.MinValue : long.MaxValue;
            }

            return a * b;
        }

        /// <summary>
        /// numerator / denominator, truncated toward zero (C#'s own rounding for integer division),
        /// clamped to int. Division by zero saturates toward the numerator's sign (0 / 0 is 0)
        /// instead of throwing, because a control loop must keep running.
        /// </summary>
        public static int Divide(long numerator, long denominator)
        {
            if (denominator == 0)
            {
                if (numerator > 0)
                {
                    return int.MaxValue;
                }

                return numerator < 0 ? int.MinValue : 0;
            }

            if (numerator == long.MinValue && denominator == -1)
            {
                return int.MaxValue;
            }

            return ToInt32(numerator / denominator);
        }

        /// <summary>
        /// numerator / denominator rounded to the nearest integer, ties away from zero, clamped to
        /// int. Division by zero saturates as in <see cref="Divide"/>.
        /// </summary>
        public static int DivideRounded(long numerator, long denominator)
        {
            if (denominator == 0 || (numerator == long.MinValue && denominator == -1))
            {
                return Divide(numerator, denominator);
            }

            long quotient = numerator / denominator;
            long remainder = numerator % denominator;
            long absRemainder = remainder < 0 ? -remainder : remainder;
            long absDenominator = denominator < 0 ? -denominator : denominator;
            // Compare 2|r| with |d| without doubling past the range: |r| >= |d| - |r|.
            if (absRemainder >= absDenominator - absRemainder)
            {
                bool negative = (numerator < 0) != (denominator < 0);
                quotient += negative ? -1 : 1;
            }

            return ToInt32(quotient);
        }
    }
}
