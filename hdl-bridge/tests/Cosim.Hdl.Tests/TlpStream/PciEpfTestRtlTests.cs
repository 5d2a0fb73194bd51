using Cosim.Hdl.TlpStream;
using Cosim.Tlp;

namespace Cosim.Hdl.Tests.TlpStream;

/// <summary>
/// models/rtl/pci-epf-test (the RTL twin of Linux's pci-epf-test) behind the bridge, driven the way the
/// pci_endpoint_test driver drives it: registers in BAR0, READ, WRITE and COPY by DMA with a crc32_le checksum,
/// and INTx, MSI and MSI-X raised on command.
/// </summary>
public sealed class PciEpfTestRtlTests
{
    private const string Description = "pci-epf-test/pci_epf_test.json";
    private const int HostMemory = 0x10000;

    // drivers/misc/pci_endpoint_test.c registers (BAR0) and bits.
    private const ulong Magic = TestHost.Bar0Address + 0x00;
    private const ulong Command = TestHost.Bar0Address + 0x04;
    private const ulong Status = TestHost.Bar0Address + 0x08;
    private const ulong LowerSourceAddress = TestHost.Bar0Address + 0x0C;
    private const ulong UpperSourceAddress = TestHost.Bar0Address + 0x10;
    private const ulong LowerDestinationAddress = TestHost.Bar0Address + 0x14;
    private const ulong UpperDestinationAddress = TestHost.Bar0Address + 0x18;
    private const ulong Size = TestHost.Bar0Address + 0x1C;
    private const ulong Checksum = TestHost.Bar0Address + 0x20;
    private const ulong IrqType = TestHost.Bar0Address + 0x24;
    private const ulong IrqNumber = TestHost.Bar0Address + 0x28;

    private const uint CommandRaiseIntx = 1 << 0;
    private const uint CommandRaiseMsi = 1 << 1;
    private const uint CommandRaiseMsix = 1 << 2;
    private const uint CommandRead = 1 << 3;
    private const uint CommandWrite = 1 << 4;
    private const uint CommandCopy = 1 << 5;

    private const uint StatusReadSuccess = 1 << 0;
    private const uint StatusReadFail = 1 << 1;
    private const uint StatusWriteSuccess = 1 << 2;
    private const uint StatusCopySuccess = 1 << 4;
    private const uint StatusCopyFail = 1 << 5;
    private const uint StatusIrqRaised = 1 << 6;
    private const uint StatusSourceAddressInvalid = 1 << 7;

    private const uint IrqTypeIntx = 0;
    private const uint IrqTypeMsi = 1;
    private const uint IrqTypeMsix = 2;

    /// <summary>Sizes around DW and 4 KiB edges, at offsets that cross 4 KiB boundaries mid-transfer.</summary>
    public static TheoryData<int, int> Transfers => new()
    {
        { 1, 0x0000 },
        { 3, 0x0104 },
        { 4, 0x0200 },
        { 5, 0x0F00 },
        { 1023, 0x0FF0 },
        { 1025, 0x1000 },
        { 4096, 0x0800 },
        { 10_000, 0x0C04 },
    };

    [Fact]
    public async Task TheRegisterBarReadsBackTheMagicThePciEndpointTestDriverWrites()
    {
        using RtlFunction function = await TestDesigns.FunctionAsync(Description);
        var host = new TestHost(function);
        host.Enumerate();

        host.Write32(Magic, 0xA0A0_A0A0);

        Assert.Equal(0xA0A0_A0A0u, host.Read32(Magic));
        Assert.Equal(0x104Cu | (0xB500u << 16), host.ReadConfig(0));
    }

    [Theory]
    [MemberData(nameof(Transfers))]
    public async Task ReadChecksTheHostBuffersCrc(int size, int offset)
    {
        using RtlFunction function = await TestDesigns.FunctionAsync(Description);
        var host = new TestHost(function, HostMemory);
        host.Enumerate();
        EnableMsi(host, function);
        byte[] data = Random(size, seed: size);
        data.CopyTo(host.Memory, offset);
        SetSource(host, offset);
        host.Write32(Size, (uint)size);
        host.Write32(Checksum, Crc32Le(data));
        host.Write32(IrqType, IrqTypeMsi);
        host.Write32(IrqNumber, 1);

        host.Write32(Command, CommandRead);

        Assert.Equal(StatusReadSuccess | StatusIrqRaised, host.Read32(Status));
        Assert.Equal([0x4000u], host.Interrupts);
        Assert.Empty(host.Errors);
    }

    [Fact]
    public async Task ReadWithAWrongChecksumFails()
    {
        using RtlFunction function = await TestDesigns.FunctionAsync(Description);
        var host = new TestHost(function, HostMemory);
        host.Enumerate();
        Random(64, seed: 1).CopyTo(host.Memory, 0);
        SetSource(host, 0);
        host.Write32(Size, 64);
        host.Write32(Checksum, 0x1234_5678);

        host.Write32(Command, CommandRead);

        Assert.Equal(StatusReadFail | StatusIrqRaised, host.Read32(Status));
    }

    [Theory]
    [MemberData(nameof(Transfers))]
    public async Task WriteFillsTheHostBufferAndReportsItsCrc(int size, int offset)
    {
        using RtlFunction function = await TestDesigns.FunctionAsync(Description);
        var host = new TestHost(function, HostMemory);
        host.Enumerate();
        host.Memory.AsSpan().Fill(0xEE);
        SetDestination(host, offset);
        host.Write32(Size, (uint)size);

        host.Write32(Command, CommandWrite);

        Assert.Equal(StatusWriteSuccess | StatusIrqRaised, host.Read32(Status));
        Assert.Equal(Crc32Le(host.Memory.AsSpan(offset, size)), host.Read32(Checksum));
        Assert.Equal(0xEE, host.Memory[offset + size]);
        Assert.Empty(host.Errors);
    }

    [Theory]
    [MemberData(nameof(Transfers))]
    public async Task CopyMovesTheSourceToTheDestination(int size, int offset)
    {
        using RtlFunction function = await TestDesigns.FunctionAsync(Description);
        var host = new TestHost(function, HostMemory);
        host.Enumerate();
        byte[] data = Random(size, seed: size + 7);
        data.CopyTo(host.Memory, offset);
        int destination = 0x8000 + (offset & 0xFFC);
        SetSource(host, offset);
        SetDestination(host, destination);
        host.Write32(Size, (uint)size);

        host.Write32(Command, CommandCopy);

        Assert.Equal(StatusCopySuccess | StatusIrqRaised, host.Read32(Status));
        Assert.Equal(data, host.Memory.AsSpan(destination, size).ToArray());
        Assert.Empty(host.Errors);
    }

    [Fact]
    public async Task AReadTheHostNeverAnswersIsEndedByTheBridgesCompletionTimeoutAndItsLateCompletionIsIgnored()
    {
        using RtlFunction function = await TestDesigns.FunctionAsync(Description, new RtlFunctionOptions { DmaCompletionTimeout = TimeSpan.FromMilliseconds(50) });
        var host = new TestHost(function, HostMemory) { AnswerReads = false };
        host.Enumerate();
        EnableMsi(host, function);
        byte[] data = Random(64, seed: 64);
        data.CopyTo(host.Memory, 0);
        SetSource(host, 0);
        host.Write32(Size, 64);
        host.Write32(Checksum, Crc32Le(data));
        host.Write32(IrqType, IrqTypeMsi);
        host.Write32(IrqNumber, 1);

        host.Write32(Command, CommandRead);
        Assert.True(await host.InterruptArrived.WaitAsync(TimeSpan.FromSeconds(30)), "no interrupt after the Completion Timeout");
        uint timedOut = host.Read32(Status);
        host.AnswerReads = true;
        host.Answer(Assert.Single(host.UnansweredReads));   // too late: the RTL waits for no read any more
        uint afterLateCompletion = host.Read32(Status);
        host.Write32(Command, CommandRead);                   // and the next read is not confused by it

        Assert.Equal(StatusReadFail | StatusSourceAddressInvalid | StatusIrqRaised, timedOut);
        Assert.Equal(timedOut, afterLateCompletion);
        Assert.Contains(host.Trace, r => r.Channel == TlpChannel.Bridge && !r.ToHost && r.Header.Status == CompletionStatus.CompleterAbort);
        Assert.Equal(StatusReadSuccess | StatusIrqRaised, host.Read32(Status));
        Assert.Equal(0, function.OutstandingDmaReads);
        Assert.Empty(host.Errors);
    }

    [Fact]
    public async Task AnUnalignedSourceIsInvalid()
    {
        using RtlFunction function = await TestDesigns.FunctionAsync(Description);
        var host = new TestHost(function, HostMemory);
        host.Enumerate();
        SetSource(host, 0x101);
        SetDestination(host, 0x8000);
        host.Write32(Size, 16);

        host.Write32(Command, CommandCopy);

        Assert.Equal(StatusCopyFail | StatusIrqRaised | StatusSourceAddressInvalid, host.Read32(Status));
        Assert.DoesNotContain(host.Received, r => r.Header.Kind is TlpKind.MemoryRead or TlpKind.MemoryWrite && r.Header.Address != TestHost.MsiAddress);
    }

    [Fact]
    public async Task RaisingMsiSendsTheNumberedVector()
    {
        using RtlFunction function = await TestDesigns.FunctionAsync(Description);
        var host = new TestHost(function);
        host.Enumerate();
        EnableMsi(host, function);
        host.Write32(IrqType, IrqTypeMsi);
        host.Write32(IrqNumber, 3);

        host.Write32(Command, CommandRaiseMsi);

        // IRQ_NUMBER is 1-based: vector 2 of the four enabled.
        Assert.Equal([0x4002u], host.Interrupts);
        Assert.Equal(StatusIrqRaised, host.Read32(Status));
    }

    [Fact]
    public async Task RaisingMsixSendsTheNumberedTableEntry()
    {
        using RtlFunction function = await TestDesigns.FunctionAsync(Description);
        var host = new TestHost(function);
        host.Enumerate();
        host.WriteConfig16(function.ConfigSpace.MsiX!.Offset + 2, 0x8000);
        ulong entry = TestHost.Bar0Address + 0x80 + (4 * 16);
        host.Write32(entry, (uint)TestHost.MsiAddress);
        host.Write32(entry + 8, 0xC0DE_0005);
        host.Write32(entry + 12, 0);
        host.Write32(IrqType, IrqTypeMsix);
        host.Write32(IrqNumber, 5);

        host.Write32(Command, CommandRaiseMsix);

        Assert.Equal([0xC0DE_0005u], host.Interrupts);
    }

    [Fact]
    public async Task RaisingIntxAssertsIntaUntilTheHandlerReadsStatus()
    {
        // The driver's handler reads STATUS first and never acknowledges: that read ends the pulse.
        using RtlFunction function = await TestDesigns.FunctionAsync(Description);
        var host = new TestHost(function);
        host.Enumerate();
        host.Write32(IrqType, IrqTypeIntx);

        host.Write32(Command, CommandRaiseIntx);
        MessageCode[] beforeRead = [.. host.IntxMessages.Select(m => m.MessageCode)];
        uint status = host.Read32(Status);

        Assert.Equal([MessageCode.AssertIntA], beforeRead);
        Assert.Equal(StatusIrqRaised, status);
        Assert.Equal([MessageCode.AssertIntA, MessageCode.DeassertIntA], host.IntxMessages.Select(m => m.MessageCode));
    }

    /// <summary>crc32_le(~0, data) as the Linux driver computes it: reflected polynomial EDB88320h, no final inversion.</summary>
    private static uint Crc32Le(ReadOnlySpan<byte> data)
    {
        uint crc = 0xFFFF_FFFF;
        foreach (byte value in data)
        {
            crc ^= value;
            for (int bit = 0; bit < 8; bit++)
            {
                crc = (crc >> 1) ^ ((crc & 1) != 0 ? 0xEDB8_8320u : 0);
            }
        }

        return crc;
    }

    private static byte[] Random(int size, int seed)
    {
        byte[] data = new byte[size];
        new Random(seed).NextBytes(data);
        return data;
    }

    private static void SetSource(TestHost host, int offset)
    {
        ulong address = TestHost.MemoryBase + (ulong)offset;
        host.Write32(LowerSourceAddress, unchecked((uint)address));
        host.Write32(UpperSourceAddress, (uint)(address >> 32));
    }

    private static void SetDestination(TestHost host, int offset)
    {
        ulong address = TestHost.MemoryBase + (ulong)offset;
        host.Write32(LowerDestinationAddress, unchecked((uint)address));
        host.Write32(UpperDestinationAddress, (uint)(address >> 32));
    }

    private static void EnableMsi(TestHost host, RtlFunction function)
    {
        int msi = function.ConfigSpace.Msi!.Offset;
        host.WriteConfig(msi + 0x04, (uint)TestHost.MsiAddress);
        host.WriteConfig(msi + 0x08, 0);
        host.WriteConfig16(msi + 0x0C, 0x4000);
        host.WriteConfig16(msi + 0x02, 0x0021);
    }
}
