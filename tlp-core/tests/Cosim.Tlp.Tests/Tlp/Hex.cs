namespace Cosim.Tlp.Tests.Tlp;

/// <summary>Test byte strings written as hex, with spaces between DWs.</summary>
public static class Hex
{
    public static byte[] Parse(string hex) => Convert.FromHexString(hex.Replace(" ", string.Empty, StringComparison.Ordinal));

    /// <summary>Bytes 00 01 02 ... FF 00 01 ...: a payload whose every byte says where it belongs.</summary>
    public static byte[] Pattern(int length)
    {
        byte[] bytes = new byte[length];
        for (int i = 0; i < length; i++)
        {
            bytes[i] = (byte)i;
        }

        return bytes;
    }

    public static byte[] Concat(string hex, byte[] tail) => [.. Parse(hex), .. tail];
}
