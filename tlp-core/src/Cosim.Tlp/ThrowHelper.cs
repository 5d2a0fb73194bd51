using System.Diagnostics.CodeAnalysis;

namespace Cosim.Tlp;

/// <summary>Keeps throw sites out of hot methods so they stay small enough to inline.</summary>
internal static class ThrowHelper
{
    [DoesNotReturn]
    public static void ThrowMalformed(TlpRule rule, string field, ulong value, ReadOnlySpan<byte> header) =>
        throw new TlpFormatException(rule, field, value, header);

    [DoesNotReturn]
    public static void ThrowMalformed(TlpRule rule, string field, ulong value) =>
        throw new TlpFormatException(rule, field, value, []);
}
