namespace Cosim.Tlp.Tests.Tlp;

/// <summary>
/// Byte-string equality that is fast on 4 KiB payloads (xunit compares collections element by element) and
/// still shows both sides, as hex, when they differ.
/// </summary>
public static class ByteAssert
{
    public static void Equal(ReadOnlySpan<byte> expected, ReadOnlySpan<byte> actual)
    {
        if (!expected.SequenceEqual(actual))
        {
            Assert.Equal(Convert.ToHexString(expected), Convert.ToHexString(actual));
        }
    }
}
