using Cosim.Tlp;

namespace Cosim.VfioUser.Tests;

/// <summary>MSI-X, MSI and INTx from the function's TLPs to QEMU's eventfds.</summary>
public sealed class InterruptTests
{
    private const int MsixControlHighByte = TestFunction.MsixCapability + 3;
    private const byte MsixEnableBit = 0x80;

    [Fact]
    public void MsixWriteFiresTheEventFdOfItsVector()
    {
        using var harness = new ServerHarness();
        QemuClient client = harness.ConnectAndStart();
        ServerHarness.ProgramBars(client);
        EventFd[] vectors = [.. Enumerable.Range(0, TestFunction.MsixVectors).Select(_ => harness.Own(new EventFd()))];
        client.RegionWrite(7, MsixControlHighByte, [MsixEnableBit]);
        Assert.False(client.SetIrqs(IrqIndex.Msix, IrqSetFlags.DataEventFd | IrqSetFlags.ActionTrigger, 0, 4, vectors.Select(v => v.Fd).ToArray()).IsError);

        ServerHarness.DeviceCommand(client, TestFunction.DeviceCommand.RaiseMsix, vector: 2);
        client.RegionRead(0, 0, 4); // the posted command has been handled once this read is answered

        Assert.Equal([0ul, 0ul, 1ul, 0ul], vectors.Select(v => v.Take()));
    }

    [Fact]
    public void SetIrqsProgramsTheFunctionsMsixTableEntries()
    {
        using var harness = new ServerHarness();
        QemuClient client = harness.ConnectAndStart();
        ServerHarness.ProgramBars(client);
        using var fd = new EventFd();
        harness.Function.Received.Clear();

        client.SetIrqs(IrqIndex.Msix, IrqSetFlags.DataEventFd | IrqSetFlags.ActionTrigger, 3, 1, [fd.Fd]);

        TlpHeader write = Assert.Single(harness.Function.Received);
        Assert.Equal(TlpKind.MemoryWrite, write.Kind);
        Assert.Equal(ServerHarness.Bar2Address + (3 * 16), write.Address);
        Assert.Equal(4, write.Length);
        byte[] entry = client.RegionRead(2, 3 * 16, 8).Concat(client.RegionRead(2, (3 * 16) + 8, 8)).ToArray();
        Assert.Equal(new byte[] { 0x00, 0x00, 0xE0, 0xFE, 0, 0, 0, 0, 3, 0, 0, 0, 0, 0, 0, 0 }, entry);
    }

    [Fact]
    public void MsixVectorFiredWithoutFdIsDeliveredWhenTheFdArrives()
    {
        using var harness = new ServerHarness();
        QemuClient client = harness.ConnectAndStart();
        ServerHarness.ProgramBars(client);
        client.RegionWrite(7, MsixControlHighByte, [MsixEnableBit]);
        client.SetIrqs(IrqIndex.Msix, IrqSetFlags.DataEventFd | IrqSetFlags.ActionTrigger, 0, 4); // enabled, no vectors
        ServerHarness.DeviceCommand(client, TestFunction.DeviceCommand.RaiseMsix, vector: 1);
        client.RegionRead(0, 0, 4);
        using var fd = new EventFd();

        client.SetIrqs(IrqIndex.Msix, IrqSetFlags.DataEventFd | IrqSetFlags.ActionTrigger, 1, 1, [fd.Fd]);

        Assert.Equal(1ul, fd.Take());
    }

    [Fact]
    public void MsiWriteFiresTheVectorSelectedByTheLowDataBits()
    {
        using var harness = new ServerHarness();
        QemuClient client = harness.ConnectAndStart();
        ServerHarness.ProgramBars(client);
        EventFd[] vectors = [.. Enumerable.Range(0, TestFunction.MsiVectors).Select(_ => harness.Own(new EventFd()))];
        client.WriteConfig32(TestFunction.MsiCapability + 4, 0xFEE0_0000);
        client.WriteConfig16(TestFunction.MsiCapability + 12, 0x4040);
        client.WriteConfig16(TestFunction.MsiCapability + 2, 0x0021); // MSI Enable, Multiple Message Enable = 4
        client.SetIrqs(IrqIndex.Msi, IrqSetFlags.DataEventFd | IrqSetFlags.ActionTrigger, 0, 4, vectors.Select(v => v.Fd).ToArray());

        ServerHarness.DeviceCommand(client, TestFunction.DeviceCommand.RaiseMsi, vector: 3);
        client.RegionRead(0, 0, 4);

        Assert.Equal([0ul, 0ul, 0ul, 1ul], vectors.Select(v => v.Take()));
    }

    [Fact]
    public void IntxAssertPulsesTheEventFdAndUnmaskRetriggersWhileAsserted()
    {
        using var harness = new ServerHarness();
        QemuClient client = harness.ConnectAndStart();
        ServerHarness.ProgramBars(client);
        using var intx = new EventFd();
        client.SetIrqs(IrqIndex.Intx, IrqSetFlags.DataEventFd | IrqSetFlags.ActionTrigger, 0, 1, [intx.Fd]);

        ServerHarness.DeviceCommand(client, TestFunction.DeviceCommand.AssertIntx);
        client.RegionRead(0, 0, 4);
        ulong asserted = intx.Take();
        client.SetIrqs(IrqIndex.Intx, IrqSetFlags.DataNone | IrqSetFlags.ActionUnmask, 0, 1);
        ulong stillAsserted = intx.Take();
        ServerHarness.DeviceCommand(client, TestFunction.DeviceCommand.DeassertIntx);
        client.SetIrqs(IrqIndex.Intx, IrqSetFlags.DataNone | IrqSetFlags.ActionUnmask, 0, 1);
        ulong deasserted = intx.Take();

        Assert.Equal(1ul, asserted);
        Assert.Equal(1ul, stillAsserted);
        Assert.Equal(0ul, deasserted);
    }

    [Fact]
    public void MaskedIntxFiresOnUnmask()
    {
        using var harness = new ServerHarness();
        QemuClient client = harness.ConnectAndStart();
        ServerHarness.ProgramBars(client);
        using var intx = new EventFd();
        client.SetIrqs(IrqIndex.Intx, IrqSetFlags.DataEventFd | IrqSetFlags.ActionTrigger, 0, 1, [intx.Fd]);
        client.SetIrqs(IrqIndex.Intx, IrqSetFlags.DataNone | IrqSetFlags.ActionMask, 0, 1);

        ServerHarness.DeviceCommand(client, TestFunction.DeviceCommand.AssertIntx);
        client.RegionRead(0, 0, 4);
        ulong whileMasked = intx.Take();
        client.SetIrqs(IrqIndex.Intx, IrqSetFlags.DataNone | IrqSetFlags.ActionUnmask, 0, 1);

        Assert.Equal(0ul, whileMasked);
        Assert.Equal(1ul, intx.Take());
    }

    [Fact]
    public void KvmResampleEventFdActsAsUnmask()
    {
        using var harness = new ServerHarness();
        QemuClient client = harness.ConnectAndStart();
        ServerHarness.ProgramBars(client);
        using var intx = new EventFd();
        using var resample = new EventFd();
        client.SetIrqs(IrqIndex.Intx, IrqSetFlags.DataEventFd | IrqSetFlags.ActionTrigger, 0, 1, [intx.Fd]);
        client.SetIrqs(IrqIndex.Intx, IrqSetFlags.DataNone | IrqSetFlags.ActionMask, 0, 1);
        client.SetIrqs(IrqIndex.Intx, IrqSetFlags.DataEventFd | IrqSetFlags.ActionUnmask, 0, 1, [resample.Fd]);
        client.SetIrqs(IrqIndex.Intx, IrqSetFlags.DataNone | IrqSetFlags.ActionUnmask, 0, 1);
        ServerHarness.DeviceCommand(client, TestFunction.DeviceCommand.AssertIntx);
        client.RegionRead(0, 0, 4);
        ulong asserted = intx.Take();

        InterruptRouter.Signal(resample.Fd); // KVM: the guest EOIed while the device still asserts INTx

        Assert.Equal(1ul, asserted);
        Assert.Equal(1ul, intx.WaitAndTake(TimeSpan.FromSeconds(10)));
    }

    [Fact]
    public void DisablingAnIndexClosesItsFds()
    {
        using var harness = new ServerHarness();
        QemuClient client = harness.ConnectAndStart();
        ServerHarness.ProgramBars(client);
        using var fd = new EventFd();
        int baseline = TestInterop.OpenFdCount();
        client.SetIrqs(IrqIndex.Msix, IrqSetFlags.DataEventFd | IrqSetFlags.ActionTrigger, 0, 1, [fd.Fd]);
        int assigned = TestInterop.OpenFdCount();

        client.SetIrqs(IrqIndex.Msix, IrqSetFlags.DataNone | IrqSetFlags.ActionTrigger, 0, 0);

        Assert.Equal(baseline + 1, assigned);   // the server's copy of the eventfd
        Assert.Equal(baseline, TestInterop.OpenFdCount());
    }

    [Fact]
    public void ReplacingAVectorsFdClosesTheOldOne()
    {
        using var harness = new ServerHarness();
        QemuClient client = harness.ConnectAndStart();
        using var first = new EventFd();
        using var second = new EventFd();
        client.SetIrqs(IrqIndex.Msix, IrqSetFlags.DataEventFd | IrqSetFlags.ActionTrigger, 0, 1, [first.Fd]);
        int withOne = TestInterop.OpenFdCount();

        client.SetIrqs(IrqIndex.Msix, IrqSetFlags.DataEventFd | IrqSetFlags.ActionTrigger, 0, 1, [second.Fd]);

        Assert.Equal(withOne, TestInterop.OpenFdCount());
    }

    [Theory]
    [InlineData(2u, 0x24u, 3u, 2u)] // MSI-X EVENTFD|TRIGGER: start+count past the 4-entry table
    [InlineData(2u, 0x23u, 0u, 1u)] // NONE|BOOL|TRIGGER: two data types
    [InlineData(2u, 0x01u, 0u, 1u)] // NONE without an action
    [InlineData(2u, 0x24u, 1u, 0u)] // count 0 is only NONE|TRIGGER at start 0
    [InlineData(3u, 0x09u, 0u, 0u)] // ERR NONE|MASK
    [InlineData(5u, 0x21u, 0u, 0u)] // no such index
    public void InvalidSetIrqsIsRejected(uint irqIndex, uint setFlags, uint start, uint count)
    {
        var index = (IrqIndex)irqIndex;
        var flags = (IrqSetFlags)setFlags;
        using var harness = new ServerHarness();
        QemuClient client = harness.ConnectAndStart();

        VfioUserMessage reply = client.SetIrqs(index, flags, start, count);

        Assert.True(reply.IsError);
        Assert.Equal(Errno.InvalidArgument, reply.Errno);
    }

    [Fact]
    public void EventFdCountOtherThanCountIsRejectedAndTheFdsClosed()
    {
        using var harness = new ServerHarness();
        QemuClient client = harness.ConnectAndStart();
        using var fd = new EventFd();
        int baseline = TestInterop.OpenFdCount();

        VfioUserMessage reply = client.SetIrqs(IrqIndex.Msix, IrqSetFlags.DataEventFd | IrqSetFlags.ActionTrigger, 0, 2, [fd.Fd]);

        Assert.Equal(Errno.InvalidArgument, reply.Errno);
        Assert.Equal(baseline, TestInterop.OpenFdCount());
    }
}
