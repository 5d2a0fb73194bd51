using Cosim.Server.Models;
using Microsoft.Extensions.Logging;

namespace Cosim.Server.Hosting;

/// <summary>What the command line decided: the role, the configuration file and the keys it overrides.</summary>
public sealed record CosimHostOptions
{
    /// <summary>Run, serve or endpoint.</summary>
    public required CosimRole Role { get; init; }

    /// <summary>The JSON topology file (required for run and serve).</summary>
    public string? ConfigFile { get; init; }

    /// <summary>Configuration keys set on the command line (highest precedence), e.g. <c>Link:Listen</c>.</summary>
    public IReadOnlyDictionary<string, string?> Overrides { get; init; } = new Dictionary<string, string?>();

    /// <summary>Command-line <c>--set KEY=VALUE</c> pairs (after <see cref="Overrides"/>, so they win).</summary>
    public IReadOnlyList<string> Settings { get; init; } = [];

    /// <summary>Endpoint: the device to serve, by name (needs <see cref="ConfigFile"/>) or topology index.</summary>
    public string? EndpointDevice { get; init; }

    /// <summary>Endpoint: the vfio-user socket for <see cref="EndpointDevice"/>.</summary>
    public string? EndpointSocket { get; init; }

    /// <summary>Extra logging setup after the console logger (an embedding application or a test adds its providers).</summary>
    public Action<ILoggingBuilder>? Logging { get; init; }

    /// <summary>The models configurations can name.</summary>
    public ModelRegistry Registry { get; init; } = ModelRegistry.CreateDefault();
}
