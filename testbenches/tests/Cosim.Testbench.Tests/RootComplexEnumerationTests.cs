using Cosim.Models.TestDevice;
using Cosim.Testbench.Enumeration;
using Cosim.Tlp;
using Cosim.Tlp.Config;
using Cosim.Tlp.Config.Capabilities;
using Cosim.Tlp.Transactions;

namespace Cosim.Testbench.Tests;

public sealed class RootComplexEnumerationTests
{
    [Fact]
    public async Task EnumerationReadsTheIdentityOfTheFunction()
    {
        await using RootComplex rc = await RootComplex.StartAsync(new CosimTestDevice());

        EnumeratedFunction function = rc.Function;

        Assert.Equal(CosimTestDevice.VendorId, function.VendorId);
        Assert.Equal(CosimTestDevice.DeviceId, function.DeviceId);
        Assert.Equal(0xFF_0000u, function.ClassCode);
        Assert.Equal(1, function.RevisionId);
        Assert.Equal(0, function.HeaderType);
        Assert.Equal(InterruptPin.IntA, function.InterruptPin);
    }

    [Fact]
    public async Task ThirtyTwoBitAndIoBarsAreSizedAndAssignedNaturallyAlignedInTheirWindows()
    {
        await using RootComplex rc = await RootComplex.StartAsync(new CosimTestDevice());

        Bar memory = rc.Function.GetBar(0);
        Bar io = rc.Function.GetBar(2);
        uint memoryRegister = await rc.ConfigReadUInt32Async(0x10);
        uint ioRegister = await rc.ConfigReadUInt32Async(0x18);

        Assert.Equal((BarKind.Memory32, 4096UL), (memory.Kind, memory.Size));
        Assert.Equal((BarKind.Io, 16UL), (io.Kind, io.Size));
        Assert.Equal(0UL, memory.Address % memory.Size);
        Assert.Equal(0UL, io.Address % io.Size);
        Assert.InRange(memory.Address, rc.Options.Memory32Base, rc.Options.Memory32End - 1);
        Assert.InRange(io.Address, rc.Options.IoBase, rc.Options.IoEnd - 1);
        Assert.Equal((uint)memory.Address, memoryRegister);
        Assert.Equal((uint)io.Address | 1u, ioRegister); // bit 0: I/O Space indicator
        Assert.Equal(2, rc.Function.Bars.Count);
    }

    [Fact]
    public async Task SixtyFourBitPrefetchableBarIsPlacedAbove4GiBAcrossBothRegisters()
    {
        var function = new ScriptedFunction();
        await using RootComplex rc = await RootComplex.StartAsync(function);

        Bar bar = rc.Function.GetBar(ScriptedFunction.RamBar);

        Assert.Equal(BarKind.Memory64, bar.Kind);
        Assert.True(bar.Prefetchable);
        Assert.Equal(ScriptedFunction.RamBarSize, bar.Size);
        Assert.True(bar.Address >= 1UL << 32);
        Assert.Equal(bar.Address, function.Config.GetBarAddress(ScriptedFunction.RamBar));
        Assert.False(rc.Function.TryGetBar(ScriptedFunction.RamBar + 1, out _)); // the upper half is no BAR of its own
    }

    [Fact]
    public async Task SixtyFourBitBarsStayBelow4GiBWhenAsked()
    {
        await using RootComplex rc = await RootComplex.StartAsync(new ScriptedFunction(), new RootComplexOptions { Place64BitBarsAbove4GiB = false });

        Assert.True(rc.Function.GetBar(ScriptedFunction.RamBar).Address < 1UL << 32);
    }

    [Fact]
    public async Task ExpansionRomIsSizedAndAssignedButLeftDisabled()
    {
        var function = new ScriptedFunction();
        await using RootComplex rc = await RootComplex.StartAsync(function);

        Assert.Equal(64UL * 1024, rc.Function.ExpansionRomSize);
        Assert.Equal(rc.Function.ExpansionRomAddress, function.Config.ExpansionRomAddress);
        Assert.False(function.Config.ExpansionRomEnable);
    }

    [Fact]
    public async Task CapabilitiesAndExtendedCapabilitiesAreWalkedInListOrder()
    {
        await using RootComplex rc = await RootComplex.StartAsync(new ScriptedFunction());

        byte[] ids = [.. rc.Function.Capabilities.Select(c => c.Id)];

        Assert.Equal([(byte)CapabilityId.PowerManagement, (byte)CapabilityId.Msi, (byte)CapabilityId.Msix, (byte)CapabilityId.PciExpress], ids);
        Assert.Equal(0x40, rc.Function.FindCapability(CapabilityId.PowerManagement));
        Assert.Equal(0x100, rc.Function.FindExtendedCapability(ExtendedCapabilityId.AdvancedErrorReporting));
        Assert.True(rc.Function.IsPciExpress);
    }

    [Fact]
    public async Task DeviceControlGetsTheSmallerMaxPayloadSizeAndTheConfiguredMaxReadRequestSize()
    {
        // The function supports 512 bytes, the root 256.
        var function = new ScriptedFunction();
        await using RootComplex rc = await RootComplex.StartAsync(function, new RootComplexOptions { FunctionMaxReadRequestSize = MaxReadRequestSize.Bytes1024 });

        Assert.Equal(MaxPayloadSize.Bytes256, rc.Function.MaxPayloadSize);
        Assert.Equal(256, function.Config.DeviceControl.MaxPayloadSize);
        Assert.Equal(1024, function.Config.DeviceControl.MaxReadRequestSize);
        Assert.Equal(MaxPayloadSize.Bytes256, rc.Checker!.MaxPayloadSize);
    }

    [Fact]
    public async Task ConventionalPciFunctionKeeps128ByteTransfers()
    {
        await using RootComplex rc = await RootComplex.StartAsync(new Cosim.Models.Edu.EduDevice(dmaStartDelay: TimeSpan.Zero));

        Assert.False(rc.Function.IsPciExpress);
        Assert.Equal(MaxPayloadSize.Bytes128, rc.Function.MaxPayloadSize);
    }

    [Fact]
    public async Task EnumerationEnablesDecodersAndBusMastering()
    {
        var function = new ScriptedFunction();
        await using RootComplex rc = await RootComplex.StartAsync(function);

        Assert.Equal(CommandFlags.IoSpaceEnable | CommandFlags.MemorySpaceEnable | CommandFlags.BusMasterEnable, function.Config.Command);
    }

    [Fact]
    public async Task BusMasteringCanBeLeftOff()
    {
        var function = new ScriptedFunction();
        await using RootComplex rc = await RootComplex.StartAsync(function, new RootComplexOptions { EnableBusMaster = false });

        Assert.False(function.Config.BusMasterEnable);
        await rc.SetBusMasterAsync(true);
        Assert.True(function.Config.BusMasterEnable);
    }

    [Fact]
    public async Task FunctionCapturesItsBusAndDeviceNumber()
    {
        var function = new ScriptedFunction();
        await using RootComplex rc = await RootComplex.StartAsync(function, new RootComplexOptions { FunctionId = PcieId.From(3, 4, 0) });

        Assert.Equal(PcieId.From(3, 4, 0), function.Id);
        Assert.Equal(PcieId.From(3, 4, 0), rc.Function.Id);
    }

    [Fact]
    public async Task EnumeratingNothingFailsWithTheFunctionsAddress()
    {
        // A Vendor ID of FFFFh is how an empty slot reads.
        var empty = new ScriptedFunction(new ConfigSpace(new FunctionIdentity(VendorId: 0xFFFE, DeviceId: 0, ClassCode: 0)));
        await using var rc = new RootComplex(new VendorIdOverride(empty));

        InvalidOperationException thrown = await Assert.ThrowsAsync<InvalidOperationException>(() => rc.EnumerateAsync());

        Assert.Contains("01:00.0", thrown.Message, StringComparison.Ordinal);
    }

    /// <summary>Answers every CfgRd of DW 0 with FFFFFFFFh, as an empty slot's master abort does.</summary>
    private sealed class VendorIdOverride(ScriptedFunction inner) : IPcieFunction
    {
        private ITlpReceiver? _upstream;

        public void Attach(ITlpReceiver upstream)
        {
            _upstream = upstream;
            inner.Attach(upstream);
        }

        public void Reset() => inner.Reset();

        public void Receive(in TlpHeader header, ReadOnlySpan<byte> payload)
        {
            if (header.Kind == TlpKind.ConfigRead0 && header.Address == 0)
            {
                _upstream!.Receive(TlpHeader.CompletionFor(header, default, CompletionStatus.SuccessfulCompletion, 1, 4, 0), [0xFF, 0xFF, 0xFF, 0xFF]);
                return;
            }

            inner.Receive(header, payload);
        }
    }
}
