namespace Cosim.Tlp.Tests.Tlp;

/// <summary>
/// The table of rule vectors: at least one per <see cref="TlpRule"/> value (a test enforces that). Byte vectors
/// are variations of the hand-derived vectors in <see cref="TlpVectors"/>; the comment names the bits changed.
/// </summary>
public static partial class TlpRuleVectors
{
    // Well-formed bases (see TlpVectors for the derivation of each field).
    // MRd of 1 DW at 0x1000 from 01:00.0, tag 0x0a: 00 00 00 01 | 01 00 0a 0f | 00 00 10 00.
    private const string MemoryRead = "00000001 01000A0F 00001000";

    // MWr of aa bb cc dd at 0x1000: 40 00 00 01 | 01 00 00 0f | 00 00 10 00 | aa bb cc dd.
    private const string MemoryWrite = "40000001 0100000F 00001000 AABBCCDD";

    private static readonly PcieId s_endpoint = PcieId.From(0x01, 0x00, 0);

    private static readonly Dictionary<string, TlpRuleVector> s_byName = Build();

    /// <summary>Every rule vector.</summary>
    public static IReadOnlyCollection<TlpRuleVector> All => s_byName.Values;

    public static TheoryData<string> Names
    {
        get
        {
            var names = new TheoryData<string>();
            foreach (string name in s_byName.Keys)
            {
                names.Add(name);
            }

            return names;
        }
    }

    public static TlpRuleVector Named(string name) => s_byName[name];

    private static Dictionary<string, TlpRuleVector> Build()
    {
        var vectors = new Dictionary<string, TlpRuleVector>(StringComparer.Ordinal);
        foreach (TlpRuleVector vector in (TlpRuleVector[])[.. Framing(), .. FormatAndType(), .. IoAndConfig(), .. ByteEnableRules(), .. Addressing(), .. AtomicOps(), .. CompletionsAndMessages(), .. FieldWidths()])
        {
            vectors.Add(vector.Name, vector);
        }

        return vectors;
    }

    // A well-formed header of the given kind that encodes without complaint; rule vectors change one field.
    private static TlpHeader MemoryReadHeader(ulong address = 0x1000, ushort length = 1, byte first = 0xF, byte last = 0) => new()
    {
        Kind = TlpKind.MemoryRead, FourDwHeader = address > uint.MaxValue, Length = length, RequesterId = s_endpoint, Tag = 0x0A,
        FirstDwByteEnables = first, LastDwByteEnables = last, Address = address,
    };

    private static TlpHeader CompletionHeader(TlpKind kind = TlpKind.Completion, ushort length = 0) => new()
    {
        Kind = kind, Length = length, CompleterId = s_endpoint, Status = CompletionStatus.SuccessfulCompletion, ByteCount = 4,
        RequesterId = PcieId.From(0x00, 0x00, 0), Tag = 0x10,
    };

    private static TlpHeader ConfigReadHeader(int offset = 0x10) => new()
    {
        Kind = TlpKind.ConfigRead0, Length = 1, RequesterId = PcieId.From(0x00, 0x00, 0), Tag = 0x10, FirstDwByteEnables = 0xF,
        DestinationId = s_endpoint, Address = (ulong)offset,
    };

    private static TlpHeader MessageHeader(bool fourDw = true) => new()
    {
        Kind = TlpKind.Message, FourDwHeader = fourDw, RequesterId = s_endpoint, Routing = MessageRouting.Local,
        MessageCode = MessageCode.AssertIntA,
    };
}
