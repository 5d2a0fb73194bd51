namespace Cosim.Tlp.Tests.Tlp;

/// <summary>
/// Every <see cref="TlpRule"/> fires: each vector of <see cref="TlpRuleVectors"/> breaks its rule and names the
/// field, and its well-formed neighbour is accepted.
/// </summary>
public sealed class TlpRuleTests
{
    public static TheoryData<string> RuleVectors => TlpRuleVectors.Names;

    public static TheoryData<string> ReceivedRuleVectors
    {
        get
        {
            var names = new TheoryData<string>();
            foreach (TlpRuleVector vector in TlpRuleVectors.All)
            {
                if (vector.MalformedBytes is not null)
                {
                    names.Add(vector.Name);
                }
            }

            return names;
        }
    }

    public static TheoryData<TlpRule> Rules => [.. Enum.GetValues<TlpRule>()];

    [Theory]
    [MemberData(nameof(RuleVectors))]
    public void MalformedVectorBreaksItsRuleAndNamesTheField(string name)
    {
        TlpRuleVector vector = TlpRuleVectors.Named(name);

        TlpFormatException error = Assert.Throws<TlpFormatException>(vector.Malformed);

        Assert.Equal(vector.Rule, error.Rule);
        Assert.Equal(vector.Field, error.Field);
    }

    [Theory]
    [MemberData(nameof(RuleVectors))]
    public void WellFormedNeighbourIsAccepted(string name)
    {
        TlpRuleVector vector = TlpRuleVectors.Named(name);

        Exception? error = Record.Exception(vector.WellFormed);

        Assert.Null(error);
    }

    [Theory]
    [MemberData(nameof(ReceivedRuleVectors))]
    public void TryDecodeGivesTheSameAnswerAsDecodeForMalformedBytes(string name)
    {
        TlpRuleVector vector = TlpRuleVectors.Named(name);
        byte[] bytes = vector.MalformedBytes!;

        switch (vector.Rule)
        {
            case TlpRule.Truncated:
                Assert.False(TlpCodec.TryDecode(bytes, out _, out int nothing));
                Assert.Equal(0, nothing);
                break;
            case TlpRule.TrailingBytes:
                Assert.True(TlpCodec.TryDecode(bytes, out _, out int consumed));
                Assert.True(consumed < bytes.Length);
                break;
            default:
                TlpFormatException error = Assert.Throws<TlpFormatException>(() => TlpCodec.TryDecode(bytes, out _, out _));
                Assert.Equal(vector.Rule, error.Rule);
                Assert.Equal(vector.Field, error.Field);
                break;
        }
    }

    [Theory]
    [MemberData(nameof(ReceivedRuleVectors))]
    public void ErrorCarriesTheReceivedHeaderBytes(string name)
    {
        TlpRuleVector vector = TlpRuleVectors.Named(name);
        byte[] bytes = vector.MalformedBytes!;

        TlpFormatException error = Assert.Throws<TlpFormatException>(vector.Malformed);

        Assert.NotEmpty(error.HeaderBytes);
        Assert.True(error.HeaderBytes.Length <= TlpHeader.MaxHeaderBytes);
        ByteAssert.Equal(bytes.AsSpan(0, error.HeaderBytes.Length), error.HeaderBytes);
        Assert.Contains(error.Rule.ToString(), error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Rules))]
    public void EveryRuleHasAMalformedVector(TlpRule rule)
    {
        int vectors = TlpRuleVectors.All.Count(v => v.Rule == rule);

        Assert.True(vectors > 0, $"TlpRule.{rule} has no malformed vector in TlpRuleVectors: add one that makes it fire.");
    }

    [Fact]
    public void RuleTableCoversExactlyTheDeclaredRules()
    {
        var covered = TlpRuleVectors.All.Select(v => v.Rule).ToHashSet();

        Assert.Equal(Enum.GetValues<TlpRule>().ToHashSet(), covered);
    }
}
