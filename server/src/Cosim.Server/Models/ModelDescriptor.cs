namespace Cosim.Server.Models;

/// <summary>
/// A registered model: its configuration name, what it is, how to create it, whether it applies identity overrides,
/// and the option keys it reads (any other key under <c>Devices:N:Options</c> is refused at start).
/// </summary>
/// <param name="Name">The name configurations use (<c>Devices:N:Model</c>), e.g. <c>cosim-test</c>.</param>
/// <param name="Description">One line for <c>cosim</c> help and error messages.</param>
/// <param name="Create">The factory.</param>
public sealed record ModelDescriptor(string Name, string Description, ModelFactory Create)
{
    /// <summary>True when the factory applies <see cref="DeviceOptions.Identity"/>; otherwise overrides are refused.</summary>
    public bool AcceptsIdentityOverrides { get; init; }

    /// <summary>The option keys the model reads (top-level keys under Options, case-insensitive).</summary>
    public IReadOnlyCollection<string> OptionKeys { get; init; } = [];
}
