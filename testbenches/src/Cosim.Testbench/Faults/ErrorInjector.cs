using Cosim.Tlp;

namespace Cosim.Testbench.Faults;

/// <summary>
/// Error injection on the root complex's side of the link: chosen DMA requests of the function are answered with UR
/// or CA, with poisoned data, late, or not at all. Rules are tried in the order they were added; the first that
/// matches acts. MSI/MSI-X writes are never faulted.
/// </summary>
public sealed class ErrorInjector
{
    private readonly Lock _lock = new();
    private readonly List<FaultRule> _rules = [];

    internal ErrorInjector()
    {
    }

    /// <summary>The rules, in the order they are tried.</summary>
    public IReadOnlyList<FaultRule> Rules
    {
        get
        {
            lock (_lock)
            {
                return [.. _rules];
            }
        }
    }

    /// <summary>A rule for memory requests that touch any byte of [<paramref name="start"/>, +<paramref name="length"/>).</summary>
    public FaultRule ForAddressRange(ulong start, ulong length)
    {
        ArgumentOutOfRangeException.ThrowIfZero(length);
        ulong end = start + length;
        return Add($"requests touching [0x{start:x}, 0x{end:x})", request =>
        {
            RequestRange(request, out ulong first, out ulong count);
            return first < end && start < first + count;
        });
    }

    /// <summary>A rule for requests with Tag <paramref name="tag"/>.</summary>
    public FaultRule ForTag(ushort tag) => Add($"requests with Tag 0x{tag:x}", request => request.Tag == tag);

    /// <summary>A rule for requests <paramref name="predicate"/> accepts.</summary>
    public FaultRule When(Func<TlpHeader, bool> predicate, string description = "requests matching a predicate")
    {
        ArgumentNullException.ThrowIfNull(predicate);
        return Add(description, predicate);
    }

    /// <summary>Removes every rule.</summary>
    public void Clear()
    {
        lock (_lock)
        {
            _rules.Clear();
        }
    }

    internal void Remove(FaultRule rule)
    {
        lock (_lock)
        {
            _rules.Remove(rule);
        }
    }

    /// <summary>The first rule that acts on <paramref name="request"/>, or null.</summary>
    internal FaultRule? Match(in TlpHeader request)
    {
        lock (_lock)
        {
            foreach (FaultRule rule in _rules)
            {
                if (rule.TryHit(request))
                {
                    return rule;
                }
            }

            return null;
        }
    }

    // The bytes a memory request touches: first enabled byte to last enabled byte (Table 2-37).
    private static void RequestRange(in TlpHeader request, out ulong first, out ulong count)
    {
        first = request.Address + (ulong)ByteEnables.FirstEnabledByteOffset(request.FirstDwByteEnables);
        count = (ulong)ByteEnables.RequestedByteCount(request.Length, request.FirstDwByteEnables, request.LastDwByteEnables);
    }

    private FaultRule Add(string description, Func<TlpHeader, bool> matches)
    {
        var rule = new FaultRule(this, description, matches);
        lock (_lock)
        {
            _rules.Add(rule);
        }

        return rule;
    }
}
