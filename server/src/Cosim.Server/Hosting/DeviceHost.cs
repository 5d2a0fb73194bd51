using Cosim.Server.Models;
using Cosim.Server.Topology;
using Cosim.Server.Tracing;
using Cosim.Tlp;
using Microsoft.Extensions.Logging;

namespace Cosim.Server.Hosting;

/// <summary>
/// Creates every model of the topology once, at start, through the <see cref="ModelRegistry"/>. A model that refuses
/// an option value fails the start with a <see cref="TopologyException"/> that names the option's key path. Models
/// that hold resources (a namespace file, a compiled RTL model) are disposed with the host.
/// </summary>
public sealed class DeviceHost : IDisposable
{
    private readonly List<IDisposable> _owned = [];

    /// <summary>Creates the models of <paramref name="topology"/>, each wrapped by the trace tap when <paramref name="trace"/> is set.</summary>
    /// <exception cref="TopologyException">A model refused its options; every refusal is listed.</exception>
    public DeviceHost(TopologyDefinition topology, ModelRegistry registry, ILoggerFactory loggerFactory, ITlpTraceSink? trace = null)
    {
        var errors = new ConfigurationErrors();
        var devices = new List<HostedDevice>();
        foreach (DeviceDefinition definition in topology.Devices)
        {
            registry.TryGet(definition.Model, out ModelDescriptor model);
            var options = new DeviceOptions(definition.Name, definition.Index, definition.Identity, definition.Options);
            try
            {
                IPcieFunction function = model.Create(options, loggerFactory);
                if (function is IDisposable owned)
                {
                    _owned.Add(owned);
                }

                devices.Add(new HostedDevice(definition, TracingFunction.Wrap(function, trace, new TraceDevice(definition.Index, definition.Name))));
            }
            catch (ModelOptionException e)
            {
                errors.Add($"{definition.KeyPath}:{TopologyKeys.Options}:{e.Key}", e.Reason);
            }
            catch (ArgumentException e)
            {
                errors.Add(definition.KeyPath, $"model '{model.Name}' refused the definition: {e.Message}");
            }
        }

        if (errors.Count > 0)
        {
            Dispose();
            errors.ThrowIfAny();
        }

        Devices = devices;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        foreach (IDisposable owned in _owned)
        {
            owned.Dispose();
        }

        _owned.Clear();
    }

    /// <summary>Every device, in topology order.</summary>
    public IReadOnlyList<HostedDevice> Devices { get; }
}
