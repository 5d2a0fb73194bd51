using Cosim.Device;
using Cosim.Device.Registers;
using Cosim.Tlp;
using Cosim.Tlp.Config;
using Cosim.Tlp.Config.Capabilities;
using Microsoft.Extensions.Logging;

namespace Cosim.Models.Edu;

/// <summary>
/// QEMU's "edu" teaching device (QEMU docs/specs/edu.rst, hw/misc/edu.c), register for register and byte for byte:
/// a conventional PCI function 1234:11e8 rev 10h with a 1 MiB BAR0, an identification register, a liveness check
/// (inverts what is written), a factorial unit, an interrupt status / raise / acknowledge trio over MSI or INTx, and
/// a DMA engine that moves up to 4 KiB between host memory (masked to 28 address bits) and its buffer at 40000h.
/// </summary>
/// <remarks>
/// <para>
/// BAR0 accepts what QEMU's <c>edu_mmio_ops</c> accept: naturally aligned 4- and 8-byte accesses; anything else never
/// reaches the device and reads 0 (QEMU's memory core). Below 80h only 4-byte accesses reach a register; at and above
/// 80h the 64-bit DMA registers take 4-byte accesses (at their offset, zero-extended on write) and 8-byte accesses.
/// Every access the device does not decode (other offsets, the upper halves of the DMA registers, the write-only
/// registers, the DMA buffer itself) reads all ones, as <c>edu_mmio_read</c> returns <c>~0</c>.
/// </para>
/// <para>
/// The factorial is computed off the TLP path, as QEMU's thread does; a DMA starts <see cref="DmaStartDelay"/> after
/// its command (QEMU's 100 ms timer), and the command's start bit reads 1 until it is done.
/// </para>
/// </remarks>
public sealed partial class EduDevice : EndpointFunction
{
    /// <summary>PCI Vendor ID (PCI_VENDOR_ID_QEMU).</summary>
    public const ushort VendorId = 0x1234;

    /// <summary>PCI Device ID.</summary>
    public const ushort DeviceId = 0x11E8;

    /// <summary>Revision ID.</summary>
    public const byte RevisionId = 0x10;

    /// <summary>Class Code: Base Class 00h, Sub-Class FFh (QEMU's PCI_CLASS_OTHERS written as the 16-bit class).</summary>
    public const uint ClassCode = 0x00_FF00;

    /// <summary>Subsystem Vendor ID QEMU gives every device that names none (Red Hat / Qumranet).</summary>
    public const ushort SubsystemVendorId = 0x1AF4;

    /// <summary>Subsystem ID QEMU gives every device that names none (PCI_SUBDEVICE_ID_QEMU).</summary>
    public const ushort SubsystemId = 0x1100;

    /// <summary>Size of BAR0.</summary>
    public const int Bar0Size = 1 << 20;

    /// <summary>The identification register: <c>0xRRrr00ed</c>, major 1, minor 0.</summary>
    public const uint Identification = 0x0100_00ED;

    /// <summary>QEMU's default <c>dma_mask</c> property: 28 address bits (256 MiB).</summary>
    public const ulong DefaultDmaMask = (1UL << 28) - 1;

    private const byte UndecodedReadByte = 0xFF;
    private const int ValidAccessMin = 4;
    private const int ValidAccessMax = 8;
    private const int DmaRegisterBytes = 8;

    private readonly RegisterMap _bar0;
    private readonly HashSet<int> _loggedOnce = [];
    private IValueField _liveness = null!;
    private IValueField _factorial = null!;
    private IFlagField _computing = null!;
    private IFlagField _interruptOnFactorial = null!;
    private IValueField _interruptStatus = null!;
    private IValueField _dmaSource = null!;
    private IValueField _dmaDestination = null!;
    private IValueField _dmaCount = null!;
    private Register _dmaCommand = null!;
    private int _generation;

    /// <summary>Creates the device.</summary>
    /// <param name="logger">The device's logger.</param>
    /// <param name="dmaMask">The <c>dma_mask</c> property: host addresses are ANDed with it (QEMU's "clamping").</param>
    /// <param name="dmaStartDelay">How long after its command a DMA starts; QEMU's timer is 100 ms (the default).</param>
    public EduDevice(ILogger? logger = null, ulong dmaMask = DefaultDmaMask, TimeSpan? dmaStartDelay = null)
        : base(
            new FunctionIdentity(VendorId, DeviceId, ClassCode, RevisionId, SubsystemVendorId, SubsystemId, InterruptPin.IntA),
            logger)
    {
        DmaMask = dmaMask;
        DmaStartDelay = dmaStartDelay ?? TimeSpan.FromMilliseconds(100);
        if (DmaStartDelay < TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(dmaStartDelay), dmaStartDelay, "EduDevice: dmaStartDelay must not be negative.");
        }

        _bar0 = AddMemoryBar(index: 0, Bar0Size)
            .WithValidAccessSizes(ValidAccessMin, ValidAccessMax)
            .WithUnimplementedReadValue(UndecodedReadByte);

        // msi_init(pdev, 0, 1, true, false): 1 vector, 64-bit, no per-vector masking; the only capability, at 40h.
        AddCapability(new MsiCapability(vectorCount: 1, is64Bit: true, perVectorMasking: false));
        DefineRegisters();
    }

    /// <summary>The <c>dma_mask</c> host addresses are ANDed with.</summary>
    public ulong DmaMask { get; }

    /// <summary>How long after its command a DMA starts.</summary>
    public TimeSpan DmaStartDelay { get; }

    /// <summary>Where background work runs (the factorial, the DMA); tests substitute a scheduler they drive.</summary>
    internal TaskScheduler WorkScheduler { get; set; } = TaskScheduler.Default;

    /// <summary>The last factorial computation started (tests await it instead of sleeping).</summary>
    internal Task LastFactorial { get; private set; } = Task.CompletedTask;

    /// <inheritdoc />
    protected override void OnReset() => _generation++;

    private void DefineRegisters()
    {
        Registers.Identification.Define(_bar0, reset: Identification)
            .WithValueField(0, 32, FieldAccess.ReadOnly, "identification (0xRRrr00ed)")
            .WithAccessWidths(AccessWidths.Dword);
        Registers.Liveness.Define(_bar0)
            .WithValueField(0, 32, out _liveness, name: "card liveness check (stores ~value)", onWrite: (_, written) => _liveness.Value = ~written)
            .WithAccessWidths(AccessWidths.Dword);
        Registers.Factorial.Define(_bar0)
            .WithValueField(0, 32, out _factorial, name: "factorial computation", onWrite: OnFactorialWritten)
            .WithAccessWidths(AccessWidths.Dword);
        Registers.Status.Define(_bar0)
            .WithFlag((int)StatusBit.Computing, out _computing, FieldAccess.ReadOnly, "0x01 computing factorial")
            .WithFlag((int)StatusBit.RaiseInterruptOnFactorial, out _interruptOnFactorial, name: "0x80 raise interrupt after finishing factorial computation")
            .WithAccessWidths(AccessWidths.Dword);
        Registers.InterruptStatus.Define(_bar0)
            .WithValueField(0, 32, out _interruptStatus, FieldAccess.ReadOnly, "interrupt status")
            .WithAccessWidths(AccessWidths.Dword);
        Registers.InterruptRaise.Define(_bar0)
            .WithValueField(0, 32, FieldAccess.WriteOnly, "interrupt raise", onWrite: (_, bits) => RaiseInterrupt((uint)bits))
            .WithReadCallback(ReadsAsUndecoded)
            .WithAccessWidths(AccessWidths.Dword);
        Registers.InterruptAcknowledge.Define(_bar0)
            .WithValueField(0, 32, FieldAccess.WriteOnly, "interrupt acknowledge", onWrite: (_, bits) => LowerInterrupt((uint)bits))
            .WithReadCallback(ReadsAsUndecoded)
            .WithAccessWidths(AccessWidths.Dword);
        Registers.DmaSource.Define(_bar0, widthBytes: DmaRegisterBytes)
            .WithValueField(0, 64, out _dmaSource, name: "DMA source address", onWrite: (old, _) => KeepWhileDmaRuns(_dmaSource, old))
            .WithAccessWidths(AccessWidths.Dword | AccessWidths.Qword, NarrowWrite.ZeroExtend);
        Registers.DmaDestination.Define(_bar0, widthBytes: DmaRegisterBytes)
            .WithValueField(0, 64, out _dmaDestination, name: "DMA destination address", onWrite: (old, _) => KeepWhileDmaRuns(_dmaDestination, old))
            .WithAccessWidths(AccessWidths.Dword | AccessWidths.Qword, NarrowWrite.ZeroExtend);
        Registers.DmaCount.Define(_bar0, widthBytes: DmaRegisterBytes)
            .WithValueField(0, 64, out _dmaCount, name: "DMA transfer count", onWrite: (old, _) => KeepWhileDmaRuns(_dmaCount, old))
            .WithAccessWidths(AccessWidths.Dword | AccessWidths.Qword, NarrowWrite.ZeroExtend);
        _dmaCommand = Registers.DmaCommand.Define(_bar0, widthBytes: DmaRegisterBytes)
            .WithFlag((int)DmaCommandBit.Start, name: "0x01 start transfer")
            .WithFlag((int)DmaCommandBit.Direction, name: "0x02 direction (0: from RAM to EDU, 1: from EDU to RAM)")
            .WithFlag((int)DmaCommandBit.RaiseInterrupt, name: "0x04 raise interrupt 0x100 after finishing the DMA")
            .WithValueField(3, 61, name: "unused (stored as written, as QEMU stores the whole value)")
            .WithWriteCallback(OnDmaCommandWritten)
            .WithAccessWidths(AccessWidths.Dword | AccessWidths.Qword, NarrowWrite.ZeroExtend);
    }

    // QEMU's read handler decodes no write-only register: they read ~0 like any undecoded offset.
    private static ulong ReadsAsUndecoded(ulong value) => ulong.MaxValue;

    // Guest mistakes are logged once per kind, by event id.
    private bool FirstTime(int eventId) => _loggedOnce.Add(eventId);

    /// <summary>Bits of the status register (0x20).</summary>
    private enum StatusBit
    {
        Computing = 0,
        RaiseInterruptOnFactorial = 7,
    }

    /// <summary>Bits of the DMA command register (0x98).</summary>
    private enum DmaCommandBit
    {
        Start = 0,
        Direction = 1,
        RaiseInterrupt = 2,
    }

    private enum Registers : long
    {
        Identification = 0x00,
        Liveness = 0x04,
        Factorial = 0x08,
        Status = 0x20,
        InterruptStatus = 0x24,
        InterruptRaise = 0x60,
        InterruptAcknowledge = 0x64,
        DmaSource = 0x80,
        DmaDestination = 0x88,
        DmaCount = 0x90,
        DmaCommand = 0x98,
    }
}
