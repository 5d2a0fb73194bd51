using Cosim.Server.Topology;
using Cosim.Tlp;

namespace Cosim.Server.Hosting;

/// <summary>A device instance: its definition and the function that serves it (checked, traced and faulted as configured).</summary>
/// <param name="Definition">The validated configuration entry.</param>
/// <param name="Function">The model, or the outermost wrapper around it.</param>
/// <param name="Checking">The protocol checker on the model's link, or null when the link is not checked.</param>
public sealed record HostedDevice(DeviceDefinition Definition, IPcieFunction Function, Checking.CheckingFunction? Checking = null);
