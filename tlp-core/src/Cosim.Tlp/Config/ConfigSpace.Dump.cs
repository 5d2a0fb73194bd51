using System.Globalization;
using System.Text;

namespace Cosim.Tlp.Config;

/// <summary>Hex dumps in the format of <c>lspci -x</c> / <c>-xxx</c> / <c>-xxxx</c>, for golden files.</summary>
public sealed partial class ConfigSpace
{
    private const int DumpBytesPerLine = 16;

    /// <summary>
    /// The first <paramref name="byteCount"/> bytes (a multiple of 16; 64 for <c>-x</c>, 256 for <c>-xxx</c>, 4096 for
    /// <c>-xxxx</c>) as lspci prints them: each line is the offset as <c>%02x:</c> then 16 bytes as <c> %02x</c>, with
    /// a newline after each line (pciutils <c>show_hex_dump</c>).
    /// </summary>
    public string ToLspciHex(int byteCount = Size)
    {
        if (byteCount <= 0 || byteCount > Size || byteCount % DumpBytesPerLine != 0)
        {
            throw new ArgumentOutOfRangeException(nameof(byteCount), byteCount, "A dump is 16-4096 bytes in whole lines of 16.");
        }

        var text = new StringBuilder(byteCount * 4);
        ReadOnlySpan<byte> bytes = _registers.Bytes;
        for (int i = 0; i < byteCount; i++)
        {
            if (i % DumpBytesPerLine == 0)
            {
                text.Append(CultureInfo.InvariantCulture, $"{i:x2}:");
            }

            text.Append(CultureInfo.InvariantCulture, $" {bytes[i]:x2}");
            if (i % DumpBytesPerLine == DumpBytesPerLine - 1)
            {
                text.Append('\n');
            }
        }

        return text.ToString();
    }
}
