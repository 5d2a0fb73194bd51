using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Cosim.VfioUser.Tests;

/// <summary>Every native and wire struct has the size and field offsets of its C definition.</summary>
public sealed class InteropLayoutTests
{
    [Fact]
    public void SocketStructsMatchLp64Linux()
    {
        Assert.Equal(56, Unsafe.SizeOf<Interop.MessageHeader>());
        Assert.Equal(16, (int)Marshal.OffsetOf<Interop.MessageHeader>(nameof(Interop.MessageHeader.IoVectors)));
        Assert.Equal(32, (int)Marshal.OffsetOf<Interop.MessageHeader>(nameof(Interop.MessageHeader.Control)));
        Assert.Equal(48, (int)Marshal.OffsetOf<Interop.MessageHeader>(nameof(Interop.MessageHeader.Flags)));
        Assert.Equal(16, Unsafe.SizeOf<Interop.IoVector>());
        Assert.Equal(16, Unsafe.SizeOf<Interop.ControlMessageHeader>());
        Assert.Equal(24, Interop.ControlMessageHeader.Space(4));     // CMSG_SPACE(sizeof(int))
        Assert.Equal(110, Unsafe.SizeOf<Interop.SocketAddressUnix>());
    }

    [Fact]
    public void StatxMatchesLinuxUapi()
    {
        Assert.Equal(256, Unsafe.SizeOf<Interop.StatxBuffer>());
        Assert.Equal(28, (int)Marshal.OffsetOf<Interop.StatxBuffer>(nameof(Interop.StatxBuffer.Mode)));
        Assert.Equal(32, (int)Marshal.OffsetOf<Interop.StatxBuffer>(nameof(Interop.StatxBuffer.Inode)));
        Assert.Equal(40, (int)Marshal.OffsetOf<Interop.StatxBuffer>(nameof(Interop.StatxBuffer.Size)));
        Assert.Equal(136, (int)Marshal.OffsetOf<Interop.StatxBuffer>(nameof(Interop.StatxBuffer.DeviceMajor)));
        Assert.Equal(140, (int)Marshal.OffsetOf<Interop.StatxBuffer>(nameof(Interop.StatxBuffer.DeviceMinor)));
    }

    [Fact]
    public void VfioUserStructsMatchTheSpec()
    {
        Assert.Equal(16, Unsafe.SizeOf<VfioUserHeader>());
        Assert.Equal(4, (int)Marshal.OffsetOf<VfioUserHeader>(nameof(VfioUserHeader.MessageSize)));
        Assert.Equal(12, (int)Marshal.OffsetOf<VfioUserHeader>(nameof(VfioUserHeader.Error)));
        Assert.Equal(32, Unsafe.SizeOf<DmaMap>());
        Assert.Equal(16, (int)Marshal.OffsetOf<DmaMap>(nameof(DmaMap.Address)));
        Assert.Equal(24, Unsafe.SizeOf<DmaUnmap>());
        Assert.Equal(16, Unsafe.SizeOf<DeviceInfo>());
        Assert.Equal(32, Unsafe.SizeOf<RegionInfo>());
        Assert.Equal(16, (int)Marshal.OffsetOf<RegionInfo>(nameof(RegionInfo.RegionSize)));
        Assert.Equal(16, Unsafe.SizeOf<IrqInfo>());
        Assert.Equal(20, Unsafe.SizeOf<IrqSet>());
        Assert.Equal(16, (int)Marshal.OffsetOf<IrqSet>(nameof(IrqSet.Count)));
        Assert.Equal(16, Unsafe.SizeOf<RegionAccess>());
        Assert.Equal(12, (int)Marshal.OffsetOf<RegionAccess>(nameof(RegionAccess.Count)));
        Assert.Equal(16, Unsafe.SizeOf<DmaTransfer>());
        Assert.Equal(4, Unsafe.SizeOf<VersionPayload>());
    }
}
