using System.Numerics;

namespace Cosim.Tlp.Transactions;

/// <summary>
/// Cuts a transfer of <c>byteCount</c> bytes at <c>address</c> into memory requests that respect a size limit
/// (Max_Read_Request_Size for reads, Max_Payload_Size for writes) and never cross a 4 KiB boundary. A value type with
/// no heap state: keep it in a field to issue requests as tags free up, or enumerate it with <c>foreach</c>.
/// </summary>
/// <remarks>
/// <para>The rules (PCIe Base 6.0):</para>
/// <list type="bullet">
/// <item>§2.2.7: "Requests must not specify an Address/Length combination which causes a Memory Space access to cross a
/// 4-KB boundary."</item>
/// <item>§7.5.3.4 Max_Read_Request_Size: "The Function must not generate Read Requests with a size exceeding the set
/// value."</item>
/// <item>§2.2.2: a Transmitter must not send a data payload longer than its Max_Payload_Size.</item>
/// </list>
/// <para>
/// Every request but the last ends on a multiple of the limit (a power of two that divides 4096), so each request after
/// the first starts naturally aligned, none crosses 4 KiB, and the DW span of each stays within the limit even when the
/// transfer starts or ends mid-DW:
/// </para>
/// <code>
///  address 0FF2h, 300 bytes, limit 128:
///  0F80h     0FF2h 1000h                 1080h            1100h 111Eh
///    |---------[=14=|========= 128 =========|===== 128 =====|= 30 =]
/// </code>
/// <para>A zero-byte transfer yields no request (a flush is a separate zero-length read: <c>TlpHeader.MemoryRead(..., byteCount: 0)</c>).</para>
/// </remarks>
public struct RequestSplitter
{
    private const int MinimumLimitBytes = 4;

    private readonly ulong _address;
    private readonly long _byteCount;
    private readonly int _limitBytes;
    private long _offset;
    private RequestChunk _current;

    /// <summary>Starts splitting <paramref name="byteCount"/> bytes at <paramref name="address"/>.</summary>
    /// <param name="address">Byte address of the first byte, anywhere in the 64-bit space.</param>
    /// <param name="byteCount">Bytes to move (0 or more); the transfer must not run past the top of the 64-bit space.</param>
    /// <param name="limitBytes">Largest request in bytes: a power of two from 4 to 4096.</param>
    /// <exception cref="ArgumentOutOfRangeException">A negative count, a transfer past 2^64, or a limit that is not a power of two in 4-4096.</exception>
    public RequestSplitter(ulong address, long byteCount, int limitBytes)
    {
        if (byteCount < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(byteCount), byteCount, "A transfer moves zero or more bytes.");
        }

        if (byteCount > 0 && (ulong)(byteCount - 1) > ulong.MaxValue - address)
        {
            throw new ArgumentOutOfRangeException(nameof(byteCount), byteCount, "The transfer runs past the top of the 64-bit address space.");
        }

        if (limitBytes is < MinimumLimitBytes or > TlpHeader.MaxPayloadBytes || !BitOperations.IsPow2(limitBytes))
        {
            throw new ArgumentOutOfRangeException(nameof(limitBytes), limitBytes, "The request size limit is a power of two from 4 to 4096 bytes.");
        }

        _address = address;
        _byteCount = byteCount;
        _limitBytes = limitBytes;
        _offset = 0;
        _current = default;
    }

    /// <summary>Bytes not yet handed out as requests.</summary>
    public readonly long RemainingBytes => _byteCount - _offset;

    /// <summary>The chunk the last successful <see cref="MoveNext"/> produced.</summary>
    public readonly RequestChunk Current => _current;

    /// <summary>Splits a read: no request larger than <paramref name="maxReadRequestSize"/>.</summary>
    public static RequestSplitter ForReads(ulong address, long byteCount, MaxReadRequestSize maxReadRequestSize) =>
        new(address, byteCount, maxReadRequestSize.ToBytes());

    /// <summary>Splits a write: no payload larger than <paramref name="maxPayloadSize"/>.</summary>
    public static RequestSplitter ForWrites(ulong address, long byteCount, MaxPayloadSize maxPayloadSize) =>
        new(address, byteCount, maxPayloadSize.ToBytes());

    /// <summary>Produces the next request; false once the whole transfer has been handed out.</summary>
    public bool TryGetNext(out RequestChunk chunk)
    {
        long remaining = _byteCount - _offset;
        if (remaining == 0)
        {
            chunk = default;
            return false;
        }

        ulong start = unchecked(_address + (ulong)_offset);
        int toLimitBoundary = _limitBytes - (int)(start & (ulong)(_limitBytes - 1));
        int bytes = (int)Math.Min(remaining, toLimitBoundary);
        ByteEnables.ForRange(start, bytes, out ushort length, out byte first, out byte last);
        chunk = new RequestChunk(start, bytes, _offset, length, first, last);
        _offset += bytes;
        _current = chunk;
        return true;
    }

    /// <summary>Advances to the next request (<c>foreach</c> support).</summary>
    public bool MoveNext() => TryGetNext(out _);

    /// <summary>Returns this splitter, so that <c>foreach</c> enumerates a copy of it.</summary>
    public readonly RequestSplitter GetEnumerator() => this;
}
