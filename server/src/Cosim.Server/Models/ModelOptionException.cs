namespace Cosim.Server.Models;

/// <summary>A model refuses an option value: names the option key (relative to <c>Devices:N:Options</c>) and why.</summary>
public sealed class ModelOptionException : Exception
{
    /// <summary>Creates the error for option <paramref name="key"/>.</summary>
    public ModelOptionException(string key, string reason)
        : base($"{key}: {reason}")
    {
        Key = key;
        Reason = reason;
    }

    /// <summary>The option key, relative to <c>Devices:N:Options</c>.</summary>
    public string Key { get; }

    /// <summary>Why the value is refused.</summary>
    public string Reason { get; }
}
