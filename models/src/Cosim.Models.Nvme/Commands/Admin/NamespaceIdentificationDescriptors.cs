namespace Cosim.Models.Nvme.Commands.Admin;

/// <summary>
/// The Namespace Identification Descriptor list, CNS 03h (NVMe Base 1.4 §5.15.2.4, Figures 249-250): 4096 bytes of
/// descriptors, each NIDT (type), NIDL (length), 2 reserved bytes and the identifier, ended by a zero NIDT.
/// </summary>
internal static class NamespaceIdentificationDescriptors
{
    /// <summary>Size of the list.</summary>
    public const int Size = 4096;

    private const int HeaderBytes = 4;

    /// <summary>Writes the NGUID (the one Identify Namespace reports) and the UUID.</summary>
    public static void Write(Span<byte> data, ControllerProfile profile)
    {
        int at = Add(data, 0, IdentifierType.NamespaceGloballyUniqueId, profile.NamespaceGloballyUniqueId);
        Add(data, at, IdentifierType.NamespaceUuid, profile.NamespaceUuid);
    }

    private static int Add(Span<byte> data, int at, IdentifierType type, ReadOnlySpan<byte> identifier)
    {
        data[at] = (byte)type;
        data[at + 1] = (byte)identifier.Length;
        identifier.CopyTo(data[(at + HeaderBytes)..]);
        return at + HeaderBytes + identifier.Length;
    }

    /// <summary>NIDT values (Figure 250).</summary>
    private enum IdentifierType : byte
    {
        NamespaceGloballyUniqueId = 2,
        NamespaceUuid = 3,
    }
}
