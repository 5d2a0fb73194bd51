using Cosim.Server.Checking;
using Cosim.Server.Injection;
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

    /// <summary>
    /// Creates the models of <paramref name="topology"/>, each wrapped by the protocol checker when the topology checks
    /// its link, by the trace tap when <paramref name="trace"/> is set, and by error injection when it has rules.
    /// </summary>
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

                devices.Add(Wrap(definition, function, topology.Checking, loggerFactory, trace));
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

    /// <summary>
    /// The wrappers around a model, innermost first: the protocol checker right at the model (so it sees exactly what the
    /// model sends and receives, injected faults included), the trace tap (which records what the device saw), then
    /// error injection facing the link.
    /// </summary>
    private HostedDevice Wrap(DeviceDefinition definition, IPcieFunction model, CheckTlpSettings checking, ILoggerFactory loggerFactory, ITlpTraceSink? trace)
    {
        IPcieFunction function = model;
        CheckingFunction? checker = null;
        if (checking.AppliesTo(definition.CheckTlp))
        {
            checker = new CheckingFunction(model, definition.Name, loggerFactory.CreateLogger($"Cosim.Checking.{definition.Name}"), checking.CompletionTimeout);
            _owned.Add(checker);
            function = checker;
        }

        function = TracingFunction.Wrap(function, trace, new TraceDevice(definition.Index, definition.Name));
        if (definition.InjectionRules.Count > 0)
        {
            ILogger logger = loggerFactory.CreateLogger($"Cosim.Injection.{definition.Name}");
            var injector = new ErrorInjectingFunction(function, definition.InjectionRules, definition.Name, logger);
            foreach (InjectionRule rule in definition.InjectionRules)
            {
                InjectionLog.Armed(logger, definition.Name, rule.ToString());
            }

            _owned.Add(injector);
            function = injector;
        }

        return new HostedDevice(definition, function, checker);
    }
}
