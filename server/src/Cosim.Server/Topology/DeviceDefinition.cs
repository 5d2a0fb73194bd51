namespace Cosim.Server.Topology;

/// <summary>
/// One entry of <c>Devices</c>: a named instance of a model, its identity overrides and options, and how QEMU
/// reaches it. <see cref="Index"/> is its position in the list, which is also its channel on the Cosim link.
/// </summary>
/// <param name="Index">Position in <c>Devices</c>: the link channel's Device field.</param>
/// <param name="Name">Unique name (logs, traces, <c>cosim endpoint --device</c>).</param>
/// <param name="Model">Registered model name, e.g. <c>cosim-test</c>.</param>
/// <param name="Identity">Identity register overrides.</param>
/// <param name="Options">Model options, keys relative to <c>Devices:N:Options</c> (case-insensitive).</param>
/// <param name="Attachment">How QEMU reaches the device.</param>
/// <param name="CheckTlp"><c>Devices:N:CheckTlp</c>: check this device's link (true), never (false), or as the top-level key says (null).</param>
/// <param name="Inject"><c>Devices:N:Inject</c>: error injection rules on this device's requests, in the order they are tried.</param>
public sealed record DeviceDefinition(
    int Index,
    string Name,
    string Model,
    IdentityOverrides Identity,
    IReadOnlyDictionary<string, string> Options,
    DeviceAttachment Attachment,
    bool? CheckTlp = null,
    IReadOnlyList<Injection.InjectionRule>? Inject = null)
{
    /// <summary>The configuration path of this entry, <c>Devices:N</c>.</summary>
    public string KeyPath => $"{TopologyKeys.Devices}:{Index}";

    /// <summary>The error injection rules; empty when there are none.</summary>
    public IReadOnlyList<Injection.InjectionRule> InjectionRules => Inject ?? [];
}
