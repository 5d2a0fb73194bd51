namespace Cosim.Tlp.Transactions;

/// <summary>
/// Byte sizes of the Device Control Max_Payload_Size / Max_Read_Request_Size codes and of the Link Control Read
/// Completion Boundary bit (PCIe Base 6.0 §7.5.3.4, §7.5.3.7), and the way back from bytes to codes.
/// </summary>
public static class TransferSizes
{
    /// <summary>Code 000b of Max_Payload_Size and Max_Read_Request_Size: 128 bytes; each code doubles it.</summary>
    private const int SmallestEncodedSizeBytes = 128;

    /// <summary>Largest defined code (101b, 4096 bytes); 110b and 111b are Reserved.</summary>
    private const int LargestSizeCode = 0b101;

    /// <summary>RCB bit clear: 64 bytes.</summary>
    private const int ReadCompletionBoundary64Bytes = 64;

    /// <summary>RCB bit set: 128 bytes.</summary>
    private const int ReadCompletionBoundary128Bytes = 128;

    /// <summary>The size <paramref name="size"/> encodes, 128-4096 bytes.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A Reserved code (110b, 111b).</exception>
    public static int ToBytes(this MaxPayloadSize size) =>
        EncodedSizeToBytes((int)size, nameof(size));

    /// <summary>The size <paramref name="size"/> encodes, 128-4096 bytes.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A Reserved code (110b, 111b).</exception>
    public static int ToBytes(this MaxReadRequestSize size) =>
        EncodedSizeToBytes((int)size, nameof(size));

    /// <summary>The boundary <paramref name="boundary"/> encodes: 64 or 128 bytes.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A value other than 0b or 1b.</exception>
    public static int ToBytes(this ReadCompletionBoundary boundary) => boundary switch
    {
        ReadCompletionBoundary.Bytes64 => ReadCompletionBoundary64Bytes,
        ReadCompletionBoundary.Bytes128 => ReadCompletionBoundary128Bytes,
        _ => throw new ArgumentOutOfRangeException(nameof(boundary), boundary, "Read Completion Boundary is one bit: 0b (64 bytes) or 1b (128 bytes)."),
    };

    /// <summary>The Max_Payload_Size code for <paramref name="bytes"/>; false unless it is a power of two from 128 to 4096.</summary>
    public static bool TryGetMaxPayloadSize(int bytes, out MaxPayloadSize size)
    {
        bool found = TryBytesToCode(bytes, out int code);
        size = (MaxPayloadSize)code;
        return found;
    }

    /// <summary>The Max_Read_Request_Size code for <paramref name="bytes"/>; false unless it is a power of two from 128 to 4096.</summary>
    public static bool TryGetMaxReadRequestSize(int bytes, out MaxReadRequestSize size)
    {
        bool found = TryBytesToCode(bytes, out int code);
        size = (MaxReadRequestSize)code;
        return found;
    }

    /// <summary>The Read Completion Boundary for <paramref name="bytes"/>; false unless it is 64 or 128.</summary>
    public static bool TryGetReadCompletionBoundary(int bytes, out ReadCompletionBoundary boundary)
    {
        boundary = bytes == ReadCompletionBoundary128Bytes ? ReadCompletionBoundary.Bytes128 : ReadCompletionBoundary.Bytes64;
        return bytes is ReadCompletionBoundary64Bytes or ReadCompletionBoundary128Bytes;
    }

    private static int EncodedSizeToBytes(int code, string parameterName)
    {
        if (code is < 0 or > LargestSizeCode)
        {
            throw new ArgumentOutOfRangeException(parameterName, code, "Codes 110b and 111b are Reserved; defined sizes are 000b (128 bytes) to 101b (4096 bytes).");
        }

        return SmallestEncodedSizeBytes << code;
    }

    private static bool TryBytesToCode(int bytes, out int code)
    {
        for (code = 0; code <= LargestSizeCode; code++)
        {
            if (SmallestEncodedSizeBytes << code == bytes)
            {
                return true;
            }
        }

        code = 0;
        return false;
    }
}
