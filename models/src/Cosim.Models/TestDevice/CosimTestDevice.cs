using System.IO.Hashing;
using Cosim.Device;
using Cosim.Device.Dma;
using Cosim.Device.Registers;
using Cosim.Tlp;
using Cosim.Tlp.Config;
using Cosim.Tlp.Config.Capabilities;
using Microsoft.Extensions.Logging;

namespace Cosim.Models.TestDevice;

/// <summary>
/// Cosim's own small test device (1234:c05a): a scratch register in a memory BAR and in an I/O BAR, an interrupt
/// request register that raises MSI-X, MSI or INTx (whichever the driver enabled), and a DMA engine that writes a
/// counting pattern into host memory or reads host memory and reports its CRC-32. The endpoint, the launcher and
/// `cosim bench mmio` are proven against it before any real driver is involved.
/// </summary>
public sealed class CosimTestDevice : EndpointFunction
{
    /// <summary>PCI Vendor ID (QEMU's test vendor).</summary>
    public const ushort VendorId = 0x1234;

    /// <summary>PCI Device ID.</summary>
    public const ushort DeviceId = 0xC05A;

    /// <summary>Value of the IDENTIFICATION register.</summary>
    public const uint Identification = 0xC05A_0001;

    /// <summary>Value of the I/O BAR's IDENTIFICATION register.</summary>
    public const uint IoIdentification = 0xC05A_10AA;

    /// <summary>The most bytes one DMA command moves.</summary>
    public const int MaxDmaLength = 1 << 20;

    private const int MsixVectors = 4;

    private readonly RegisterMap _bar0;
    private readonly RegisterMap _bar2;
    private IValueField _interruptCount = null!;
    private IValueField _dmaAddressLow = null!;
    private IValueField _dmaAddressHigh = null!;
    private IValueField _dmaLength = null!;
    private IValueField _dmaSeed = null!;
    private IValueField _dmaChecksum = null!;
    private IFlagField _dmaBusy = null!;
    private IFlagField _dmaDone = null!;
    private IFlagField _dmaError = null!;
    private IValueField _dmaResult = null!;
    private IFlagField _interruptOnDone = null!;

    /// <summary>Creates the device.</summary>
    public CosimTestDevice(ILogger? logger = null)
        : base(new FunctionIdentity(VendorId, DeviceId, ClassCode: 0xFF_0000, RevisionId: 1, InterruptPin: InterruptPin.IntA), logger)
    {
        _bar0 = AddMemoryBar(index: 0, size: 4096);
        _bar2 = AddIoBar(index: 2, size: 16);
        AddCapability(new PowerManagementCapability());
        AddCapability(new MsiCapability(vectorCount: 4, is64Bit: true, perVectorMasking: true));
        AddCapability(new MsixCapability(MsixVectors, tableBar: 0, tableOffset: 0x800, pbaBar: 0, pbaOffset: 0xC00));
        AddCapability(new PciExpressCapability(PciExpressDeviceType.Endpoint));
        DefineRegisters();
    }

    /// <summary>The last DMA task started (tests await it instead of sleeping).</summary>
    internal Task LastDma { get; private set; } = Task.CompletedTask;

    private void DefineRegisters()
    {
        Registers.Identification.Define(_bar0, reset: Identification).WithValueField(0, 32, FieldAccess.ReadOnly, "ID");
        Registers.Scratch.Define(_bar0).WithValueField(0, 32, name: "SCRATCH");
        Registers.InterruptRequest.Define(_bar0)
            .WithValueField(0, 32, FieldAccess.WriteOnly, "VECTOR", onWrite: (_, vector) => RaiseInterrupt((int)vector));
        Registers.InterruptCount.Define(_bar0).WithValueField(0, 32, out _interruptCount, FieldAccess.ReadOnly, "COUNT");
        Registers.IntxControl.Define(_bar0)
            .WithFlag(0, name: "LEVEL", onWrite: (_, level) => DriveIntx(level))
            .WithReservedBits(1, 31);
        Registers.DmaAddressLow.Define(_bar0).WithValueField(0, 32, out _dmaAddressLow, name: "DMA_ADDRESS[31:0]");
        Registers.DmaAddressHigh.Define(_bar0).WithValueField(0, 32, out _dmaAddressHigh, name: "DMA_ADDRESS[63:32]");
        Registers.DmaLength.Define(_bar0).WithValueField(0, 32, out _dmaLength, name: "LENGTH");
        Registers.DmaCommand.Define(_bar0)
            .WithValueField(0, 32, FieldAccess.WriteOnly, "COMMAND", onWrite: (_, command) => StartDma((DmaCommand)command));
        Registers.DmaStatus.Define(_bar0)
            .WithFlag(0, out _dmaBusy, FieldAccess.ReadOnly, "BUSY")
            .WithFlag(1, out _dmaDone, FieldAccess.WriteOneToClear, "DONE")
            .WithFlag(2, out _dmaError, FieldAccess.WriteOneToClear, "ERROR")
            .WithReservedBits(3, 5)
            .WithValueField(8, 8, out _dmaResult, FieldAccess.ReadOnly, "RESULT (DmaStatus of the last transfer)")
            .WithReservedBits(16, 16);
        Registers.DmaPatternSeed.Define(_bar0).WithValueField(0, 8, out _dmaSeed, name: "SEED").WithReservedBits(8, 24);
        Registers.DmaChecksum.Define(_bar0).WithValueField(0, 32, out _dmaChecksum, FieldAccess.ReadOnly, "CRC32");
        Registers.DmaControl.Define(_bar0)
            .WithFlag(0, out _interruptOnDone, name: "INTERRUPT_ON_DONE (raise vector 0 when a transfer ends)")
            .WithReservedBits(1, 31);

        IoRegisters.Scratch.Define(_bar2).WithValueField(0, 32, name: "IO_SCRATCH");
        IoRegisters.Identification.Define(_bar2, reset: IoIdentification).WithValueField(0, 32, FieldAccess.ReadOnly, "IO_ID");
    }

    // MSI-X if enabled, else MSI, else a pulse on INTA (asserted until the driver writes INTX_CONTROL or clears it).
    private void RaiseInterrupt(int vector)
    {
        _interruptCount.Value++;
        if (ConfigSpace.MsiX?.Enabled == true)
        {
            Interrupts.MsiX.Signal(vector);
        }
        else if (ConfigSpace.Msi?.Enabled == true)
        {
            Interrupts.Msi.Signal(vector);
        }
        else
        {
            Interrupts.Intx.Assert();
        }
    }

    private void DriveIntx(bool level)
    {
        if (level)
        {
            Interrupts.Intx.Assert();
        }
        else
        {
            Interrupts.Intx.Deassert();
        }
    }

    private void StartDma(DmaCommand command)
    {
        if (_dmaBusy.Value)
        {
            return;
        }

        ulong address = (_dmaAddressHigh.Value << 32) | _dmaAddressLow.Value;
        int length = (int)Math.Min(_dmaLength.Value, MaxDmaLength);
        if (command is not (DmaCommand.WritePattern or DmaCommand.ReadChecksum) || length == 0)
        {
            _dmaError.Value = true;
            _dmaDone.Value = true;
            return;
        }

        _dmaBusy.Value = true;
        byte seed = (byte)_dmaSeed.Value;

        // The transfer runs as a task: a register callback never waits for its own completions.
        LastDma = Task.Run(async () =>
        {
            byte[] buffer = new byte[length];
            DmaStatus status;
            uint checksum = 0;
            if (command == DmaCommand.WritePattern)
            {
                for (int i = 0; i < length; i++)
                {
                    buffer[i] = (byte)(seed + i);
                }

                status = await Dma.WriteAsync(address, buffer);
            }
            else
            {
                status = await Dma.ReadAsync(address, buffer);
                checksum = Crc32.HashToUInt32(buffer);
            }

            lock (Gate)
            {
                _dmaChecksum.Value = checksum;
                _dmaResult.Value = (ulong)status;
                _dmaError.Value = status != DmaStatus.Success;
                _dmaBusy.Value = false;
                _dmaDone.Value = true;
                if (_interruptOnDone.Value)
                {
                    RaiseInterrupt(0);
                }
            }
        });
    }

    /// <summary>DMA_COMMAND values.</summary>
    internal enum DmaCommand : uint
    {
        /// <summary>Write LENGTH bytes of (SEED + i) to DMA_ADDRESS.</summary>
        WritePattern = 1,

        /// <summary>Read LENGTH bytes at DMA_ADDRESS; their CRC-32 goes to DMA_CHECKSUM.</summary>
        ReadChecksum = 2,
    }

    private enum Registers : long
    {
        Identification = 0x00,
        Scratch = 0x04,
        InterruptRequest = 0x08,
        InterruptCount = 0x0C,
        IntxControl = 0x10,
        DmaAddressLow = 0x20,
        DmaAddressHigh = 0x24,
        DmaLength = 0x28,
        DmaCommand = 0x2C,
        DmaStatus = 0x30,
        DmaPatternSeed = 0x34,
        DmaChecksum = 0x38,
        DmaControl = 0x3C,
    }

    private enum IoRegisters : long
    {
        Scratch = 0x00,
        Identification = 0x04,
    }
}
