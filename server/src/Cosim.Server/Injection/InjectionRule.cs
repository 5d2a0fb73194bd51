using System.Globalization;
using Cosim.Tlp;

namespace Cosim.Server.Injection;

/// <summary>
/// One entry of <c>Devices:N:Inject</c>: which of the device's own requests it matches and what happens to them.
/// Matching requests are counted from 1; the rule acts on the <see cref="Nth"/> one and, while
/// <see cref="Count"/> lasts, on every later one.
/// </summary>
/// <param name="KeyPath">The configuration path of the rule (<c>Devices:0:Inject:1</c>), for log lines.</param>
/// <param name="Request">The request type matched.</param>
/// <param name="AddressFirst">First byte address of the matched range (inclusive).</param>
/// <param name="AddressLast">Last byte address of the matched range (inclusive); a request matches when it touches any byte of it.</param>
/// <param name="Nth">The first matching request acted on (1-based).</param>
/// <param name="Count">How many matching requests are acted on, from the <see cref="Nth"/>; null for no limit.</param>
/// <param name="Action">What happens to them.</param>
/// <param name="Delay">The extra latency of <see cref="InjectionAction.Delay"/>; zero otherwise.</param>
public sealed record InjectionRule(
    string KeyPath,
    InjectionRequestKind Request,
    ulong AddressFirst,
    ulong AddressLast,
    long Nth,
    long? Count,
    InjectionAction Action,
    TimeSpan Delay)
{
    /// <summary>A rule for every request of <paramref name="request"/> type, acting <paramref name="action"/>.</summary>
    public static InjectionRule For(InjectionRequestKind request, InjectionAction action, string keyPath = "Inject") =>
        new(keyPath, request, 0, ulong.MaxValue, 1, null, action, TimeSpan.Zero);

    /// <summary>Whether <paramref name="header"/> is of the rule's type and touches its address range (the count is not consulted).</summary>
    public bool Matches(in TlpHeader header)
    {
        bool kind = Request switch
        {
            InjectionRequestKind.MemoryRead => header.Kind is TlpKind.MemoryRead or TlpKind.MemoryReadLocked,
            _ => header.Kind == TlpKind.MemoryWrite,
        };
        if (!kind)
        {
            return false;
        }

        // The bytes a memory request touches: first enabled byte to last enabled byte (§2.2.5). A zero-length read
        // touches none; it is taken as touching its one DW's address.
        ulong first = header.Address + (ulong)ByteEnables.FirstEnabledByteOffset(header.FirstDwByteEnables);
        int count = Math.Max(1, ByteEnables.RequestedByteCount(header.Length, header.FirstDwByteEnables, header.LastDwByteEnables));
        ulong last = first + (ulong)(count - 1);
        return first <= AddressLast && AddressFirst <= last;
    }

    /// <summary><c>Devices:0:Inject:0: MemRd [0x0, 0xffffffffffffffff] from #1, every one: CompleterAbort</c>.</summary>
    public override string ToString()
    {
        string request = Request == InjectionRequestKind.MemoryRead ? "MemRd" : "MemWr";
        string count = Count is { } n ? string.Create(CultureInfo.InvariantCulture, $"{n} of them") : "every one";
        string action = Action == InjectionAction.Delay
            ? string.Create(CultureInfo.InvariantCulture, $"Delay {Delay.TotalMilliseconds} ms")
            : Action.ToString();
        return string.Create(CultureInfo.InvariantCulture, $"{KeyPath}: {request} [0x{AddressFirst:x}, 0x{AddressLast:x}] from #{Nth}, {count}: {action}");
    }
}
