using Cosim.Tlp.Transactions;

namespace Cosim.Tlp.Checking;

/// <summary>
/// The limits a <see cref="TlpChecker"/> starts from. Max_Payload_Size and Max_Read_Request_Size are replaced by what
/// software writes into the function's Device Control register once the checker has seen the PCI Express Capability.
/// </summary>
public sealed record TlpCheckerOptions
{
    /// <summary>The default x86 interrupt address window (Intel SDM: FEEx_xxxxh).</summary>
    public const ulong DefaultInterruptAddressBase = 0xFEE0_0000;

    /// <summary>Size of the default interrupt address window: 1 MiB.</summary>
    public const ulong DefaultInterruptAddressSize = 0x10_0000;

    /// <summary>Max_Payload_Size of the link until Device Control is seen; the power-on value is 128 bytes (§7.5.3.4).</summary>
    public MaxPayloadSize MaxPayloadSize { get; init; } = MaxPayloadSize.Bytes128;

    /// <summary>The function's Max_Read_Request_Size until Device Control is seen; the power-on value is 512 bytes.</summary>
    public MaxReadRequestSize MaxReadRequestSize { get; init; } = MaxReadRequestSize.Bytes512;

    /// <summary>How long a non-posted request may wait for its completions (§2.8; the spec's default range ends at 50 ms).</summary>
    public TimeSpan CompletionTimeout { get; init; } = TimeSpan.FromMilliseconds(50);

    /// <summary>Collect violations, or throw at the first.</summary>
    public CheckerMode Mode { get; init; } = CheckerMode.Collect;

    /// <summary>Start of the address window where the host receives MSI/MSI-X writes: a function's write there is an interrupt.</summary>
    public ulong InterruptAddressBase { get; init; } = DefaultInterruptAddressBase;

    /// <summary>Size of the interrupt address window (0: only writes to the programmed MSI Message Address count as interrupts).</summary>
    public ulong InterruptAddressSize { get; init; } = DefaultInterruptAddressSize;
}
