namespace Cosim.Tlp;

/// <summary>
/// One decoded TLP header: a small value with every field of PCIe Base 6.0 §2.2. The payload travels beside it
/// as a span. Fields that a kind does not have (Completer ID on a request, Address on a completion) are zero.
/// </summary>
/// <remarks>
/// Wire layout of DW0, common to every TLP (§2.2.1, Figure 2-5), bytes left to right, bit 7 first:
/// <code>
///  byte 0          byte 1                      byte 2                        byte 3
/// +-----+---------+---+----+---+------+--+--+---+---+-----+-----+-------+-------------+
/// | Fmt |  Type   |T9 | TC |T8 |Attr2 |LN|TH|TD |EP |Attr1|Attr0|AT[1:0]| Length[9:0] |
/// | 7:5 |   4:0   | 7 |6:4 | 3 |  2   |1 |0 | 7 | 6 |  5  |  4  |  3:2  | 1:0 + byte 3|
/// +-----+---------+---+----+---+------+--+--+---+---+-----+-----+-------+-------------+
/// </code>
/// T9/T8 are Tag[9:8] (10-bit tags). Length 0 encodes 1024 DW.
/// </remarks>
public readonly partial record struct TlpHeader
{
    /// <summary>Largest payload a TLP can carry: Length = 1024 DW (encoded as 0).</summary>
    public const int MaxPayloadBytes = 4096;

    /// <summary>Largest header: 4 DW.</summary>
    public const int MaxHeaderBytes = 16;

    /// <summary>Size of the TLP Digest (ECRC) that follows the payload when TD is set.</summary>
    public const int DigestBytes = 4;

    /// <summary>Largest encoded TLP: 4 DW header, 4 KiB payload, digest.</summary>
    public const int MaxTlpBytes = MaxHeaderBytes + MaxPayloadBytes + DigestBytes;

    /// <summary>Largest 10-bit Tag value.</summary>
    public const ushort MaxTag = 1023;

    /// <summary>The transaction: Fmt and Type together.</summary>
    public TlpKind Kind { get; init; }

    /// <summary>
    /// Fmt[0]: a 4 DW header. Messages always use 4 DW; I/O, configuration and completions always 3 DW; memory
    /// requests and AtomicOps must use 4 DW for an address above 4 GiB (the factories choose it for you).
    /// </summary>
    public bool FourDwHeader { get; init; }

    /// <summary>TC[2:0], Traffic Class.</summary>
    public byte TrafficClass { get; init; }

    /// <summary>Attr[2:0]: Relaxed Ordering, No Snoop, ID-Based Ordering.</summary>
    public TlpAttributes Attributes { get; init; }

    /// <summary>AT[1:0], Address Type.</summary>
    public AddressType AddressType { get; init; }

    /// <summary>TD: a TLP Digest (ECRC) DW follows the payload.</summary>
    public bool TlpDigest { get; init; }

    /// <summary>EP: the TLP is poisoned; its data must not be trusted.</summary>
    public bool Poisoned { get; init; }

    /// <summary>TH: TLP Processing Hints are present (PH in the address DW).</summary>
    public bool ProcessingHintsPresent { get; init; }

    /// <summary>LN: Lightweight Notification read or write.</summary>
    public bool LightweightNotification { get; init; }

    /// <summary>
    /// Length in DW (1-1024): payload size of a TLP with data, requested size of a read request.
    /// Zero where the field is reserved (Cpl, CplLk and Msg without data).
    /// </summary>
    public ushort Length { get; init; }

    /// <summary>Requester ID of a request, or of the request a completion answers.</summary>
    public PcieId RequesterId { get; init; }

    /// <summary>Tag[9:0] (10-bit tags; 8-bit tags leave bits 9:8 zero).</summary>
    public ushort Tag { get; init; }

    /// <summary>First DW BE[3:0] of a request.</summary>
    public byte FirstDwByteEnables { get; init; }

    /// <summary>Last DW BE[3:0] of a request (0000b for a 1 DW request).</summary>
    public byte LastDwByteEnables { get; init; }

    /// <summary>
    /// Memory, I/O and AtomicOp requests: the byte address (bits 1:0 zero).
    /// Configuration requests: the register's byte offset, Ext Register Number and Register Number (0-4092).
    /// Messages: header bytes 8-15 as one big-endian 64-bit value (address, destination ID or vendor fields by routing).
    /// </summary>
    public ulong Address { get; init; }

    /// <summary>PH[1:0], the Processing Hint in the address DW when TH is set.</summary>
    public byte ProcessingHint { get; init; }

    /// <summary>Configuration requests: Bus, Device and Function Number of the target function.</summary>
    public PcieId DestinationId { get; init; }

    /// <summary>Completions: Completer ID.</summary>
    public PcieId CompleterId { get; init; }

    /// <summary>Completions: Completion Status.</summary>
    public CompletionStatus Status { get; init; }

    /// <summary>Completions: BCM, Byte Count Modified (set only by PCI-X completers).</summary>
    public bool ByteCountModified { get; init; }

    /// <summary>Completions: Byte Count, the bytes that remain to complete the request, 1-4096 (4096 encoded as 0).</summary>
    public ushort ByteCount { get; init; }

    /// <summary>Completions: Lower Address[6:0], the low address bits of the first byte this completion returns.</summary>
    public byte LowerAddress { get; init; }

    /// <summary>Messages: routing subfield r[2:0].</summary>
    public MessageRouting Routing { get; init; }

    /// <summary>Messages: Message Code.</summary>
    public MessageCode MessageCode { get; init; }

    /// <summary>TLP Digest (ECRC) as carried on the wire when TD is set; the codec carries it and does not check it.</summary>
    public uint Digest { get; init; }

    /// <summary>True when a data payload follows the header (Fmt[1]).</summary>
    public bool HasData => Kind switch
    {
        TlpKind.MemoryWrite or TlpKind.IoWrite or TlpKind.ConfigWrite0 or TlpKind.ConfigWrite1
            or TlpKind.MessageWithData or TlpKind.CompletionWithData or TlpKind.CompletionLockedWithData
            or TlpKind.FetchAdd or TlpKind.Swap or TlpKind.CompareAndSwap => true,
        _ => false,
    };

    /// <summary>Fmt[2:0] as it goes on the wire.</summary>
    public TlpFormat Format => (TlpFormat)((HasData ? 0b010 : 0) | (FourDwHeader ? 0b001 : 0));

    /// <summary>Header size in bytes: 12 or 16.</summary>
    public int HeaderSize => FourDwHeader ? 16 : 12;

    /// <summary>Payload size in bytes: Length × 4 for TLPs with data, else 0.</summary>
    public int PayloadSize => HasData ? Length * 4 : 0;

    /// <summary>Encoded size in bytes: header, payload and digest.</summary>
    public int TotalSize => HeaderSize + PayloadSize + (TlpDigest ? DigestBytes : 0);

    /// <summary>True for requests (everything but completions).</summary>
    public bool IsRequest => !IsCompletion;

    /// <summary>True for Cpl, CplD, CplLk and CplDLk.</summary>
    public bool IsCompletion => Kind is TlpKind.Completion or TlpKind.CompletionWithData
        or TlpKind.CompletionLocked or TlpKind.CompletionLockedWithData;

    /// <summary>True for posted requests (MWr, Msg, MsgD): no completion comes back.</summary>
    public bool IsPosted => Kind is TlpKind.MemoryWrite or TlpKind.Message or TlpKind.MessageWithData;

    /// <summary>True for requests that must be answered by a completion.</summary>
    public bool IsNonPosted => IsRequest && !IsPosted;

    /// <summary>True for MRd, MRdLk and MWr.</summary>
    public bool IsMemoryRequest => Kind is TlpKind.MemoryRead or TlpKind.MemoryReadLocked or TlpKind.MemoryWrite;

    /// <summary>True for FetchAdd, Swap and CAS.</summary>
    public bool IsAtomic => Kind is TlpKind.FetchAdd or TlpKind.Swap or TlpKind.CompareAndSwap;

    /// <summary>True for CfgRd0/CfgWr0/CfgRd1/CfgWr1.</summary>
    public bool IsConfigRequest => Kind is TlpKind.ConfigRead0 or TlpKind.ConfigWrite0
        or TlpKind.ConfigRead1 or TlpKind.ConfigWrite1;

    /// <summary>True for IORd/IOWr.</summary>
    public bool IsIoRequest => Kind is TlpKind.IoRead or TlpKind.IoWrite;

    /// <summary>True for Msg/MsgD.</summary>
    public bool IsMessage => Kind is TlpKind.Message or TlpKind.MessageWithData;

    /// <summary>True for requests that carry First/Last DW byte enables (memory, I/O, configuration).</summary>
    public bool HasByteEnables => IsMemoryRequest || IsIoRequest || IsConfigRequest;

    /// <summary>Messages routed by ID: the destination ID in bytes 8-9.</summary>
    public PcieId MessageDestinationId => new((ushort)(Address >> 48));

    /// <summary>Vendor_Defined messages: the Vendor ID in bytes 10-11.</summary>
    public ushort MessageVendorId => (ushort)(Address >> 32);

    /// <summary>Vendor_Defined messages: the vendor-defined DW in bytes 12-15.</summary>
    public uint MessageVendorData => (uint)Address;

    /// <summary>Configuration requests: Register Number[5:0] (header byte 11 bits 7:2).</summary>
    public byte RegisterNumber => (byte)((Address >> 2) & 0x3F);

    /// <summary>Configuration requests: Ext Register Number[3:0] (header byte 10 bits 3:0).</summary>
    public byte ExtendedRegisterNumber => (byte)((Address >> 8) & 0xF);
}
