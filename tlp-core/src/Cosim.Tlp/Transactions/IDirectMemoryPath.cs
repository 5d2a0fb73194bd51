using System.Buffers;

namespace Cosim.Tlp.Transactions;

/// <summary>
/// An upstream <see cref="ITlpReceiver"/> that can also carry out a function's memory read or write of host memory
/// in one piece, when host memory is shared with it: the effect of the MemRd TLPs and their completions, or of the
/// MemWr TLPs, the transfer would be split into, without building them. A DMA engine tries this first and sends
/// the TLPs whenever it returns false.
/// </summary>
/// <remarks>
/// Only a receiver that would handle every TLP of the transfer the same way (a successful completion with the bytes,
/// a stored write) may accept it: memory reachable only by messages, an unmapped address, a range that holds
/// interrupt addresses, or requests still queued ahead of this one are refused, and the TLP path then gives the
/// precise answer (UR completions, logs, ordering). A receiver that observes TLPs (a trace tap, a checker, a link)
/// does not implement this interface, so wrapping the upstream in one brings every TLP back.
/// </remarks>
public interface IDirectMemoryPath
{
    /// <summary>Copies <paramref name="destination"/>.Length bytes of host memory at <paramref name="address"/>; false when refused.</summary>
    bool TryReadMemory(ulong address, Span<byte> destination);

    /// <summary>Copies <paramref name="source"/> to host memory at <paramref name="address"/>; false when refused.</summary>
    bool TryWriteMemory(ulong address, ReadOnlySpan<byte> source);

    /// <summary>
    /// Lets <paramref name="fill"/> produce the <paramref name="length"/> bytes at <paramref name="address"/> in place
    /// (a file read straight into host memory, no copy in between); false when refused, and then nothing was written.
    /// </summary>
    bool TryWriteMemory<TState>(ulong address, int length, TState state, SpanAction<byte, TState> fill);
}
