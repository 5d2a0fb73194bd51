using Cosim.Server.Topology;
using Cosim.Tlp;

namespace Cosim.Server.Hosting;

/// <summary>A device instance: its definition and the function that serves it (traced when tracing is on).</summary>
/// <param name="Definition">The validated configuration entry.</param>
/// <param name="Function">The model, or the tracing wrapper around it.</param>
public sealed record HostedDevice(DeviceDefinition Definition, IPcieFunction Function);
