using System.IO.Hashing;
using Cosim.Models.TestDevice;
using Cosim.Tlp;

namespace Cosim.Models.Tests.TestDevice;

public sealed class CosimTestDeviceTests
{
    private const ulong Bar0 = 0xFEB0_0000;
    private const uint Bar2 = 0xC000;
    private const int Command = 0x04;
    private const uint MemorySpaceIoSpaceBusMaster = 0x7;

    private readonly CosimTestDevice _device = new();
    private readonly HostHarness _host;

    public CosimTestDeviceTests()
    {
        _host = new HostHarness(_device);
    }

    [Fact]
    public void ConfigSpaceIdentifiesTheDeviceAndSizesItsBars()
    {
        uint ids = _host.ConfigRead(0x00);
        _host.ConfigWrite(0x10, 0xFFFF_FFFF);
        uint bar0Size = _host.ConfigRead(0x10);
        _host.ConfigWrite(0x18, 0xFFFF_FFFF);
        uint bar2Size = _host.ConfigRead(0x18);

        Assert.Equal(0xC05A_1234u, ids);
        Assert.Equal(0xFFFF_F000u, bar0Size);
        Assert.Equal(0xFFFF_FFF1u, bar2Size);
    }

    [Fact]
    public void MemoryAndIoScratchRegistersReadBackWhatWasWritten()
    {
        Enable();

        _host.MemoryWrite32(Bar0 + 0x04, 0xDEAD_BEEF);
        _host.IoWrite32(Bar2, 0x1234_5678);

        Assert.Equal(CosimTestDevice.Identification, _host.MemoryRead32(Bar0));
        Assert.Equal(0xDEAD_BEEFu, _host.MemoryRead32(Bar0 + 0x04));
        Assert.Equal(0x1234_5678u, _host.IoRead32(Bar2));
        Assert.Equal(CosimTestDevice.IoIdentification, _host.IoRead32(Bar2 + 4));
    }

    [Fact]
    public void ReadOfAnAddressNoBarClaimsIsAnUnsupportedRequest()
    {
        Enable();

        TlpHeader completion = _host.MemoryReadRaw(0x9000_0000, 4, out _);

        Assert.Equal(CompletionStatus.UnsupportedRequest, completion.Status);
    }

    [Fact]
    public void MemoryReadsAreRefusedWhileMemorySpaceIsDisabled()
    {
        _host.ConfigWrite(0x10, (uint)Bar0);

        TlpHeader completion = _host.MemoryReadRaw(Bar0, 4, out _);

        Assert.Equal(CompletionStatus.UnsupportedRequest, completion.Status);
    }

    [Fact]
    public void InterruptRequestSendsTheProgrammedMsixMessage()
    {
        Enable();
        int msix = FindCapability(0x11);
        _host.ConfigWrite(msix, 0x8000_0000); // MSI-X Enable
        _host.MemoryWrite32(Bar0 + 0x800 + 16 + 0, (uint)HostHarness.MsiWindow + 0x40);
        _host.MemoryWrite32(Bar0 + 0x800 + 16 + 8, 0x0000_4021);
        _host.MemoryWrite32(Bar0 + 0x800 + 16 + 12, 0); // unmask entry 1

        _host.MemoryWrite32(Bar0 + 0x08, 1);

        Assert.Equal([(HostHarness.MsiWindow + 0x40, 0x4021u)], _host.MessageInterrupts);
        Assert.Equal(1u, _host.MemoryRead32(Bar0 + 0x0C));
    }

    [Fact]
    public void MaskedMsixVectorBecomesPendingAndFiresWhenUnmasked()
    {
        Enable();
        int msix = FindCapability(0x11);
        _host.ConfigWrite(msix, 0x8000_0000);
        _host.MemoryWrite32(Bar0 + 0x800, (uint)HostHarness.MsiWindow);
        _host.MemoryWrite32(Bar0 + 0x808, 7);

        _host.MemoryWrite32(Bar0 + 0x08, 0);
        uint pending = _host.MemoryRead32(Bar0 + 0xC00);
        _host.MemoryWrite32(Bar0 + 0x80C, 0);

        Assert.Equal(1u, pending);
        Assert.Equal([(HostHarness.MsiWindow, 7u)], _host.MessageInterrupts);
        Assert.Equal(0u, _host.MemoryRead32(Bar0 + 0xC00));
    }

    [Fact]
    public void WithoutMsiOrMsixTheInterruptIsAnIntxAssertion()
    {
        Enable();

        _host.MemoryWrite32(Bar0 + 0x08, 0);
        _host.MemoryWrite32(Bar0 + 0x10, 0);

        Assert.Equal([MessageCode.AssertIntA, MessageCode.DeassertIntA], _host.IntxMessages);
    }

    [Fact]
    public void InterruptDisableSuppressesIntxMessages()
    {
        Enable();
        _host.ConfigWrite(Command, MemorySpaceIoSpaceBusMaster | 0x400);

        _host.MemoryWrite32(Bar0 + 0x08, 0);

        Assert.Empty(_host.IntxMessages);
        Assert.NotEqual(0u, _host.ConfigRead(0x04) & (1u << 19)); // Status.Interrupt Status still follows the line
    }

    [Fact]
    public async Task DmaWritePatternFillsHostMemory()
    {
        Enable();
        const ulong buffer = 0x1_2345_6100; // above 4 GiB: 4 DW MemWr headers

        _host.MemoryWrite32(Bar0 + 0x20, unchecked((uint)buffer));
        _host.MemoryWrite32(Bar0 + 0x24, (uint)(buffer >> 32));
        _host.MemoryWrite32(Bar0 + 0x28, 1000);
        _host.MemoryWrite32(Bar0 + 0x34, 0x30);
        _host.MemoryWrite32(Bar0 + 0x2C, 1);
        await _device.LastDma;

        byte[] expected = Enumerable.Range(0, 1000).Select(i => (byte)(0x30 + i)).ToArray();
        Assert.Equal(expected, _host.ReadHostMemory(buffer, 1000));
        Assert.Equal(0b010u, _host.MemoryRead32(Bar0 + 0x30)); // DONE, no ERROR, RESULT Success
    }

    [Fact]
    public async Task DmaReadChecksumMatchesHostData()
    {
        Enable();
        byte[] data = Enumerable.Range(0, 5000).Select(i => (byte)(i * 7)).ToArray();
        _host.WriteHostMemory(0x8000_0FF0, data);

        _host.MemoryWrite32(Bar0 + 0x20, 0x8000_0FF0);
        _host.MemoryWrite32(Bar0 + 0x24, 0);
        _host.MemoryWrite32(Bar0 + 0x28, (uint)data.Length);
        _host.MemoryWrite32(Bar0 + 0x2C, 2);
        await _device.LastDma;

        Assert.Equal(Crc32.HashToUInt32(data), _host.MemoryRead32(Bar0 + 0x38));
    }

    [Fact]
    public async Task DmaWithoutBusMasterEnableReportsAnError()
    {
        _host.ConfigWrite(0x10, (uint)Bar0);
        _host.ConfigWrite(Command, 0x2); // memory space only

        _host.MemoryWrite32(Bar0 + 0x28, 16);
        _host.MemoryWrite32(Bar0 + 0x2C, 1);
        await _device.LastDma;

        uint status = _host.MemoryRead32(Bar0 + 0x30);
        Assert.Equal(0b110u, status & 0xFF); // DONE and ERROR
        Assert.Equal((uint)Device.Dma.DmaStatus.BusMasterDisabled, (status >> 8) & 0xFF);
    }

    private void Enable()
    {
        _host.ConfigWrite(0x10, (uint)Bar0);
        _host.ConfigWrite(0x18, Bar2);
        _host.ConfigWrite(Command, MemorySpaceIoSpaceBusMaster);
    }

    private int FindCapability(byte id)
    {
        int pointer = (int)(_host.ConfigRead(0x34) & 0xFC);
        while (pointer != 0)
        {
            uint header = _host.ConfigRead(pointer);
            if ((header & 0xFF) == id)
            {
                return pointer;
            }

            pointer = (int)((header >> 8) & 0xFC);
        }

        throw new InvalidOperationException($"capability {id:x2} not found");
    }
}
