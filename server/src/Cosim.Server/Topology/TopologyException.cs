namespace Cosim.Server.Topology;

/// <summary>
/// The configuration cannot be used: thrown at start, before any socket is opened, with every mistake found (each
/// names its key and the reason). The message has one mistake per line.
/// </summary>
public sealed class TopologyException : Exception
{
    /// <summary>Creates the exception for <paramref name="errors"/> (at least one).</summary>
    public TopologyException(IReadOnlyList<ConfigurationError> errors)
        : base(Describe(errors))
    {
        Errors = errors;
    }

    /// <summary>Creates the exception for one mistake.</summary>
    public TopologyException(string keyPath, string reason)
        : this([new ConfigurationError(keyPath, reason)])
    {
    }

    /// <summary>Every mistake found, in configuration order.</summary>
    public IReadOnlyList<ConfigurationError> Errors { get; }

    private static string Describe(IReadOnlyList<ConfigurationError> errors) =>
        errors.Count == 1
            ? $"Invalid configuration: {errors[0]}"
            : $"Invalid configuration ({errors.Count} errors):{Environment.NewLine}  "
                + string.Join(Environment.NewLine + "  ", errors);
}
