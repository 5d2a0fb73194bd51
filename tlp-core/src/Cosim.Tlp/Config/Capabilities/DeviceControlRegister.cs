using Cosim.Tlp.Transactions;

namespace Cosim.Tlp.Config.Capabilities;

/// <summary>
/// A Device Control register value of the PCI Express Capability (PCIe Base 6.0 §7.5.3.4), decoded.
/// </summary>
/// <remarks>
/// <code>
///  15  14:12  11  10   9   8   7:5  4   3   2   1   0
/// +---+------+---+---+---+---+-----+---+---+---+---+---+
/// |FLR| MRRS |NS |APE|PFE|ETE| MPS |RO |URE|FEE|NFE|CEE|
/// +---+------+---+---+---+---+-----+---+---+---+---+---+
/// </code>
/// </remarks>
/// <param name="Value">The raw 16-bit register.</param>
public readonly record struct DeviceControlRegister(ushort Value)
{
    internal const ushort CorrectableErrorReportingEnableBit = 1 << 0;
    internal const ushort NonFatalErrorReportingEnableBit = 1 << 1;
    internal const ushort FatalErrorReportingEnableBit = 1 << 2;
    internal const ushort UnsupportedRequestReportingEnableBit = 1 << 3;
    internal const ushort EnableRelaxedOrderingBit = 1 << 4;
    internal const int MaxPayloadSizeShift = 5;
    internal const ushort MaxPayloadSizeMask = 0b111 << MaxPayloadSizeShift;
    internal const ushort ExtendedTagFieldEnableBit = 1 << 8;
    internal const ushort PhantomFunctionsEnableBit = 1 << 9;
    internal const ushort AuxPowerPmEnableBit = 1 << 10;
    internal const ushort EnableNoSnoopBit = 1 << 11;
    internal const int MaxReadRequestSizeShift = 12;
    internal const ushort MaxReadRequestSizeMask = 0b111 << MaxReadRequestSizeShift;
    internal const ushort InitiateFunctionLevelResetBit = 1 << 15;

    private const int MinimumSize = 128;

    /// <summary>Correctable Error Reporting Enable.</summary>
    public bool CorrectableErrorReportingEnable => (Value & CorrectableErrorReportingEnableBit) != 0;

    /// <summary>Non-Fatal Error Reporting Enable.</summary>
    public bool NonFatalErrorReportingEnable => (Value & NonFatalErrorReportingEnableBit) != 0;

    /// <summary>Fatal Error Reporting Enable.</summary>
    public bool FatalErrorReportingEnable => (Value & FatalErrorReportingEnableBit) != 0;

    /// <summary>Unsupported Request Reporting Enable.</summary>
    public bool UnsupportedRequestReportingEnable => (Value & UnsupportedRequestReportingEnableBit) != 0;

    /// <summary>Enable Relaxed Ordering.</summary>
    public bool RelaxedOrderingEnable => (Value & EnableRelaxedOrderingBit) != 0;

    /// <summary>Max_Payload_Size as encoded.</summary>
    public MaxPayloadSize MaxPayloadSizeEncoding => (MaxPayloadSize)((Value & MaxPayloadSizeMask) >> MaxPayloadSizeShift);

    /// <summary>
    /// Max_Payload_Size in bytes (128-4096). The reserved encodings 110b and 111b read as 4096.
    /// </summary>
    public int MaxPayloadSize => ToBytes((int)MaxPayloadSizeEncoding);

    /// <summary>Extended Tag Field Enable: 8-bit tags may be used as a requester.</summary>
    public bool ExtendedTagFieldEnable => (Value & ExtendedTagFieldEnableBit) != 0;

    /// <summary>Phantom Functions Enable.</summary>
    public bool PhantomFunctionsEnable => (Value & PhantomFunctionsEnableBit) != 0;

    /// <summary>Aux Power PM Enable.</summary>
    public bool AuxPowerPmEnable => (Value & AuxPowerPmEnableBit) != 0;

    /// <summary>Enable No Snoop.</summary>
    public bool NoSnoopEnable => (Value & EnableNoSnoopBit) != 0;

    /// <summary>Max_Read_Request_Size as encoded.</summary>
    public MaxReadRequestSize MaxReadRequestSizeEncoding => (MaxReadRequestSize)((Value & MaxReadRequestSizeMask) >> MaxReadRequestSizeShift);

    /// <summary>Max_Read_Request_Size in bytes (128-4096). The reserved encodings 110b and 111b read as 4096.</summary>
    public int MaxReadRequestSize => ToBytes((int)MaxReadRequestSizeEncoding);

    internal static int ToBytes(int encoding) => MinimumSize << Math.Min(encoding, (int)Transactions.MaxPayloadSize.Bytes4096);
}
