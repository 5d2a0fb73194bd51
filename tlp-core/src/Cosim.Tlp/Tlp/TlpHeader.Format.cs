using System.Globalization;
using System.Text;

namespace Cosim.Tlp;

public readonly partial record struct TlpHeader
{
    /// <summary>
    /// Every field the kind has, in hex, IDs as <c>bb:dd.f</c>:
    /// <c>MemoryRead(4DW tc=0 attr=None at=Untranslated len=2 req=00:00.0 tag=0x12 fbe=0xf lbe=0xf addr=0x100000000)</c>.
    /// </summary>
    public override string ToString()
    {
        var text = new StringBuilder(128);
        IFormatProvider inv = CultureInfo.InvariantCulture;
        text.Append(inv, $"{Kind}({(FourDwHeader ? "4DW" : "3DW")} tc={TrafficClass} attr={Attributes} at={AddressType}");
        if (TlpDigest)
        {
            text.Append(inv, $" td digest=0x{Digest:x8}");
        }

        if (Poisoned)
        {
            text.Append(" ep");
        }

        if (ProcessingHintsPresent)
        {
            text.Append(inv, $" th ph={ProcessingHint}");
        }

        if (LightweightNotification)
        {
            text.Append(" ln");
        }

        text.Append(inv, $" len={Length}");
        if (IsCompletion)
        {
            text.Append(inv, $" cpl={CompleterId} status={Status} bcm={(ByteCountModified ? 1 : 0)} bc={ByteCount} req={RequesterId} tag=0x{Tag:x} la=0x{LowerAddress:x}");
        }
        else if (IsMessage)
        {
            text.Append(inv, $" req={RequesterId} tag=0x{Tag:x} routing={Routing} code={MessageCode} bytes8-15=0x{Address:x16}");
        }
        else if (IsConfigRequest)
        {
            text.Append(inv, $" req={RequesterId} tag=0x{Tag:x} fbe=0x{FirstDwByteEnables:x} lbe=0x{LastDwByteEnables:x} dest={DestinationId} reg=0x{Address:x3}");
        }
        else
        {
            text.Append(inv, $" req={RequesterId} tag=0x{Tag:x} fbe=0x{FirstDwByteEnables:x} lbe=0x{LastDwByteEnables:x} addr=0x{Address:x}");
        }

        return text.Append(')').ToString();
    }
}
