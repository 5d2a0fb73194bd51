using Cosim.Device.Registers;
using Cosim.Models.Nvme.Queues;

namespace Cosim.Models.Nvme;

/// <summary>The controller registers (NVMe Base 1.4 §3.1), declared once, datasheet style.</summary>
public sealed partial class NvmeController
{
    /// <summary>CAP.MQES: 0's based, <see cref="ControllerProfile.MaxQueueEntries"/> entries.</summary>
    internal const ulong MaximumQueueEntriesSupported = ControllerProfile.MaxQueueEntries - 1;

    /// <summary>CAP.CSS bit 0: the NVM Command Set.</summary>
    internal const ulong NvmCommandSetSupported = 0b1;

    /// <summary>CAP.MPSMIN: 2^(12 + 0) = 4 KiB.</summary>
    internal const int MemoryPageSizeMinimum = 0;

    /// <summary>CAP.MPSMAX: 2^(12 + 4) = 64 KiB.</summary>
    internal const int MemoryPageSizeMaximum = 4;

    /// <summary>VS: 1.4.0 (MJR 31:16, MNR 15:8, TER 7:0).</summary>
    internal const uint VersionValue = 0x0001_0400;

    /// <summary>Bytes per doorbell (CAP.DSTRD = 0: 4 &lt;&lt; 0).</summary>
    internal const int DoorbellStride = 4;

    internal const int MemoryPageShift = 12;

    private const ulong ControllerCapabilitiesValue =
        MaximumQueueEntriesSupported
        | (1UL << 16)                               // CQR: queues must be physically contiguous
        | ((ulong)ReadyTimeoutUnits << 24)          // TO
        | (NvmCommandSetSupported << 37)            // CSS
        | ((ulong)MemoryPageSizeMinimum << 48)      // MPSMIN
        | ((ulong)MemoryPageSizeMaximum << 52);     // MPSMAX

    private IValueField _interruptMask = null!;
    private IValueField _interruptMaskMirror = null!;
    private IFlagField _enable = null!;
    private IValueField _commandSetSelected = null!;
    private IValueField _memoryPageSize = null!;
    private IValueField _arbitrationMechanism = null!;
    private IValueField _shutdownNotification = null!;
    private IValueField _ioSubmissionQueueEntrySize = null!;
    private IValueField _ioCompletionQueueEntrySize = null!;
    private IFlagField _ready = null!;
    private IFlagField _controllerFatalStatus = null!;
    private IValueField _shutdownStatus = null!;
    private IValueField _adminSubmissionQueueSize = null!;
    private IValueField _adminCompletionQueueSize = null!;
    private IValueField _adminSubmissionQueueBase = null!;
    private IValueField _adminCompletionQueueBase = null!;

    private void DefineRegisters()
    {
        Registers.ControllerCapabilities.Define(_bar0, reset: ControllerCapabilitiesValue, widthBytes: 8)
            .WithValueField(0, 16, FieldAccess.ReadOnly, "CAP.MQES (Maximum Queue Entries Supported, 0's based)")
            .WithFlag(16, FieldAccess.ReadOnly, "CAP.CQR (Contiguous Queues Required)")
            .WithValueField(17, 2, FieldAccess.ReadOnly, "CAP.AMS (Arbitration Mechanism Supported: round robin only)")
            .WithReservedBits(19, 5)
            .WithValueField(24, 8, FieldAccess.ReadOnly, "CAP.TO (Timeout, 500 ms units)")
            .WithValueField(32, 4, FieldAccess.ReadOnly, "CAP.DSTRD (Doorbell Stride)")
            .WithFlag(36, FieldAccess.ReadOnly, "CAP.NSSRS (NVM Subsystem Reset Supported)")
            .WithValueField(37, 8, FieldAccess.ReadOnly, "CAP.CSS (Command Sets Supported)")
            .WithFlag(45, FieldAccess.ReadOnly, "CAP.BPS (Boot Partition Support)")
            .WithReservedBits(46, 2)
            .WithValueField(48, 4, FieldAccess.ReadOnly, "CAP.MPSMIN (Memory Page Size Minimum)")
            .WithValueField(52, 4, FieldAccess.ReadOnly, "CAP.MPSMAX (Memory Page Size Maximum)")
            .WithFlag(56, FieldAccess.ReadOnly, "CAP.PMRS (Persistent Memory Region Supported)")
            .WithFlag(57, FieldAccess.ReadOnly, "CAP.CMBS (Controller Memory Buffer Supported)")
            .WithReservedBits(58, 6);
        Registers.Version.Define(_bar0, reset: VersionValue)
            .WithValueField(0, 8, FieldAccess.ReadOnly, "VS.TER (Tertiary Version)")
            .WithValueField(8, 8, FieldAccess.ReadOnly, "VS.MNR (Minor Version)")
            .WithValueField(16, 16, FieldAccess.ReadOnly, "VS.MJR (Major Version)");

        // INTMS and INTMC are two views of one mask (pin-based and MSI interrupts only; §3.1.3, §3.1.4).
        Registers.InterruptMaskSet.Define(_bar0)
            .WithValueField(0, 32, out _interruptMask, FieldAccess.WriteOneToSet, "INTMS.IVMS (Interrupt Vector Mask Set)")
            .WithWriteCallback((_, mask) => OnInterruptMaskWritten(mask));
        Registers.InterruptMaskClear.Define(_bar0)
            .WithValueField(0, 32, out _interruptMaskMirror, FieldAccess.WriteOneToClear, "INTMC.IVMC (Interrupt Vector Mask Clear)")
            .WithWriteCallback((_, mask) => OnInterruptMaskWritten(mask));

        Registers.ControllerConfiguration.Define(_bar0)
            .WithFlag(0, out _enable, name: "CC.EN (Enable)")
            .WithReservedBits(1, 3)
            .WithValueField(4, 3, out _commandSetSelected, name: "CC.CSS (I/O Command Set Selected)")
            .WithValueField(7, 4, out _memoryPageSize, name: "CC.MPS (Memory Page Size: 2^(12 + MPS))")
            .WithValueField(11, 3, out _arbitrationMechanism, name: "CC.AMS (Arbitration Mechanism Selected)")
            .WithValueField(14, 2, out _shutdownNotification, name: "CC.SHN (Shutdown Notification)")
            .WithValueField(16, 4, out _ioSubmissionQueueEntrySize, name: "CC.IOSQES (I/O Submission Queue Entry Size)")
            .WithValueField(20, 4, out _ioCompletionQueueEntrySize, name: "CC.IOCQES (I/O Completion Queue Entry Size)")
            .WithReservedBits(24, 8)
            .WithWriteCallback(OnControllerConfigurationWritten);
        Registers.ControllerStatus.Define(_bar0)
            .WithFlag(0, out _ready, FieldAccess.ReadOnly, "CSTS.RDY (Ready)")
            .WithFlag(1, out _controllerFatalStatus, FieldAccess.ReadOnly, "CSTS.CFS (Controller Fatal Status)")
            .WithValueField(2, 2, out _shutdownStatus, FieldAccess.ReadOnly, "CSTS.SHST (Shutdown Status)")
            .WithFlag(4, FieldAccess.WriteOneToClear, "CSTS.NSSRO (NVM Subsystem Reset Occurred)")
            .WithFlag(5, FieldAccess.ReadOnly, "CSTS.PP (Processing Paused)")
            .WithReservedBits(6, 26);
        Registers.AdminQueueAttributes.Define(_bar0)
            .WithValueField(0, 12, out _adminSubmissionQueueSize, name: "AQA.ASQS (Admin Submission Queue Size, 0's based)")
            .WithReservedBits(12, 4)
            .WithValueField(16, 12, out _adminCompletionQueueSize, name: "AQA.ACQS (Admin Completion Queue Size, 0's based)")
            .WithReservedBits(28, 4);
        Registers.AdminSubmissionQueueBaseAddress.Define(_bar0, widthBytes: 8)
            .WithReservedBits(0, MemoryPageShift)
            .WithValueField(MemoryPageShift, 64 - MemoryPageShift, out _adminSubmissionQueueBase, name: "ASQ.ASQB (Admin Submission Queue Base)");
        Registers.AdminCompletionQueueBaseAddress.Define(_bar0, widthBytes: 8)
            .WithReservedBits(0, MemoryPageShift)
            .WithValueField(MemoryPageShift, 64 - MemoryPageShift, out _adminCompletionQueueBase, name: "ACQ.ACQB (Admin Completion Queue Base)");

        // CAP.CMBS = 0: no Controller Memory Buffer; the driver reads CMBSZ to find out.
        Registers.ControllerMemoryBufferLocation.Define(_bar0).WithValueField(0, 32, FieldAccess.ReadOnly, "CMBLOC (not supported)");
        Registers.ControllerMemoryBufferSize.Define(_bar0).WithValueField(0, 32, FieldAccess.ReadOnly, "CMBSZ (not supported)");

        DefineDoorbells();
    }

    // SQyTDBL and CQyHDBL for every queue identifier the controller offers (§3.1.24, §3.1.25).
    private void DefineDoorbells()
    {
        for (int queue = 0; queue <= _profile.IoQueueCount; queue++)
        {
            int id = queue;
            _bar0.Define(DoorbellOffset(id, completionQueue: false), $"SQ{id}TDBL")
                .WithValueField(0, 16, FieldAccess.WriteOnly, "SQT (Submission Queue Tail)", onWrite: (_, tail) => OnSubmissionQueueTailWritten(id, tail))
                .WithReservedBits(16, 16);
            _bar0.Define(DoorbellOffset(id, completionQueue: true), $"CQ{id}HDBL")
                .WithValueField(0, 16, FieldAccess.WriteOnly, "CQH (Completion Queue Head)", onWrite: (_, head) => OnCompletionQueueHeadWritten(id, head))
                .WithReservedBits(16, 16);
        }
    }

    private static long DoorbellOffset(int queueId, bool completionQueue) =>
        (long)Registers.Doorbells + (((2 * queueId) + (completionQueue ? 1 : 0)) * DoorbellStride);

    // The I/O queue entry sizes the session checks at queue creation follow CC as the host writes it.
    private (int Submission, int Completion) IoQueueEntrySizes =>
        ((int)_ioSubmissionQueueEntrySize.Value, (int)_ioCompletionQueueEntrySize.Value);

    private static int PageSize(ulong memoryPageSize) => 1 << (MemoryPageShift + (int)memoryPageSize);

    private static bool EntrySizesValid((int Submission, int Completion) sizes) =>
        (sizes.Submission is 0 or SubmissionQueueEntry.SizeExponent) && (sizes.Completion is 0 or CompletionQueueEntry.SizeExponent);
}
