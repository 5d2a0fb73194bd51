using System.Diagnostics.CodeAnalysis;

namespace Cosim.Tlp.Link;

/// <summary>Keeps throw sites out of the frame reader's hot methods so they stay small enough to inline.</summary>
internal static class LinkThrowHelper
{
    [DoesNotReturn]
    public static void ThrowViolation(LinkRule rule, string field, ulong value) =>
        throw new LinkFormatException(rule, field, value);

    // Returned, not thrown, so callers can write `throw` inside a catch and keep definite assignment simple.
    public static LinkFormatException MalformedTlp(long bodyOffset, TlpFormatException inner) =>
        new("TLP at body offset", (ulong)bodyOffset, inner);

    [DoesNotReturn]
    public static void ThrowInvalidOperation(string message) =>
        throw new InvalidOperationException(message);
}
