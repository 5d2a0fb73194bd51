using Cosim.Tlp;

namespace Cosim.Server.Link;

/// <summary>A device the link server offers: its topology index (the link channel's Device field), name and function.</summary>
/// <param name="Index">Topology index: the channel's Device field.</param>
/// <param name="Name">Device name, for logs.</param>
/// <param name="Function">The model (function 0).</param>
public sealed record ServedDevice(int Index, string Name, IPcieFunction Function);
