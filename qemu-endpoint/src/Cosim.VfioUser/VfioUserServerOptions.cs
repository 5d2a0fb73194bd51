using Cosim.Tlp;

namespace Cosim.VfioUser;

/// <summary>Settings of a <see cref="VfioUserServer"/>. Every value is checked by <see cref="Validate"/> at construction.</summary>
public sealed class VfioUserServerOptions
{
    /// <summary>Largest DMA_READ/DMA_WRITE data the server sends in one message (QEMU 11.1.3 truncates DMA_READ replies above 64 KiB).</summary>
    public const int MaxDmaMessageChunkSize = 64 * 1024;

    /// <summary>Permissions of the socket file; owner read/write (0600) by default.</summary>
    public UnixFileMode SocketMode { get; init; } = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    /// <summary>
    /// Lets the function's DMA engine copy a whole transfer through shared guest memory in one piece instead of as
    /// MemRd/MemWr TLPs (same bytes, same outcome); off, every DMA is TLPs. A trace tap between function and endpoint
    /// turns it off by itself.
    /// </summary>
    public bool DirectMemoryAccess { get; init; } = true;

    /// <summary>Max_Payload_Size in bytes (128-4096, a power of 2): no completion or write the endpoint sends carries more.</summary>
    public int MaxPayloadSize { get; init; } = 256;

    /// <summary>Read Completion Boundary in bytes (64 or 128): where the endpoint may split completions of a device read.</summary>
    public int ReadCompletionBoundary { get; init; } = 64;

    /// <summary>Max_Read_Request_Size in bytes (128-4096, a power of 2) of the endpoint's own memory reads (ROM, wide BAR reads).</summary>
    public int MaxReadRequestSize { get; init; } = 512;

    /// <summary>Largest DMA_READ/DMA_WRITE data per message when guest memory has no fd (1 to 64 KiB).</summary>
    public int DmaMessageChunkSize { get; init; } = MaxDmaMessageChunkSize;

    /// <summary>max_data_xfer_size announced in the VERSION reply (4 KiB to 64 MiB): the largest region access QEMU sends.</summary>
    public int MaxDataTransferSize { get; init; } = 1024 * 1024;

    /// <summary>How long the endpoint waits for the function's completion of its own request before failing the access.</summary>
    public TimeSpan CompletionTimeout { get; init; } = TimeSpan.FromSeconds(4);

    /// <summary>How long a device thread waits for QEMU's reply to a DMA_READ/DMA_WRITE message.</summary>
    public TimeSpan DmaReplyTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>The function's Routing ID: the destination of configuration requests.</summary>
    public PcieId FunctionId { get; init; } = PcieId.From(1, 0, 0);

    /// <summary>Throws <see cref="ArgumentException"/> naming the first option that is out of range.</summary>
    public void Validate()
    {
        Require(MaxPayloadSize is >= 128 and <= 4096 && IsPowerOfTwo(MaxPayloadSize), nameof(MaxPayloadSize), MaxPayloadSize, "128-4096, a power of 2");
        Require(ReadCompletionBoundary is 64 or 128, nameof(ReadCompletionBoundary), ReadCompletionBoundary, "64 or 128");
        Require(MaxReadRequestSize is >= 128 and <= 4096 && IsPowerOfTwo(MaxReadRequestSize), nameof(MaxReadRequestSize), MaxReadRequestSize, "128-4096, a power of 2");
        Require(DmaMessageChunkSize is >= 1 and <= MaxDmaMessageChunkSize, nameof(DmaMessageChunkSize), DmaMessageChunkSize, "1-65536");
        Require(MaxDataTransferSize is >= 4096 and <= 64 * 1024 * 1024, nameof(MaxDataTransferSize), MaxDataTransferSize, "4096-67108864");
        Require(CompletionTimeout > TimeSpan.Zero, nameof(CompletionTimeout), CompletionTimeout.Ticks, "positive");
        Require(DmaReplyTimeout > TimeSpan.Zero, nameof(DmaReplyTimeout), DmaReplyTimeout.Ticks, "positive");
        Require(FunctionId.Value != 0, nameof(FunctionId), FunctionId.Value, "not 00:00.0, which is the endpoint's own Requester ID");
    }

    private static bool IsPowerOfTwo(int value) => (value & (value - 1)) == 0;

    private static void Require(bool condition, string key, long value, string range)
    {
        if (!condition)
        {
            throw new ArgumentException($"VfioUserServerOptions.{key} = {value} is out of range ({range}).", key);
        }
    }
}
