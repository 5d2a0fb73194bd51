using System.Globalization;

namespace Cosim.Tlp.Link;

/// <summary>
/// The peer broke the link protocol: names the rule, the offending field and its value. It is the only exception
/// <see cref="LinkFrameReader"/>, <see cref="TlpBatchReader"/>, the message decoders and <see cref="LinkHandshake"/>
/// throw for peer input. The receiver answers with an Error frame carrying <see cref="ErrorCode"/> and closes.
/// </summary>
public sealed class LinkFormatException : Exception
{
    /// <summary>Creates the error for <paramref name="rule"/> broken by <paramref name="field"/> = <paramref name="value"/>.</summary>
    public LinkFormatException(LinkRule rule, string field, ulong value)
        : base(Describe(rule, field, value, inner: null))
    {
        Rule = rule;
        Field = field;
        Value = value;
    }

    /// <summary>Creates the error for a TLP inside a Tlps frame that the TLP codec refused.</summary>
    public LinkFormatException(string field, ulong value, TlpFormatException inner)
        : base(Describe(LinkRule.MalformedTlp, field, value, inner), inner)
    {
        Rule = LinkRule.MalformedTlp;
        Field = field;
        Value = value;
        TlpRule = inner.Rule;
    }

    /// <summary>The rule that was broken.</summary>
    public LinkRule Rule { get; }

    /// <summary>The frame or message field (as docs/wire-protocol.md names it) that breaks it.</summary>
    public string Field { get; }

    /// <summary>The field's value as found (for a TLP rule: the TLP's byte offset in the frame body).</summary>
    public ulong Value { get; }

    /// <summary>For <see cref="LinkRule.MalformedTlp"/>: the PCIe formation rule the TLP broke.</summary>
    public TlpRule? TlpRule { get; }

    /// <summary>The code of the Error frame the receiver sends before closing.</summary>
    public LinkErrorCode ErrorCode => Rule switch
    {
        LinkRule.UnsupportedVersion => LinkErrorCode.VersionMismatch,
        LinkRule.FrameTooLarge => LinkErrorCode.FrameTooLarge,
        LinkRule.TruncatedTlp or LinkRule.MalformedTlp => LinkErrorCode.MalformedTlp,
        LinkRule.NonceReplayed or LinkRule.AuthenticationModeMismatch or LinkRule.ProofMismatch => LinkErrorCode.AuthenticationFailed,
        _ => LinkErrorCode.ProtocolViolation,
    };

    private static string Describe(LinkRule rule, string field, ulong value, TlpFormatException? inner) =>
        inner is null
            ? string.Create(CultureInfo.InvariantCulture, $"Link protocol violation ({rule}): {field} = 0x{value:x}")
            : string.Create(CultureInfo.InvariantCulture, $"Link protocol violation ({rule}): {field} = 0x{value:x}; {inner.Message}");
}
