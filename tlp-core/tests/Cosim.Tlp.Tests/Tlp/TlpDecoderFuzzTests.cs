using CsCheck;
using Xunit.Abstractions;

namespace Cosim.Tlp.Tests.Tlp;

/// <summary>
/// 100,000 random and mutated byte strings against every decoder (<see cref="TlpCodec.TryDecode"/>,
/// <see cref="TlpCodec.Decode"/>, <see cref="TlpCodec.TotalSizeFromFirstDword"/>). Each answers with a value,
/// "need more bytes" or a <see cref="TlpFormatException"/>, never anything else, and never reads past its input:
/// every input is decoded from an exactly sized array and from a slice of a larger buffer filled with a sentinel
/// (00 or ff, alternately), and the answers must agree. A decoded TLP re-encodes to the same bytes, reserved bits
/// aside. Deterministic: one seed drives everything, and the run takes a few seconds.
/// </summary>
public sealed class TlpDecoderFuzzTests
{
    private const int Seed = 0x7C05_1A;
    private const int InputCount = 100_000;
    private const int GeneratedCorpusSize = 400;
    private const int SliceMargin = 64;

    // Rules a received byte string can break (the rest are broken only while encoding). The fuzzer must reach each.
    private static readonly TlpRule[] s_receivableRules =
    [
        TlpRule.Truncated, TlpRule.TrailingBytes, TlpRule.ReservedFormatType, TlpRule.TlpPrefixNotSupported,
        TlpRule.LengthMustBeOne, TlpRule.TrafficClassMustBeZero, TlpRule.AttributesMustBeZero, TlpRule.AddressTypeMustBeZero,
        TlpRule.LastByteEnablesMustBeZeroForOneDw, TlpRule.FirstByteEnablesMustNotBeZero, TlpRule.LastByteEnablesMustNotBeZero,
        TlpRule.ByteEnablesMustBeContiguous, TlpRule.CrossesFourKiBBoundary, TlpRule.AtomicOperandSizeInvalid,
        TlpRule.AtomicAddressMisaligned, TlpRule.MessageMustNotCarryData,
    ];

    private readonly byte[] _arena = new byte[TlpHeader.MaxTlpBytes + (4 * SliceMargin)];
    private readonly byte[] _encoded = new byte[TlpHeader.MaxTlpBytes];
    private readonly Dictionary<TlpRule, int> _errors = [];
    private readonly ITestOutputHelper _output;
    private int _decoded;
    private int _needMore;

    public TlpDecoderFuzzTests(ITestOutputHelper output)
    {
        _output = output;
    }

    [Fact]
    public void EveryDecoderAnswersValueNeedMoreOrTypedErrorAndNeverReadsPastItsInput()
    {
        var random = new Random(Seed);
        byte[][] corpus = Corpus();

        for (int i = 0; i < InputCount; i++)
        {
            byte[] input = (i % 8) switch
            {
                0 => RandomBytes(random),
                1 or 2 => RandomHeaderWithValidFirstByte(random, corpus),
                _ => Mutate(random, corpus[random.Next(corpus.Length)]),
            };

            try
            {
                CheckEveryDecoder(input, sentinel: (i & 1) == 0 ? (byte)0x00 : (byte)0xFF, offset: random.Next(SliceMargin), decodeSlice: i % 4 == 0);
            }
            catch (Exception failure)
            {
                Assert.Fail($"fuzz input #{i} {Convert.ToHexString(input)}: {failure}");
            }
        }

        _output.WriteLine($"{InputCount} inputs: {_decoded} decoded, {_needMore} need more bytes, errors {string.Join(", ", _errors.OrderBy(e => e.Key).Select(e => $"{e.Key} {e.Value}"))}");
        Assert.True(_decoded > InputCount / 20, $"only {_decoded} inputs decoded");
        Assert.True(_needMore > InputCount / 20, $"only {_needMore} inputs were incomplete");
        Assert.All(s_receivableRules, rule => Assert.True(_errors.GetValueOrDefault(rule) > 0, $"the fuzzer never reached {rule}"));
    }

    // Each decoder sees the exactly sized array. TryDecode (and Decode for every fourth input: exceptions are slow)
    // also sees the same bytes as a slice of a buffer of sentinels, and must answer the same: a read past the slice
    // would see the sentinels.
    private void CheckEveryDecoder(byte[] input, byte sentinel, int offset, bool decodeSlice)
    {
        _arena.AsSpan().Fill(sentinel);
        input.CopyTo(_arena, offset);
        ReadOnlySpan<byte> slice = _arena.AsSpan(offset, input.Length);

        Outcome tryDecode = TryDecode(input);
        Outcome decode = Decode(input);
        Outcome size = TotalSize(input);
        Same(tryDecode, TryDecode(slice));
        if (decodeSlice)
        {
            Same(decode, Decode(slice));
        }

        Assert.InRange(tryDecode.Consumed, 0, input.Length);
        switch (tryDecode.Answer)
        {
            case Answer.Value:
                _decoded++;
                CheckDecodedValue(input, tryDecode, decode, size);
                break;
            case Answer.NeedMore:
                _needMore++;
                Assert.Equal(0, tryDecode.Consumed);
                Assert.Equal(Answer.Error, decode.Answer);
                Assert.Equal(TlpRule.Truncated, decode.Rule);
                break;
            default:
                Count(tryDecode.Rule);
                Assert.Equal(Answer.Error, decode.Answer);
                break;
        }

        if (decode.Answer == Answer.Error)
        {
            Count(decode.Rule);
        }
    }

    private static void Same(Outcome expected, Outcome actual)
    {
        if (expected != actual)
        {
            Assert.Fail($"decoding a slice answered {actual}, decoding the exact array {expected}");
        }
    }

    private void Count(TlpRule rule) => _errors[rule] = _errors.GetValueOrDefault(rule) + 1;

    // A decoded TLP is the input's prefix: Decode of exactly that prefix agrees, and encoding the header gives the
    // same bytes except the reserved bits the codec does not keep.
    private void CheckDecodedValue(byte[] input, Outcome tryDecode, Outcome decode, Outcome size)
    {
        TlpHeader header = tryDecode.Header;
        Assert.Equal(tryDecode.Consumed, size.Consumed);
        Assert.Equal(header.TotalSize, tryDecode.Consumed);
        Assert.Equal(tryDecode.Consumed == input.Length ? Answer.Value : Answer.Error, decode.Answer);

        byte[] tlp = input[..tryDecode.Consumed];
        Same(tryDecode, Decode(tlp));

        int written = TlpCodec.Encode(header, tlp.AsSpan(header.HeaderSize, header.PayloadSize), _encoded);
        byte[] reencoded = _encoded[..written];
        ByteAssert.Equal(ReservedBitsCleared(tlp, header.Kind), ReservedBitsCleared(reencoded, header.Kind));
        Assert.Equal(header, TlpCodec.Decode(reencoded, out _));
    }

    private static Outcome TryDecode(ReadOnlySpan<byte> input)
    {
        try
        {
            return TlpCodec.TryDecode(input, out TlpHeader header, out int consumed)
                ? new Outcome(Answer.Value, header, consumed)
                : new Outcome(Answer.NeedMore, header, consumed);
        }
        catch (TlpFormatException error)
        {
            return Outcome.From(error);
        }
    }

    private static Outcome Decode(ReadOnlySpan<byte> input)
    {
        try
        {
            TlpHeader header = TlpCodec.Decode(input, out ReadOnlySpan<byte> payload);
            Assert.Equal(header.PayloadSize, payload.Length);
            Assert.True(payload.IsEmpty || (input.Overlaps(payload, out int offset) && offset == header.HeaderSize));
            return new Outcome(Answer.Value, header, input.Length);
        }
        catch (TlpFormatException error)
        {
            return Outcome.From(error);
        }
    }

    private static Outcome TotalSize(ReadOnlySpan<byte> input)
    {
        try
        {
            return new Outcome(Answer.Value, default, TlpCodec.TotalSizeFromFirstDword(input));
        }
        catch (TlpFormatException error)
        {
            return Outcome.From(error);
        }
    }

    // The hand-derived vectors and valid TLPs of every kind from the property-test generators.
    private static byte[][] Corpus()
    {
        var corpus = new List<byte[]>();
        foreach (TlpVector vector in TlpVectors.All)
        {
            corpus.Add(vector.Bytes);
        }

        var pcg = new PCG(1, Seed);
        for (int i = 0; i < GeneratedCorpusSize; i++)
        {
            (TlpHeader header, byte[] payload) = TlpGenerators.AnyTlp.Generate(pcg, null, out _);
            byte[] tlp = new byte[header.TotalSize];
            TlpCodec.Encode(header, payload, tlp);
            corpus.Add(tlp);
        }

        return [.. corpus];
    }

    // Random bytes, mostly short (0-64), sometimes long enough to hold a payload.
    private static byte[] RandomBytes(Random random)
    {
        int length = random.Next(8) == 0 ? random.Next(TlpHeader.MaxTlpBytes + 64) : random.Next(65);
        byte[] bytes = new byte[length];
        random.NextBytes(bytes);
        return bytes;
    }

    // A first byte taken from a valid TLP, the rest of the header random, sized to what DW0 announces (give or take):
    // this reaches the validation rules behind the Fmt/Type check.
    private static byte[] RandomHeaderWithValidFirstByte(Random random, byte[][] corpus)
    {
        byte[] header = new byte[TlpHeader.MaxHeaderBytes];
        random.NextBytes(header);
        header[0] = corpus[random.Next(corpus.Length)][0];
        if (random.Next(2) == 0)
        {
            header[2] &= 0xFC;  // Length[9:8] = 0 keeps most payloads short
            header[3] &= 0x0F;
        }

        int total = TlpCodec.TotalSizeFromFirstDword(header);
        int length = random.Next(4) == 0 ? Math.Max(0, total + random.Next(-4, 5)) : total;
        byte[] input = new byte[length];
        random.NextBytes(input);
        header.AsSpan(0, Math.Min(length, header.Length)).CopyTo(input);
        return input;
    }

    // One to three mutations: bit flips, truncation, extension, byte insertion and deletion, header byte overwrites.
    private static byte[] Mutate(Random random, byte[] valid)
    {
        List<byte> bytes = [.. valid];
        int mutations = 1 + random.Next(3);
        for (int m = 0; m < mutations; m++)
        {
            switch (random.Next(7))
            {
                case 0 when bytes.Count > 0:
                    int position = random.Next(Math.Min(bytes.Count, TlpHeader.MaxHeaderBytes + 8));
                    bytes[position] ^= (byte)(1 << random.Next(8));
                    break;
                case 1:
                    int keep = random.Next(bytes.Count + 1);
                    bytes.RemoveRange(keep, bytes.Count - keep);
                    break;
                case 2:
                    byte[] tail = new byte[1 + random.Next(16)];
                    random.NextBytes(tail);
                    bytes.AddRange(tail);
                    break;
                case 3:
                    bytes.Insert(random.Next(bytes.Count + 1), (byte)random.Next(256));
                    break;
                case 4 when bytes.Count > 0:
                    bytes.RemoveAt(random.Next(bytes.Count));
                    break;
                case 5 when bytes.Count > 0:
                    bytes[random.Next(Math.Min(bytes.Count, TlpHeader.MaxHeaderBytes))] = (byte)random.Next(256);
                    break;
                case 6 when bytes.Count > 3:
                    bytes[1 + random.Next(3)] ^= (byte)random.Next(256);
                    break;
            }
        }

        return [.. bytes];
    }

    // The header bits the codec treats as reserved and does not keep (it writes them as 0):
    // Length[9:0] of Cpl, CplLk and Msg; byte 10 bits 7:4 and byte 11 bits 1:0 of configuration requests;
    // byte 11 bit 7 of completions.
    private static byte[] ReservedBitsCleared(byte[] tlp, TlpKind kind)
    {
        byte[] copy = [.. tlp];
        if (kind is TlpKind.Completion or TlpKind.CompletionLocked or TlpKind.Message)
        {
            copy[2] &= 0xFC;
            copy[3] = 0;
        }

        if (kind is TlpKind.ConfigRead0 or TlpKind.ConfigWrite0 or TlpKind.ConfigRead1 or TlpKind.ConfigWrite1)
        {
            copy[10] &= 0x0F;
            copy[11] &= 0xFC;
        }

        if (kind is TlpKind.Completion or TlpKind.CompletionWithData or TlpKind.CompletionLocked or TlpKind.CompletionLockedWithData)
        {
            copy[11] &= 0x7F;
        }

        return copy;
    }

    private enum Answer
    {
        Value,
        NeedMore,
        Error,
    }

    private readonly record struct Outcome(Answer Answer, TlpHeader Header, int Consumed, TlpRule Rule = default, string? Field = null, ulong Value = 0)
    {
        public static Outcome From(TlpFormatException error) =>
            new(Answer.Error, default, 0, error.Rule, error.Field, error.Value);
    }
}
