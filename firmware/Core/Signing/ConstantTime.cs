namespace EdgeController.Core.Signing
{
    /// <summary>Comparisons whose running time does not depend on where the inputs differ.</summary>
    public static class ConstantTime
    {
        /// <summary>True when a[aOffset..+count) equals b[bOffset..+count); always reads all count bytes.</summary>
        public static bool AreEqual(byte[] a, int aOffset, byte[] b, int bOffset, int count)
        {
            int difference = 0;
            for (int i = 0; i < count; i++)
            {
                difference |= a[aOffset + i] ^ b[bOffset + i];
            }

            return difference == 0;
        }
    }
}
