using System.Buffers.Binary;
using Cosim.Models.TestDevice;
using Cosim.Testbench.Enumeration;
using Cosim.Testbench.Interrupts;
using Cosim.Tlp;
using Cosim.Tlp.Checking;
using Cosim.Tlp.Config.Capabilities;

namespace Cosim.Testbench.Tests;

/// <summary>MSI, MSI-X and INTx against Cosim's test device (VECTOR at 08h raises MSI-X, else MSI, else INTA).</summary>
public sealed class RootComplexInterruptTests
{
    private const ulong InterruptRequest = 0x08;
    private const ulong IntxControl = 0x10;

    [Fact]
    public async Task MsiVectorsGetAlignedDataAndEachMessageReachesItsVector()
    {
        await using RootComplex rc = await RootComplex.StartAsync(new CosimTestDevice());
        Bar bar0 = rc.Function.GetBar(0);

        IReadOnlyList<InterruptVector> vectors = await rc.ConfigureMsiAsync();
        await bar0.WriteUInt32Async(InterruptRequest, 2);
        await vectors[2].WaitAsync();

        int msi = rc.Function.FindCapability(CapabilityId.Msi);
        uint control = await rc.ConfigReadUInt32Async(msi) >> 16;
        Assert.Equal(4, vectors.Count);
        Assert.Equal(0u, vectors[0].Data % 4); // the function replaces the low 2 bits
        Assert.Equal(0b010_0001u, control & 0x71); // Multiple Message Enable 010b (4), MSI Enable
        Assert.Equal([0, 0, 1, 0], vectors.Select(v => v.Count));
    }

    [Fact]
    public async Task MsixTableIsProgrammedThroughMmioAndMessagesReachTheirEntries()
    {
        await using RootComplex rc = await RootComplex.StartAsync(new CosimTestDevice());
        Bar bar0 = rc.Function.GetBar(0);

        IReadOnlyList<InterruptVector> vectors = await rc.ConfigureMsixAsync();
        byte[] entry3 = await bar0.ReadAsync(0x800 + (3 * 16), 16); // table at BAR0 + 800h
        await bar0.WriteUInt32Async(InterruptRequest, 3);
        await vectors[3].WaitAsync();

        Assert.Equal(4, vectors.Count);
        Assert.Equal(vectors[3].Address, BinaryPrimitives.ReadUInt64LittleEndian(entry3));
        Assert.Equal(vectors[3].Data, BinaryPrimitives.ReadUInt32LittleEndian(entry3.AsSpan(8)));
        Assert.Equal(0u, BinaryPrimitives.ReadUInt32LittleEndian(entry3.AsSpan(12))); // unmasked
        Assert.Equal(1, vectors[3].Count);
        Assert.Equal(4, vectors.Select(v => v.Data).Distinct().Count());
    }

    [Fact]
    public async Task MaskedMsixVectorIsDeliveredWhenUnmasked()
    {
        await using RootComplex rc = await RootComplex.StartAsync(new CosimTestDevice());
        Bar bar0 = rc.Function.GetBar(0);
        IReadOnlyList<InterruptVector> vectors = await rc.ConfigureMsixAsync();

        await rc.SetMsixVectorMaskAsync(1, masked: true);
        await bar0.WriteUInt32Async(InterruptRequest, 1);
        int whileMasked = vectors[1].Count;
        await rc.SetMsixVectorMaskAsync(1, masked: false);
        await vectors[1].WaitAsync();

        Assert.Equal(0, whileMasked);
        Assert.Equal(1, vectors[1].Count);
    }

    [Fact]
    public async Task MessagesThatArrivedBeforeTheWaitAreTakenOneEach()
    {
        await using RootComplex rc = await RootComplex.StartAsync(new CosimTestDevice());
        Bar bar0 = rc.Function.GetBar(0);
        IReadOnlyList<InterruptVector> vectors = await rc.ConfigureMsiAsync();

        await bar0.WriteUInt32Async(InterruptRequest, 0);
        await bar0.WriteUInt32Async(InterruptRequest, 0);
        await vectors[0].WaitAsync();
        await vectors[0].WaitAsync();

        Assert.Equal(2, vectors[0].Count);
        Assert.Equal(0, vectors[0].Pending);
        Assert.False(vectors[0].TryTake());
    }

    [Fact]
    public async Task RaisedRunsForEveryMessage()
    {
        await using RootComplex rc = await RootComplex.StartAsync(new CosimTestDevice());
        Bar bar0 = rc.Function.GetBar(0);
        IReadOnlyList<InterruptVector> vectors = await rc.ConfigureMsiAsync();
        var seen = new List<int>();
        foreach (InterruptVector vector in vectors)
        {
            vector.Raised += v => seen.Add(v.Index);
        }

        await bar0.WriteUInt32Async(InterruptRequest, 3);
        await bar0.WriteUInt32Async(InterruptRequest, 1);

        Assert.Equal([3, 1], seen);
    }

    [Fact]
    public async Task IntxLevelFollowsAssertAndDeassertMessages()
    {
        await using RootComplex rc = await RootComplex.StartAsync(new CosimTestDevice());
        Bar bar0 = rc.Function.GetBar(0);

        await bar0.WriteUInt32Async(IntxControl, 1);
        await rc.Intx.WaitForAssertAsync();
        bool asserted = rc.Intx.IsAsserted();
        await bar0.WriteUInt32Async(IntxControl, 0);
        await rc.Intx.WaitForLevelAsync(asserted: false);

        Assert.True(asserted);
        Assert.False(rc.Intx.IsAsserted());
        Assert.Equal(1, rc.Intx.AssertCount());
    }

    [Fact]
    public async Task InterruptToNoProgrammedVectorFailsTheTest()
    {
        var function = new ScriptedFunction();
        var rc = await RootComplex.StartAsync(function);
        IReadOnlyList<InterruptVector> vectors = await rc.ConfigureMsiAsync(vectors: 1);
        rc.ExpectViolation(CheckerRule.MsiVectorNotEnabled);

        function.Send(TlpHeader.MemoryWrite(function.Id, 0, vectors[0].Address, 4), [0x99, 0x99, 0, 0]);

        TestbenchFailureException thrown = Assert.Throws<TestbenchFailureException>(rc.Dispose);
        Assert.Contains("matches no vector", Assert.Single(thrown.Problems), StringComparison.Ordinal);
    }

    [Fact]
    public async Task MsiSetupWithoutTheCapabilityNamesTheFunction()
    {
        await using RootComplex rc = await RootComplex.StartAsync(new ScriptedFunction(new Cosim.Tlp.Config.ConfigSpace(
            new Cosim.Tlp.Config.FunctionIdentity(VendorId: 0x1234, DeviceId: 1, ClassCode: 0))));

        InvalidOperationException thrown = await Assert.ThrowsAsync<InvalidOperationException>(() => rc.ConfigureMsixAsync());

        Assert.Contains("[1234:0001]", thrown.Message, StringComparison.Ordinal);
    }
}
