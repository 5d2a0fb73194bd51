namespace Cosim.Server.Topology;

/// <summary>Collects the mistakes of one configuration pass so that all of them are reported at once.</summary>
internal sealed class ConfigurationErrors
{
    private readonly List<ConfigurationError> _errors = [];

    public int Count => _errors.Count;

    public void Add(string keyPath, string reason) => _errors.Add(new ConfigurationError(keyPath, reason));

    /// <summary>Throws <see cref="TopologyException"/> when anything was collected.</summary>
    public void ThrowIfAny()
    {
        if (_errors.Count > 0)
        {
            throw new TopologyException(_errors.ToArray());
        }
    }
}
