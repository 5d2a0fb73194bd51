using System.IO.Hashing;
using Cosim.Testbench;
using Cosim.Testbench.Enumeration;
using Cosim.Testbench.Interrupts;
using Cosim.Testbench.Memory;
using Cosim.Tlp;

namespace Cosim.Conformance.Tests.PciEpfTest;

/// <summary>
/// The host side of pci-epf-test as the Linux driver drivers/misc/pci_endpoint_test.c (7.x) drives it, over the
/// root-complex testbench: its own register map and bits (the suite tests implementations against the driver's view,
/// not against a model's enums), command sequencing (parameters first, COMMAND last, then wait for the interrupt) and
/// the checksum the driver computes.
/// </summary>
internal sealed class PciEpfTestHost : IAsyncDisposable
{
    public const ushort VendorId = 0x104C;
    public const ushort DeviceId = 0xB500;
    public const int TestRegisterBar = 0; // DRA74x: test registers in BAR0, buffers aligned to 4 KiB
    public const int BufferAlignment = 4096;

    private readonly IPcieFunction _function;

    private PciEpfTestHost(RootComplex rootComplex, IPcieFunction function)
    {
        _function = function;
        Rc = rootComplex;
        Registers = rootComplex.Function.GetBar(TestRegisterBar);
    }

    public RootComplex Rc { get; }

    public Bar Registers { get; }

    public static async Task<PciEpfTestHost> StartAsync(DeviceImplementation implementation, RootComplexOptions? options = null)
    {
        IPcieFunction function = implementation.Create();
        RootComplex rc = await RootComplex.StartAsync(function, options);
        Assert.Equal((VendorId, DeviceId), (rc.Function.VendorId, rc.Function.DeviceId));
        return new PciEpfTestHost(rc, function);
    }

    /// <summary>
    /// The driver's checksum, <c>crc32_le(~0, data, size)</c>: reflected CRC-32 (EDB88320h) seeded with FFFFFFFFh and
    /// without the final inversion, i.e. the bitwise NOT of the zlib CRC-32.
    /// </summary>
    public static uint Checksum(ReadOnlySpan<byte> data) => ~Crc32.HashToUInt32(data);

    public Task<uint> ReadRegisterAsync(ulong offset) => Registers.ReadUInt32Async(offset);

    public Task WriteRegisterAsync(ulong offset, uint value) => Registers.WriteUInt32Async(offset, value);

    /// <summary>Programs IRQ_TYPE and IRQ_NUMBER, clears STATUS, writes COMMAND, waits for that interrupt, returns STATUS.</summary>
    public async Task<uint> RunAsync(uint command, uint irqType = IrqType.Msi, int irqNumber = 1)
    {
        await WriteRegisterAsync(Register.IrqType, irqType);
        await WriteRegisterAsync(Register.IrqNumber, (uint)irqNumber);
        await WriteRegisterAsync(Register.Status, 0);
        await WriteRegisterAsync(Register.Command, command);
        await WaitForInterruptAsync(irqType, irqNumber);
        return await ReadRegisterAsync(Register.Status);
    }

    public Task WaitForInterruptAsync(uint irqType, int irqNumber) => irqType switch
    {
        IrqType.Intx => Rc.Intx.WaitForAssertAsync(),
        IrqType.Msi => Vector(Rc.Msi, irqNumber).WaitAsync(),
        _ => Vector(Rc.MsiX, irqNumber).WaitAsync(),
    };

    /// <summary>Host "write test" (device COMMAND_READ): the device reads <paramref name="source"/> and checks its checksum.</summary>
    public async Task<uint> DeviceReadsAsync(HostBuffer source, int size, uint checksum)
    {
        await WriteAddressAsync(Register.SourceAddressLow, source.Address);
        await WriteRegisterAsync(Register.Size, (uint)size);
        await WriteRegisterAsync(Register.Checksum, checksum);
        return await RunAsync(Command.Read);
    }

    /// <summary>Host "read test" (device COMMAND_WRITE): the device fills <paramref name="destination"/> and reports its checksum.</summary>
    public async Task<uint> DeviceWritesAsync(HostBuffer destination, int size)
    {
        await WriteAddressAsync(Register.DestinationAddressLow, destination.Address);
        await WriteRegisterAsync(Register.Size, (uint)size);
        return await RunAsync(Command.Write);
    }

    /// <summary>Host "copy test" (COMMAND_COPY).</summary>
    public async Task<uint> DeviceCopiesAsync(HostBuffer source, HostBuffer destination, int size)
    {
        await WriteAddressAsync(Register.SourceAddressLow, source.Address);
        await WriteAddressAsync(Register.DestinationAddressLow, destination.Address);
        await WriteRegisterAsync(Register.Size, (uint)size);
        return await RunAsync(Command.Copy);
    }

    /// <summary>Ends the test on the root complex (which reports checker violations), then frees the function (an RTL model).</summary>
    public async ValueTask DisposeAsync()
    {
        try
        {
            await Rc.DisposeAsync();
        }
        finally
        {
            (_function as IDisposable)?.Dispose();
        }
    }

    private static InterruptVector Vector(IReadOnlyList<InterruptVector> vectors, int irqNumber)
    {
        Assert.True(irqNumber >= 1 && irqNumber <= vectors.Count, $"IRQ_NUMBER {irqNumber}: {vectors.Count} vectors are configured");
        return vectors[irqNumber - 1];
    }

    private async Task WriteAddressAsync(ulong lowRegister, ulong address)
    {
        await WriteRegisterAsync(lowRegister, (uint)address);
        await WriteRegisterAsync(lowRegister + 4, (uint)(address >> 32));
    }

    /// <summary>BAR0 register offsets (pci_endpoint_test.c PCI_ENDPOINT_TEST_*).</summary>
    public static class Register
    {
        public const ulong Magic = 0x00;
        public const ulong Command = 0x04;
        public const ulong Status = 0x08;
        public const ulong SourceAddressLow = 0x0C;
        public const ulong DestinationAddressLow = 0x14;
        public const ulong Size = 0x1C;
        public const ulong Checksum = 0x20;
        public const ulong IrqType = 0x24;
        public const ulong IrqNumber = 0x28;
        public const ulong Flags = 0x2C;
        public const ulong Capabilities = 0x30;
        public const ulong DoorbellBar = 0x34;
        public const ulong DoorbellOffset = 0x38;
        public const ulong DoorbellData = 0x3C;
    }

    /// <summary>COMMAND values.</summary>
    public static class Command
    {
        public const uint RaiseIntx = 1u << 0;
        public const uint RaiseMsi = 1u << 1;
        public const uint RaiseMsix = 1u << 2;
        public const uint Read = 1u << 3;
        public const uint Write = 1u << 4;
        public const uint Copy = 1u << 5;
        public const uint EnableDoorbell = 1u << 6;
        public const uint DisableDoorbell = 1u << 7;
        public const uint BarSubrangeSetup = 1u << 8;
        public const uint BarSubrangeClear = 1u << 9;
    }

    /// <summary>STATUS bits.</summary>
    public static class Status
    {
        public const uint ReadSuccess = 1u << 0;
        public const uint ReadFail = 1u << 1;
        public const uint WriteSuccess = 1u << 2;
        public const uint WriteFail = 1u << 3;
        public const uint CopySuccess = 1u << 4;
        public const uint CopyFail = 1u << 5;
        public const uint IrqRaised = 1u << 6;
        public const uint SourceAddressInvalid = 1u << 7;
        public const uint DestinationAddressInvalid = 1u << 8;
        public const uint DoorbellSuccess = 1u << 9;
        public const uint DoorbellEnableSuccess = 1u << 10;
        public const uint DoorbellDisableSuccess = 1u << 12;
        public const uint BarSubrangeSetupSuccess = 1u << 14;
        public const uint BarSubrangeClearSuccess = 1u << 16;
    }

    /// <summary>IRQ_TYPE values.</summary>
    public static class IrqType
    {
        public const uint Intx = 0;
        public const uint Msi = 1;
        public const uint Msix = 2;
    }
}
