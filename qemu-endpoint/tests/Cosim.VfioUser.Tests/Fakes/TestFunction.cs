using System.Buffers.Binary;
using System.Collections.Concurrent;
using Cosim.Tlp;

namespace Cosim.VfioUser.Tests;

/// <summary>
/// A small PCIe function for the endpoint tests, written straight against <see cref="IPcieFunction"/>:
/// BAR0 32-bit memory 4 KiB (scratch RAM plus a DMA/interrupt command block), BAR1 I/O 32 bytes, BAR2/3 64-bit
/// prefetchable memory 16 KiB holding the MSI-X table (4 vectors) and PBA, a 2 KiB Expansion ROM, INTA, MSI with 4
/// vectors. It decodes only at the addresses the guest programmed, so a stale BAR shadow in the endpoint shows up as UR.
/// </summary>
internal sealed partial class TestFunction : IPcieFunction
{
    public const int Bar0Size = 0x1000;
    public const int Bar1Size = 0x20;
    public const int Bar2Size = 0x4000;
    public const int RomSize = 0x800;
    public const int MsixCapability = 0x40;
    public const int MsiCapability = 0x50;
    public const int PciExpressCapability = 0x68;
    public const int MsixVectors = 4;
    public const int MsiVectors = 4;
    public const int PbaOffset = 0x2000;
    public const ushort VendorId = 0x1234;
    public const ushort DeviceId = 0xC051;

    public static readonly PcieId Id = PcieId.From(1, 0, 0);

    private readonly Lock _lock = new();
    private readonly byte[] _config = new byte[4096];
    private readonly byte[] _writable = new byte[4096];
    private readonly byte[] _bar0 = new byte[Bar0Size];
    private readonly byte[] _bar1 = new byte[Bar1Size];
    private readonly byte[] _bar2 = new byte[Bar2Size];
    private readonly byte[] _rom = new byte[RomSize];
    private ITlpReceiver? _upstream;

    public TestFunction()
    {
        for (int i = 0; i < RomSize; i++)
        {
            _rom[i] = (byte)(i * 7);
        }

        Reset();
    }

    /// <summary>Every TLP the endpoint sent to the function, in order.</summary>
    public ConcurrentQueue<TlpHeader> Received { get; } = new();

    /// <summary>Completions the function received for its own DMA reads: payload sizes, in order.</summary>
    public ConcurrentQueue<TlpHeader> DmaCompletions { get; } = new();

    /// <summary>Number of Reset() calls.</summary>
    public int ResetCount { get; private set; }

    /// <summary>Set when a DMA command finished (successfully or not).</summary>
    public ManualResetEventSlim DmaDone { get; } = new(false);

    /// <summary>Completion status of the last DMA read (UR when the endpoint refused it).</summary>
    public CompletionStatus LastDmaStatus { get; private set; }

    public ReadOnlySpan<byte> Bar0 => _bar0;

    public ReadOnlySpan<byte> Config => _config;

    /// <summary>Clears the BAR registers as a Function Level Reset done by the function itself would.</summary>
    public void ForgetBarAddresses() => Array.Clear(_config, 0x10, 0x18);

    /// <summary>What the endpoint attached as this function's upstream.</summary>
    public ITlpReceiver? Upstream => _upstream;

    public void Attach(ITlpReceiver upstream) => _upstream = upstream;

    public void Reset()
    {
        lock (_lock)
        {
            ResetCount++;
            Array.Clear(_config);
            Array.Clear(_writable);
            Array.Clear(_bar0);
            Array.Clear(_bar1);
            Array.Clear(_bar2);
            DefineConfigSpace();
        }
    }

    /// <summary>False stops recording <see cref="Received"/> (allocation tests).</summary>
    public bool RecordRequests { get; set; } = true;

    /// <summary>GC.GetAllocatedBytesForCurrentThread() at the last memory read: the connection thread's allocation counter.</summary>
    public long AllocatedBytesAtLastMemoryRead { get; private set; }

    public void Receive(in TlpHeader header, ReadOnlySpan<byte> payload)
    {
        if (RecordRequests)
        {
            Received.Enqueue(header);
        }

        switch (header.Kind)
        {
            case TlpKind.ConfigRead0:
                Complete(header, ReadDword(_config, (int)header.Address));
                break;
            case TlpKind.ConfigWrite0:
                WriteConfig((int)header.Address, payload, header.FirstDwByteEnables);
                _upstream!.Receive(TlpHeader.CompletionWithoutDataFor(header, Id, CompletionStatus.SuccessfulCompletion), []);
                break;
            case TlpKind.MemoryRead:
                AllocatedBytesAtLastMemoryRead = GC.GetAllocatedBytesForCurrentThread();
                HandleMemoryRead(header);
                break;
            case TlpKind.MemoryWrite:
                HandleMemoryWrite(header, payload);
                break;
            case TlpKind.IoRead:
            case TlpKind.IoWrite:
                HandleIo(header, payload);
                break;
            case TlpKind.CompletionWithData:
            case TlpKind.Completion:
                HandleDmaCompletion(header, payload);
                break;
            default:
                if (header.IsNonPosted)
                {
                    _upstream!.Receive(TlpHeader.UnsupportedRequestFor(header, Id), []);
                }

                break;
        }
    }

    private void Complete(in TlpHeader request, uint dword)
    {
        Span<byte> data = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(data, dword);
        _upstream!.Receive(TlpHeader.CompletionFor(request, Id, CompletionStatus.SuccessfulCompletion, 1, 4, 0), data);
    }

    private static uint ReadDword(byte[] bytes, int offset) => BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(offset));

    private ushort Command => BinaryPrimitives.ReadUInt16LittleEndian(_config.AsSpan(0x04));

    private void WriteConfig(int dwordOffset, ReadOnlySpan<byte> payload, byte byteEnables)
    {
        lock (_lock)
        {
            for (int i = 0; i < 4; i++)
            {
                if ((byteEnables & (1 << i)) != 0)
                {
                    int offset = dwordOffset + i;
                    _config[offset] = (byte)((_config[offset] & ~_writable[offset]) | (payload[i] & _writable[offset]));
                }
            }
        }
    }

    /// <summary>Type 0 header and capabilities, with the writable bits of each byte.</summary>
    private void DefineConfigSpace()
    {
        Set16(0x00, VendorId);
        Set16(0x02, DeviceId);
        Set16(0x04, 0, writable: 0x0407);             // Command: IO, MEM, BME, INTx Disable
        Set16(0x06, 0x0010);                          // Status: Capabilities List
        Set32(0x08, 0x00FF_0001);                     // class 00FF00, revision 1
        Set32(0x10, 0x0000_0000, writable: 0xFFFF_F000); // BAR0: 32-bit memory, 4 KiB
        Set32(0x14, 0x0000_0001, writable: 0xFFFF_FFE0); // BAR1: I/O, 32 bytes
        Set32(0x18, 0x0000_000C, writable: 0xFFFF_C000); // BAR2: 64-bit prefetchable, 16 KiB
        Set32(0x1C, 0x0000_0000, writable: 0xFFFF_FFFF); // BAR3: upper half of BAR2
        Set32(0x30, 0x0000_0000, writable: 0xFFFF_F801); // Expansion ROM: 2 KiB, enable bit
        _config[0x34] = MsixCapability;
        Set16(0x3C, 0x0100, writable: 0x00FF);          // Interrupt Line (RW), Interrupt Pin = INTA

        // MSI-X: 4 vectors, table at BAR2 + 0, PBA at BAR2 + 0x2000; Enable and Function Mask are writable.
        _config[MsixCapability] = (byte)CapabilityId.MsiX;
        _config[MsixCapability + 1] = MsiCapability;
        Set16(MsixCapability + 2, MsixVectors - 1, writable: 0xC000);
        Set32(MsixCapability + 4, 0x0000_0002);
        Set32(MsixCapability + 8, PbaOffset | 2);

        // MSI: 64-bit, Multiple Message Capable = 4 vectors; Enable and Multiple Message Enable writable.
        _config[MsiCapability] = (byte)CapabilityId.Msi;
        Set16(MsiCapability + 2, 0x0084, writable: 0x0071);
        Set32(MsiCapability + 4, 0, writable: 0xFFFF_FFFC);
        Set32(MsiCapability + 8, 0, writable: 0xFFFF_FFFF);
        Set16(MsiCapability + 12, 0, writable: 0xFFFF);
        _config[MsiCapability + 1] = PciExpressCapability;

        // PCI Express: version 2 endpoint; Max_Payload_Size Supported 256 bytes; Device Control's Max_Payload_Size
        // (bits 7:5) writable, 000b (128 bytes) at power-on.
        _config[PciExpressCapability] = (byte)CapabilityId.PciExpress;
        Set16(PciExpressCapability + 2, 0x0002);
        Set32(PciExpressCapability + 4, 0x0000_0001);
        Set16(PciExpressCapability + 8, 0, writable: 0x00E0);
    }

    private void Set16(int offset, ushort value, ushort writable = 0)
    {
        BinaryPrimitives.WriteUInt16LittleEndian(_config.AsSpan(offset), value);
        BinaryPrimitives.WriteUInt16LittleEndian(_writable.AsSpan(offset), writable);
    }

    private void Set32(int offset, uint value, uint writable = 0)
    {
        BinaryPrimitives.WriteUInt32LittleEndian(_config.AsSpan(offset), value);
        BinaryPrimitives.WriteUInt32LittleEndian(_writable.AsSpan(offset), writable);
    }
}
