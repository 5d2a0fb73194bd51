using Cosim.Tlp.Link;
using static Cosim.Tlp.Tests.Link.LinkTestKit;

namespace Cosim.Tlp.Tests.Link;

public sealed class LinkAuthenticatorTests
{
    private static readonly LinkHello s_hello = LinkFrameVectors.HelloWith(LinkFrameVectors.ClientNonce);
    private static readonly LinkHello s_helloAck = LinkFrameVectors.HelloWith(LinkFrameVectors.ServerNonce);

    [Theory]
    [InlineData(LinkRole.Client, LinkFrameVectors.ClientProof)]
    [InlineData(LinkRole.Server, LinkFrameVectors.ServerProof)]
    public void ProofMatchesAnIndependentHmacSha256(LinkRole prover, string expected)
    {
        var authenticator = new LinkAuthenticator(Secret);
        var proof = new byte[LinkAuthenticator.ProofBytes];

        authenticator.ComputeProof(prover, s_hello, s_helloAck, proof);

        Assert.Equal(Hex(expected), proof);
    }

    [Fact]
    public void VerifyAcceptsTheRightProofForTheRightRoleOnly()
    {
        var authenticator = new LinkAuthenticator(Secret);
        byte[] clientProof = Hex(LinkFrameVectors.ClientProof);

        Assert.True(authenticator.VerifyProof(LinkRole.Client, s_hello, s_helloAck, clientProof));
        Assert.False(authenticator.VerifyProof(LinkRole.Server, s_hello, s_helloAck, clientProof));
    }

    [Fact]
    public void ProofFromAnotherSecretDoesNotVerify()
    {
        var mine = new LinkAuthenticator(Secret);
        var theirs = new LinkAuthenticator("fedcba9876543210fedcba9876543210"u8);
        var proof = new byte[LinkAuthenticator.ProofBytes];

        theirs.ComputeProof(LinkRole.Client, s_hello, s_helloAck, proof);

        Assert.False(mine.VerifyProof(LinkRole.Client, s_hello, s_helloAck, proof));
    }

    [Fact]
    public void ProofIsBoundToBothNonces()
    {
        var authenticator = new LinkAuthenticator(Secret);
        var otherChallenge = s_helloAck with { Nonce = LinkNonce.CreateRandom() };

        Assert.False(authenticator.VerifyProof(LinkRole.Client, s_hello, otherChallenge, Hex(LinkFrameVectors.ClientProof)));
    }

    [Fact]
    public void UnauthenticatedProofIsThirtyTwoZeroBytes()
    {
        var authenticator = LinkAuthenticator.CreateUnauthenticated();
        byte[] proof = [.. Enumerable.Repeat((byte)0xFF, 32)];

        authenticator.ComputeProof(LinkRole.Client, s_hello, s_helloAck, proof);

        Assert.Equal(new byte[32], proof);
        Assert.False(authenticator.VerifyProof(LinkRole.Client, s_hello, s_helloAck, Hex(LinkFrameVectors.ClientProof)));
    }

    [Fact]
    public void SecretShorterThan16BytesIsRefused()
    {
        var error = Assert.Throws<ArgumentException>(() => new LinkAuthenticator("short-secret"u8));

        Assert.Equal("sharedSecret", error.ParamName);
    }

    [Fact]
    public void PeerNonceSeenBeforeIsRefusedAsReplay()
    {
        var authenticator = new LinkAuthenticator(Secret);
        authenticator.AcceptPeerNonce(LinkFrameVectors.ClientNonce);

        var error = Assert.Throws<LinkFormatException>(() => authenticator.AcceptPeerNonce(LinkFrameVectors.ClientNonce));

        Assert.Equal(LinkRule.NonceReplayed, error.Rule);
        Assert.Equal(LinkErrorCode.AuthenticationFailed, error.ErrorCode);
    }

    [Fact]
    public void OwnNonceReflectedBackIsRefused()
    {
        var authenticator = new LinkAuthenticator(Secret);
        LinkNonce mine = authenticator.CreateNonce();

        var error = Assert.Throws<LinkFormatException>(() => authenticator.AcceptPeerNonce(mine));

        Assert.Equal(LinkRule.NonceReplayed, error.Rule);
    }

    [Fact]
    public void ZeroPeerNonceIsRefused()
    {
        var error = Assert.Throws<LinkFormatException>(() => LinkAuthenticator.CreateUnauthenticated().AcceptPeerNonce(default));

        Assert.Equal(LinkRule.ZeroNonce, error.Rule);
    }

    [Fact]
    public void HistoryForgetsTheOldestNonceBeyondItsCapacity()
    {
        var authenticator = new LinkAuthenticator(Secret);
        LinkNonce first = LinkNonce.CreateRandom();
        authenticator.AcceptPeerNonce(first);

        for (int i = 0; i < LinkAuthenticator.NonceHistoryCapacity; i++)
        {
            authenticator.AcceptPeerNonce(LinkNonce.CreateRandom());
        }

        Exception? error = Record.Exception(() => authenticator.AcceptPeerNonce(first));

        Assert.Null(error);
    }
}
