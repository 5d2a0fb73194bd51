using Cosim.Testbench.Memory;
using static Cosim.Conformance.Tests.Edu.EduHost;

namespace Cosim.Conformance.Tests.Edu;

/// <summary>edu, written once against QEMU's specification and run against every implementation in <see cref="Implementations.Edu"/>.</summary>
public sealed class EduConformanceTests
{
    public static TheoryData<DeviceImplementation> All => Implementations.EduData;

    public static TheoryData<DeviceImplementation, uint, uint> Factorials
    {
        get
        {
            // 32-bit products as edu computes them: 13! = 6227020800 wraps to 6227020800 - 2^32 = 1932053504.
            var data = new TheoryData<DeviceImplementation, uint, uint>();
            foreach (DeviceImplementation implementation in Implementations.Edu)
            {
                data.Add(implementation, 0, 1);
                data.Add(implementation, 5, 120);
                data.Add(implementation, 12, 479_001_600);
                data.Add(implementation, 13, 1_932_053_504);
            }

            return data;
        }
    }

    [Theory]
    [MemberData(nameof(All))]
    public async Task RegistersIdentifyTheDeviceAndProveItAlive(DeviceImplementation implementation)
    {
        await using EduHost edu = await StartAsync(implementation);

        uint identification = await edu.ReadAsync(Register.Identification);
        await edu.WriteAsync(Register.Liveness, 0x1234_5678u);
        uint liveness = await edu.ReadAsync(Register.Liveness);

        Assert.Equal(0x0100_00EDu, identification); // major 1, minor 0
        Assert.Equal(~0x1234_5678u, liveness);
        Assert.Equal(1UL << 20, edu.Bar0.Size);
        Assert.False(edu.Rc.Function.IsPciExpress);
    }

    [Theory]
    [MemberData(nameof(Factorials))]
    public async Task FactorialEndsWithItsInterrupt(DeviceImplementation implementation, uint input, uint expected)
    {
        await using EduHost edu = await StartAsync(implementation);

        await edu.WriteAsync(Register.Status, StatusBit.RaiseInterruptOnFactorial);
        await edu.WriteAsync(Register.Factorial, input);
        await edu.Rc.Intx.WaitForAssertAsync();
        uint result = await edu.ReadAsync(Register.Factorial);
        uint status = await edu.ReadAsync(Register.Status);
        uint cause = await edu.ReadAsync(Register.InterruptStatus);
        await edu.WriteAsync(Register.InterruptAcknowledge, cause);
        await edu.Rc.Intx.WaitForLevelAsync(asserted: false);

        Assert.Equal(expected, result);
        Assert.Equal(0u, status & StatusBit.Computing);
        Assert.Equal(Interrupt.Factorial, cause);
    }

    [Theory]
    [MemberData(nameof(All))]
    public async Task RaisedInterruptHoldsIntaUntilEveryBitIsAcknowledged(DeviceImplementation implementation)
    {
        await using EduHost edu = await StartAsync(implementation);

        await edu.WriteAsync(Register.InterruptRaise, 0x0003u);
        await edu.Rc.Intx.WaitForAssertAsync();
        await edu.WriteAsync(Register.InterruptAcknowledge, 0x0001u);
        bool afterFirst = edu.Rc.Intx.IsAsserted();
        uint remaining = await edu.ReadAsync(Register.InterruptStatus);
        await edu.WriteAsync(Register.InterruptAcknowledge, 0x0002u);
        await edu.Rc.Intx.WaitForLevelAsync(asserted: false);

        Assert.True(afterFirst);
        Assert.Equal(0x0002u, remaining);
        Assert.Equal(0u, await edu.ReadAsync(Register.InterruptStatus));
    }

    [Theory]
    [MemberData(nameof(All))]
    public async Task WithMsiEnabledEveryRaiseIsAMessage(DeviceImplementation implementation)
    {
        await using EduHost edu = await StartAsync(implementation);
        var vectors = await edu.Rc.ConfigureMsiAsync();

        await edu.WriteAsync(Register.InterruptRaise, 0x0010u);
        await vectors[0].WaitAsync();
        await edu.WriteAsync(Register.InterruptAcknowledge, 0x0010u);

        Assert.Single(vectors);
        Assert.Equal(0, edu.Rc.Intx.AssertCount());
    }

    [Theory]
    [MemberData(nameof(All))]
    public async Task DmaRoundTripThroughTheDeviceBufferKeepsTheData(DeviceImplementation implementation)
    {
        // Host buffer → edu buffer at 40000h (DMA_IRQ), then edu buffer → another host buffer (DMA_IRQ).
        await using EduHost edu = await StartAsync(implementation);
        var vectors = await edu.Rc.ConfigureMsiAsync();
        HostBuffer source = edu.Rc.Memory.Allocate(DmaBufferSize);
        HostBuffer destination = edu.Rc.Memory.Allocate(DmaBufferSize);
        byte[] data = source.FillRandom(seed: 12);

        await edu.RunDmaAsync(source.Address, DmaBuffer, DmaBufferSize, toHost: false);
        await vectors[0].WaitAsync();
        uint firstCause = await edu.ReadAsync(Register.InterruptStatus);
        await edu.WriteAsync(Register.InterruptAcknowledge, firstCause);
        await edu.RunDmaAsync(DmaBuffer, destination.Address, DmaBufferSize, toHost: true);
        await vectors[0].WaitAsync();
        ulong command = await edu.Bar0.ReadUInt64Async(Register.DmaCommand);

        Assert.Equal(Interrupt.Dma, firstCause);
        Assert.Equal(data, destination.ToArray());
        Assert.Equal(0UL, command & DmaCommand.Start);
    }

    [Theory]
    [MemberData(nameof(All))]
    public async Task DmaOfPartOfTheBufferMovesOnlyThoseBytes(DeviceImplementation implementation)
    {
        await using EduHost edu = await StartAsync(implementation);
        var vectors = await edu.Rc.ConfigureMsiAsync();
        HostBuffer source = edu.Rc.Memory.Allocate(64);
        HostBuffer destination = edu.Rc.Memory.Allocate(64);
        byte[] data = source.FillRandom(seed: 13);
        destination.Fill(0xEE);

        await edu.RunDmaAsync(source.Address + 3, DmaBuffer + 0x103, 13, toHost: false);
        await vectors[0].WaitAsync();
        await edu.RunDmaAsync(DmaBuffer + 0x103, destination.Address + 5, 13, toHost: true);
        await vectors[0].WaitAsync();

        byte[] landed = destination.ToArray();
        Assert.Equal(data.AsSpan(3, 13).ToArray(), landed.AsSpan(5, 13).ToArray());
        Assert.All(landed[..5], b => Assert.Equal(0xEE, b));
        Assert.All(landed[18..], b => Assert.Equal(0xEE, b));
    }
}
