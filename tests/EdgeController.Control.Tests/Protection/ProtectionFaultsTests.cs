using System.Reflection;
using EdgeController.Core.Protection;

namespace EdgeController.Control.Tests.Protection;

public sealed class ProtectionFaultsTests
{
    /// <summary>
    /// Every single-bit constant of ProtectionFaults, first declared first: the masks of several
    /// bits are left out, and so is a mask that happens to hold one bit (BlockDischarge).
    /// </summary>
    public static TheoryData<string, int> FaultBits()
    {
        TheoryData<string, int> data = new();
        HashSet<int> seen = [];
        foreach (FieldInfo field in typeof(ProtectionFaults).GetFields(BindingFlags.Public | BindingFlags.Static).OrderBy(f => f.MetadataToken))
        {
            int bit = (int)field.GetRawConstantValue()!;
            if (bit != 0 && (bit & (bit - 1)) == 0 && seen.Add(bit))
            {
                data.Add(field.Name, bit);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(FaultBits))]
    public void NameOf_EachFault_IsItsConstantInSnakeCase(string constant, int bit)
    {
        // OverCurrentCharge -> over_current_charge: the console and the events name a fault as the code does.
        string snake = string.Concat(constant.Select((c, i) => char.IsUpper(c) && i > 0 ? "_" + char.ToLowerInvariant(c) : char.ToLowerInvariant(c).ToString()));

        Assert.Equal(snake, ProtectionFaults.NameOf(bit));
    }

    [Fact]
    public void FaultBits_AreTheTenDocumentedFaults()
    {
        // A new fault bit must get a name; this count makes adding one a deliberate change here.
        Assert.Equal(10, FaultBits().Count());
    }

    [Theory]
    [InlineData(10)]
    [InlineData(20)]
    [InlineData(31)]
    public void NameOf_ABitWithoutAFault_IsBitAndItsNumber(int index)
    {
        Assert.Equal("bit_" + index, ProtectionFaults.NameOf(1 << index));
    }
}
