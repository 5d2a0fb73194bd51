using System.Globalization;

namespace Cosim.Tlp;

/// <summary>
/// A malformed TLP: names the rule, the offending header field and its value, and carries the header bytes.
/// This is the only exception the codec throws.
/// </summary>
public sealed class TlpFormatException : Exception
{
    /// <summary>Creates the error for <paramref name="rule"/> broken by <paramref name="field"/> = <paramref name="value"/>.</summary>
    public TlpFormatException(TlpRule rule, string field, ulong value, ReadOnlySpan<byte> headerBytes)
        : base(Describe(rule, field, value, headerBytes))
    {
        Rule = rule;
        Field = field;
        Value = value;
        HeaderBytes = headerBytes[..Math.Min(headerBytes.Length, TlpHeader.MaxHeaderBytes)].ToArray();
    }

    /// <summary>The formation rule that was broken.</summary>
    public TlpRule Rule { get; }

    /// <summary>The header field (spec name) that breaks it.</summary>
    public string Field { get; }

    /// <summary>The field's value as found.</summary>
    public ulong Value { get; }

    /// <summary>The header bytes as received (at most 16), for the log line.</summary>
    public byte[] HeaderBytes { get; }

    private static string Describe(TlpRule rule, string field, ulong value, ReadOnlySpan<byte> headerBytes) =>
        string.Create(
            CultureInfo.InvariantCulture,
            $"Malformed TLP ({rule}): {field} = 0x{value:x}; header {Convert.ToHexString(headerBytes[..Math.Min(headerBytes.Length, TlpHeader.MaxHeaderBytes)])}");
}
