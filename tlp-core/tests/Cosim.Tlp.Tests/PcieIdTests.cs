namespace Cosim.Tlp.Tests;

public sealed class PcieIdTests
{
    [Fact]
    public void FromPacksBusDeviceAndFunctionAsRoutingId()
    {
        // Bus 0x01, Device 0x1f, Function 7 → 0000_0001 1111_1 111 = 0x01ff.
        PcieId id = PcieId.From(0x01, 0x1f, 7);

        Assert.Equal((ushort)0x01ff, id.Value);
        Assert.Equal("01:1f.7", id.ToString());
    }

    [Theory]
    [InlineData(32, 0)]
    [InlineData(0, 8)]
    public void FromRejectsDeviceOrFunctionThatDoesNotFit(byte device, byte function)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => PcieId.From(0, device, function));
    }
}
