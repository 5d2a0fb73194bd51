using System.Buffers.Binary;
using System.Numerics;

namespace Cosim.Tlp.Config.Capabilities;

/// <summary>Run-time view of the AER capability: status, masks, severity, First Error Pointer and Header Log.</summary>
public sealed class AerState : CapabilityState
{
    internal const uint FirstErrorPointerMask = 0b1_1111;

    internal AerState(ConfigRegisterFile registers, int offset)
        : base(registers, offset)
    {
    }

    /// <summary>Uncorrectable Error Status.</summary>
    public AerUncorrectableErrors UncorrectableErrorStatus => (AerUncorrectableErrors)Read(AerCapability.Register.UncorrectableErrorStatus);

    /// <summary>Uncorrectable Error Mask.</summary>
    public AerUncorrectableErrors UncorrectableErrorMask => (AerUncorrectableErrors)Read(AerCapability.Register.UncorrectableErrorMask);

    /// <summary>Uncorrectable Error Severity: set bits are fatal, clear bits non-fatal.</summary>
    public AerUncorrectableErrors UncorrectableErrorSeverity => (AerUncorrectableErrors)Read(AerCapability.Register.UncorrectableErrorSeverity);

    /// <summary>Correctable Error Status.</summary>
    public AerCorrectableErrors CorrectableErrorStatus => (AerCorrectableErrors)Read(AerCapability.Register.CorrectableErrorStatus);

    /// <summary>Correctable Error Mask.</summary>
    public AerCorrectableErrors CorrectableErrorMask => (AerCorrectableErrors)Read(AerCapability.Register.CorrectableErrorMask);

    /// <summary>First Error Pointer: bit position of the first uncorrectable error logged.</summary>
    public int FirstErrorPointer => (int)(Read(AerCapability.Register.AdvancedErrorCapabilitiesAndControl) & FirstErrorPointerMask);

    /// <summary>
    /// Records an uncorrectable error: sets its status bit and, when the error is unmasked and no earlier first error
    /// is still pending (its status bit set), the First Error Pointer and the Header Log (§6.2.4.2, §7.8.4.7).
    /// </summary>
    /// <param name="error">Exactly one implemented error bit.</param>
    /// <param name="tlpHeader">The header of the TLP that caused it (up to 16 bytes, wire order), or empty.</param>
    public void RecordUncorrectableError(AerUncorrectableErrors error, ReadOnlySpan<byte> tlpHeader)
    {
        if (!BitOperations.IsPow2((uint)error) || (error & AerUncorrectableErrors.Implemented) == 0)
        {
            throw new ArgumentOutOfRangeException(nameof(error), error, "AER: record one implemented uncorrectable error at a time.");
        }

        bool firstErrorPending = ((uint)UncorrectableErrorStatus & (1u << FirstErrorPointer)) != 0;
        Registers.SetBits(Offset + (int)AerCapability.Register.UncorrectableErrorStatus, (uint)error);
        if ((UncorrectableErrorMask & error) != 0 || firstErrorPending)
        {
            return;
        }

        int control = Offset + (int)AerCapability.Register.AdvancedErrorCapabilitiesAndControl;
        uint pointer = (uint)BitOperations.TrailingZeroCount((uint)error);
        Registers.StoreUInt32(control, (Registers.ReadUInt32(control) & ~FirstErrorPointerMask) | pointer);

        // §7.8.4.7: each Header Log DW holds header bytes in wire order, byte 0 in bits 31:24.
        Span<byte> header = stackalloc byte[AerCapability.HeaderLogLength];
        header.Clear();
        tlpHeader[..Math.Min(tlpHeader.Length, AerCapability.HeaderLogLength)].CopyTo(header);
        for (int i = 0; i < AerCapability.HeaderLogLength; i += 4)
        {
            Registers.StoreUInt32(Offset + (int)AerCapability.Register.HeaderLog + i, BinaryPrimitives.ReadUInt32BigEndian(header[i..]));
        }
    }

    /// <summary>Records correctable errors: sets their status bits.</summary>
    public void RecordCorrectableError(AerCorrectableErrors errors)
    {
        if ((errors & ~AerCorrectableErrors.Implemented) != 0)
        {
            throw new ArgumentOutOfRangeException(nameof(errors), errors, "AER: only implemented correctable errors can be recorded.");
        }

        Registers.SetBits(Offset + (int)AerCapability.Register.CorrectableErrorStatus, (uint)errors);
    }

    /// <summary>Copies the Header Log back into wire order (16 bytes).</summary>
    public void ReadHeaderLog(Span<byte> destination)
    {
        for (int i = 0; i < AerCapability.HeaderLogLength; i += 4)
        {
            BinaryPrimitives.WriteUInt32BigEndian(destination[i..], Registers.ReadUInt32(Offset + (int)AerCapability.Register.HeaderLog + i));
        }
    }

    private uint Read(AerCapability.Register register) => Registers.ReadUInt32(Offset + (int)register);
}
