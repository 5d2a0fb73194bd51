using System.Globalization;
using Cosim.Tlp;

namespace Cosim.Server.Tracing;

/// <summary>
/// What <c>cosim trace show</c> keeps: a device name, a set of TLP types (spec mnemonics such as MRd, CplD, CfgWr0,
/// the aliases MemRd, MemWr, IoRd, IoWr, CfgRd, CfgWr, or <see cref="TlpKind"/> names; comma-separated) and an
/// address range <c>lo-hi</c> (hex, inclusive) that a request's bytes must overlap.
/// </summary>
public sealed record TraceFilter
{
    /// <summary>Only this device (case-insensitive), or all.</summary>
    public string? Device { get; init; }

    /// <summary>Only these TLP types, or all.</summary>
    public IReadOnlySet<TlpKind>? Kinds { get; init; }

    /// <summary>Only requests that touch [<see cref="AddressLow"/>, <see cref="AddressHigh"/>], or all.</summary>
    public ulong? AddressLow { get; init; }

    /// <summary>Upper end (inclusive) of the address range.</summary>
    public ulong? AddressHigh { get; init; }

    /// <summary>Parses the <c>--type</c> value; false with a reason for an unknown name.</summary>
    public static bool TryParseKinds(string text, out IReadOnlySet<TlpKind> kinds, out string reason)
    {
        var set = new HashSet<TlpKind>();
        foreach (string part in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            int before = set.Count;
            foreach (TlpKind kind in Enum.GetValues<TlpKind>())
            {
                string mnemonic = TlpMnemonic.Of(kind);
                bool alias = part.ToUpperInvariant() switch
                {
                    "MEMRD" => kind == TlpKind.MemoryRead,
                    "MEMWR" => kind == TlpKind.MemoryWrite,
                    "IORD" => kind == TlpKind.IoRead,
                    "IOWR" => kind == TlpKind.IoWrite,
                    "CFGRD" => kind is TlpKind.ConfigRead0 or TlpKind.ConfigRead1,
                    "CFGWR" => kind is TlpKind.ConfigWrite0 or TlpKind.ConfigWrite1,
                    _ => false,
                };
                if (alias || string.Equals(part, mnemonic, StringComparison.OrdinalIgnoreCase)
                    || string.Equals(part, kind.ToString(), StringComparison.OrdinalIgnoreCase))
                {
                    set.Add(kind);
                }
            }

            if (set.Count == before)
            {
                kinds = set;
                reason = $"unknown TLP type '{part}'; use MRd, MWr, IORd, IOWr, CfgRd0, CfgWr0, Msg, MsgD, Cpl, CplD (or MemRd, MemWr, CfgRd, CfgWr)";
                return false;
            }
        }

        kinds = set;
        reason = string.Empty;
        return true;
    }

    /// <summary>Parses <c>lo-hi</c> (hex, <c>0x</c> optional); false with a reason otherwise.</summary>
    public static bool TryParseRange(string text, out ulong low, out ulong high, out string reason)
    {
        low = high = 0;
        string[] parts = text.Split('-', StringSplitOptions.TrimEntries);
        if (parts.Length != 2 || !TryParseHex(parts[0], out low) || !TryParseHex(parts[1], out high) || high < low)
        {
            reason = $"'{text}' is not an address range lo-hi in hex, e.g. 0x80000000-0x80000fff";
            return false;
        }

        reason = string.Empty;
        return true;
    }

    /// <summary>True when <paramref name="record"/> passes every condition set.</summary>
    public bool Matches(TraceRecord record)
    {
        if (Device is not null && !string.Equals(Device, record.Device, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        TlpHeader header = record.Header;
        if (Kinds is not null && !Kinds.Contains(header.Kind))
        {
            return false;
        }

        if (AddressLow is { } low && AddressHigh is { } high)
        {
            if (!(header.IsMemoryRequest || header.IsIoRequest || header.IsConfigRequest || header.IsAtomic))
            {
                return false;
            }

            ulong last = header.Address + (ulong)Math.Max(1, (int)header.Length * 4) - 1;
            return header.Address <= high && last >= low;
        }

        return true;
    }

    private static bool TryParseHex(string text, out ulong value)
    {
        ReadOnlySpan<char> digits = text.StartsWith("0x", StringComparison.OrdinalIgnoreCase) ? text.AsSpan(2) : text;
        return ulong.TryParse(digits, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out value);
    }
}
