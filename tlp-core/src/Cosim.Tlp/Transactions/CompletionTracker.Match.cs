namespace Cosim.Tlp.Transactions;

public sealed partial class CompletionTracker
{
    private const int DwordBytes = 4;
    private const ulong DwordMask = DwordBytes - 1;
    private const ulong LowerAddressMask = 0x7F;

    /// <summary>Attributes a completion must copy from its request; IDO is not checked (§2.3.2).</summary>
    private const TlpAttributes CheckedAttributes = TlpAttributes.RelaxedOrdering | TlpAttributes.NoSnoop;

    /// <summary>
    /// Matches <paramref name="completion"/> to its outstanding request by Requester ID and Tag, checks it, copies its
    /// data into the request's destination and advances the request. Checks run in this order, the first broken one
    /// named in the result: <see cref="CompletionMismatch.UnexpectedTag"/>, TC, Attr, Completion Status, type,
    /// payload length, EP, Max_Payload_Size, Byte Count, Lower Address, data extent and RCB.
    /// </summary>
    /// <param name="completion">A Cpl, CplD, CplLk or CplDLk header.</param>
    /// <param name="payload">Its payload: Length × 4 bytes (empty for Cpl and CplLk).</param>
    /// <exception cref="ArgumentException"><paramref name="completion"/> is not a completion.</exception>
    public CompletionMatch Match(in TlpHeader completion, ReadOnlySpan<byte> payload)
    {
        if (!completion.IsCompletion)
        {
            throw new ArgumentException($"{completion.Kind} is not a completion.", nameof(completion));
        }

        lock (_lock)
        {
            if (completion.Tag >= TagCount)
            {
                return Refused(CompletionMismatch.UnexpectedTag, default);
            }

            ref Slot slot = ref _slots[completion.Tag];
            if (!slot.InUse || slot.Request.RequesterId != completion.RequesterId)
            {
                return Refused(CompletionMismatch.UnexpectedTag, default);
            }

            CompletionMismatch mismatch = CheckHeader(slot, completion, payload.Length);
            if (mismatch == CompletionMismatch.StatusNotSuccessful)
            {
                // §2.3.2: "This Completion is the final Completion for the Request ... The Requester must consider the
                // Request terminated, and not expect additional Completions".
                OutstandingRequest terminated = slot.Snapshot();
                Release(completion.Tag);
                return Refused(mismatch, terminated);
            }

            if (mismatch != CompletionMismatch.None)
            {
                return Refused(mismatch, slot.Snapshot());
            }

            mismatch = Accept(ref slot, completion, payload, out int bytesReturned, out int bytesCopied);
            if (mismatch != CompletionMismatch.None)
            {
                return Refused(mismatch, slot.Snapshot());
            }

            slot.NextAddress = unchecked(slot.NextAddress + (ulong)bytesReturned);
            slot.RemainingByteCount -= bytesReturned;
            slot.BytesReceived += bytesCopied;
            OutstandingRequest after = slot.Snapshot();
            bool complete = slot.RemainingByteCount == 0;
            if (complete)
            {
                Release(completion.Tag);
            }

            return new CompletionMatch
            {
                Outcome = complete ? CompletionMatchOutcome.Complete : CompletionMatchOutcome.Partial,
                Mismatch = CompletionMismatch.None,
                Request = after,
                BytesCopied = bytesCopied,
            };
        }
    }

    private static CompletionMatch Refused(CompletionMismatch mismatch, OutstandingRequest request) =>
        new() { Outcome = CompletionMatchOutcome.Mismatch, Mismatch = mismatch, Request = request };

    /// <summary>The checks that need only the completion header and the request.</summary>
    private CompletionMismatch CheckHeader(in Slot slot, in TlpHeader completion, int payloadLength)
    {
        if (completion.TrafficClass != slot.Request.TrafficClass)
        {
            return CompletionMismatch.TrafficClassMismatch;
        }

        if ((completion.Attributes & CheckedAttributes) != (slot.Request.Attributes & CheckedAttributes))
        {
            return CompletionMismatch.AttributesMismatch;
        }

        if (completion.Status != CompletionStatus.SuccessfulCompletion)
        {
            return CompletionMismatch.StatusNotSuccessful;
        }

        if (completion.Kind != ExpectedKind(slot.Request.Kind, slot.Requested.Shape))
        {
            return CompletionMismatch.CompletionKindMismatch;
        }

        if (payloadLength != completion.PayloadSize)
        {
            return CompletionMismatch.PayloadLengthMismatch;
        }

        if (completion.Poisoned)
        {
            return CompletionMismatch.Poisoned;
        }

        if (completion.PayloadSize > _maxPayloadBytes)
        {
            return CompletionMismatch.MaxPayloadSizeExceeded;
        }

        // §2.3.1.1 footnote: only PCI-X completers set BCM, and then Byte Count covers just that first completion.
        if (!completion.ByteCountModified && completion.ByteCount != slot.RemainingByteCount)
        {
            return CompletionMismatch.ByteCountMismatch;
        }

        // AtomicOp completions: "the Lower Address field is Reserved" (§2.2.9).
        byte expectedLowerAddress = slot.Requested.Shape == RequestShape.MemoryRead ? (byte)(slot.NextAddress & LowerAddressMask) : (byte)0;
        if (slot.Requested.Shape != RequestShape.AtomicOp && completion.LowerAddress != expectedLowerAddress)
        {
            return CompletionMismatch.LowerAddressMismatch;
        }

        return CompletionMismatch.None;
    }

    /// <summary>Checks the data extent and copies the data; the slot is advanced by the caller.</summary>
    private CompletionMismatch Accept(ref Slot slot, in TlpHeader completion, ReadOnlySpan<byte> payload, out int bytesReturned, out int bytesCopied)
    {
        bytesReturned = 0;
        bytesCopied = 0;
        switch (slot.Requested.Shape)
        {
            case RequestShape.SingleDwordWrite:
                bytesReturned = slot.RemainingByteCount;
                return CompletionMismatch.None;

            case RequestShape.SingleDwordRead or RequestShape.AtomicOp:
                if (completion.Length != slot.Requested.SingleCompletionLength)
                {
                    return CompletionMismatch.LengthMismatch;
                }

                bytesReturned = slot.RemainingByteCount;
                bytesCopied = slot.Requested.DataBytes;
                payload.Slice(slot.Requested.PayloadOffset, bytesCopied).CopyTo(slot.Destination.Span);
                return CompletionMismatch.None;

            default:
                return AcceptMemoryReadData(ref slot, completion, payload, out bytesReturned, out bytesCopied);
        }
    }

    private CompletionMismatch AcceptMemoryReadData(ref Slot slot, in TlpHeader completion, ReadOnlySpan<byte> payload, out int bytesReturned, out int bytesCopied)
    {
        // §2.3.1.1: the data "begins at the DW address" of the next byte, so the payload holds payloadOffset undefined
        // bytes first, and at most 3 undefined bytes after the last requested byte.
        int payloadOffset = (int)(slot.NextAddress & DwordMask);
        int available = completion.PayloadSize - payloadOffset;
        bytesCopied = 0;
        bytesReturned = Math.Min(available, slot.RemainingByteCount);
        if (available - slot.RemainingByteCount >= DwordBytes)
        {
            return CompletionMismatch.DataExceedsRequest;
        }

        bool final = bytesReturned == slot.RemainingByteCount;
        if (!final && _boundaryBytes != 0 && ((slot.NextAddress + (ulong)bytesReturned) & (ulong)(_boundaryBytes - 1)) != 0)
        {
            return CompletionMismatch.ReadCompletionBoundaryViolation;
        }

        // A zero-length read returns one DW of undefined content and no requested bytes.
        bytesCopied = Math.Min(bytesReturned, slot.Requested.DataBytes - slot.BytesReceived);
        payload.Slice(payloadOffset, bytesCopied).CopyTo(slot.Destination.Span[slot.BytesReceived..]);
        return CompletionMismatch.None;
    }

    private static TlpKind ExpectedKind(TlpKind requestKind, RequestShape shape) => shape switch
    {
        RequestShape.SingleDwordWrite => TlpKind.Completion,
        _ when requestKind == TlpKind.MemoryReadLocked => TlpKind.CompletionLockedWithData,
        _ => TlpKind.CompletionWithData,
    };
}
