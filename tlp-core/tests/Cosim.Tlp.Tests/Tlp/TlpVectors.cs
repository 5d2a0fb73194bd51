namespace Cosim.Tlp.Tests.Tlp;

/// <summary>
/// Byte-exact TLPs derived by hand from the header diagrams of PCIe Base 6.0 §2.2 (DW0: §2.2.1, Figure 2-5;
/// memory, I/O, configuration and AtomicOp requests: §2.2.7; messages: §2.2.8; completions: §2.2.9, Figure 2-33).
/// Every vector carries its derivation; the tests decode the bytes to the header and
/// encode the header back to the bytes.
/// </summary>
/// <remarks>
/// DW0, the first four bytes of every TLP:
/// <code>
///  byte 0: Fmt[2:0] Type[4:0]
///  byte 1: T9 TC[2:0] T8 Attr[2] LN TH
///  byte 2: TD EP Attr[1:0] AT[1:0] Length[9:8]
///  byte 3: Length[7:0]
/// </code>
/// Fmt: 000 3 DW no data, 001 4 DW no data, 010 3 DW with data, 011 4 DW with data.
/// Attr[2] = IDO, Attr[1] = RO, Attr[0] = NS. Requests then carry Requester ID (bytes 4-5), Tag[7:0] (byte 6)
/// and Last DW BE[3:0] | First DW BE[3:0] (byte 7).
/// </remarks>
public static partial class TlpVectors
{
    // Routing IDs used throughout: Bus[15:8] | Device[7:3] | Function[2:0].
    private static readonly PcieId s_rootComplex = PcieId.From(0x00, 0x00, 0);   // 00:00.0 → 00 00
    private static readonly PcieId s_endpoint = PcieId.From(0x01, 0x00, 0);      // 01:00.0 → 01 00

    private static readonly Dictionary<string, TlpVector> s_byName = Build();

    /// <summary>Every vector.</summary>
    public static IReadOnlyCollection<TlpVector> All => s_byName.Values;

    /// <summary>Vector names as xunit theory data (the names show up in the test explorer).</summary>
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

    public static TlpVector Named(string name) => s_byName[name];

    private static Dictionary<string, TlpVector> Build()
    {
        var vectors = new Dictionary<string, TlpVector>(StringComparer.Ordinal);
        foreach (TlpVector vector in (TlpVector[])[.. MemoryRequests(), .. IoAndConfigRequests(), .. Completions(), .. Messages(), .. AtomicOps(), .. HeaderFields()])
        {
            vectors.Add(vector.Name, vector);
        }

        return vectors;
    }
}
