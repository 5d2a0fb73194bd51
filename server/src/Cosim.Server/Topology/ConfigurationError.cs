namespace Cosim.Server.Topology;

/// <summary>
/// One configuration mistake: the key path in configuration form (<c>Devices:1:Model</c>, the same form environment
/// overrides use as <c>COSIM_Devices__1__Model</c>) and why its value is refused.
/// </summary>
/// <param name="KeyPath">The configuration key that is wrong, or the section that lacks a key.</param>
/// <param name="Reason">What is wrong, in words that tell how to fix it.</param>
public sealed record ConfigurationError(string KeyPath, string Reason)
{
    /// <summary>Formats as <c>KeyPath: Reason</c>.</summary>
    public override string ToString() => $"{KeyPath}: {Reason}";
}
