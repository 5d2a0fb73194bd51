using Cosim.Tlp.Link;

namespace Cosim.Tlp.Tests.Link;

public sealed class LinkFormatExceptionTests
{
    // The table of docs/wire-protocol.md §8.3: which Error code the receiver sends for each broken rule.
    [Theory]
    [InlineData(LinkRule.BadMagic, LinkErrorCode.ProtocolViolation)]
    [InlineData(LinkRule.UnsupportedVersion, LinkErrorCode.VersionMismatch)]
    [InlineData(LinkRule.UnknownFrameType, LinkErrorCode.ProtocolViolation)]
    [InlineData(LinkRule.ReservedFlagsSet, LinkErrorCode.ProtocolViolation)]
    [InlineData(LinkRule.ReservedFieldNotZero, LinkErrorCode.ProtocolViolation)]
    [InlineData(LinkRule.FrameTooLarge, LinkErrorCode.FrameTooLarge)]
    [InlineData(LinkRule.BodyLengthMismatch, LinkErrorCode.ProtocolViolation)]
    [InlineData(LinkRule.UnexpectedFrameType, LinkErrorCode.ProtocolViolation)]
    [InlineData(LinkRule.SequenceMismatch, LinkErrorCode.ProtocolViolation)]
    [InlineData(LinkRule.FeatureNotNegotiated, LinkErrorCode.ProtocolViolation)]
    [InlineData(LinkRule.TruncatedTlp, LinkErrorCode.MalformedTlp)]
    [InlineData(LinkRule.MalformedTlp, LinkErrorCode.MalformedTlp)]
    [InlineData(LinkRule.ParameterOutOfRange, LinkErrorCode.ProtocolViolation)]
    [InlineData(LinkRule.NegotiationViolated, LinkErrorCode.ProtocolViolation)]
    [InlineData(LinkRule.ZeroNonce, LinkErrorCode.ProtocolViolation)]
    [InlineData(LinkRule.NonceReplayed, LinkErrorCode.AuthenticationFailed)]
    [InlineData(LinkRule.AuthenticationModeMismatch, LinkErrorCode.AuthenticationFailed)]
    [InlineData(LinkRule.ProofMismatch, LinkErrorCode.AuthenticationFailed)]
    public void ErrorCodeFollowsTheRule(LinkRule rule, LinkErrorCode code)
    {
        var exception = new LinkFormatException(rule, "Field", 1);

        Assert.Equal(code, exception.ErrorCode);
    }

    [Fact]
    public void EveryRuleHasARowInTheErrorCodeTable()
    {
        var rows = typeof(LinkFormatExceptionTests).GetMethod(nameof(ErrorCodeFollowsTheRule))!
            .GetCustomAttributes(typeof(InlineDataAttribute), false)
            .Cast<InlineDataAttribute>()
            .Select(row => (LinkRule)row.GetData(null!).Single()[0]);

        Assert.Equal(Enum.GetValues<LinkRule>().Order(), rows.Order());
    }

    [Fact]
    public void MessageNamesRuleFieldAndValue()
    {
        var exception = new LinkFormatException(LinkRule.FrameTooLarge, "Length", 0x10001);

        Assert.Equal("Link protocol violation (FrameTooLarge): Length = 0x10001", exception.Message);
    }
}
