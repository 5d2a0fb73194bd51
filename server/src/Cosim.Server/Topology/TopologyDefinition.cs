namespace Cosim.Server.Topology;

/// <summary>A validated configuration: the devices, the link settings and the trace file.</summary>
/// <param name="Devices">Every device, in configuration order (index = link channel).</param>
/// <param name="Link">Listener, endpoint and authentication settings of the Cosim link.</param>
/// <param name="TraceFile">Where to record every TLP (<c>.jsonl</c> or <c>.pcapng</c>), or null.</param>
/// <param name="CheckTlp">The top-level <c>CheckTlp</c>: whether device links are checked by default; null for off.</param>
public sealed record TopologyDefinition(IReadOnlyList<DeviceDefinition> Devices, LinkSettings Link, string? TraceFile, Checking.CheckTlpSettings? CheckTlp = null)
{
    /// <summary>The checker settings; off when the configuration has none.</summary>
    public Checking.CheckTlpSettings Checking => CheckTlp ?? Cosim.Server.Checking.CheckTlpSettings.Off;

    /// <summary>Whether <paramref name="device"/>'s link is checked.</summary>
    public bool ChecksTlp(DeviceDefinition device) => Checking.AppliesTo(device.CheckTlp);

    /// <summary>The device called <paramref name="name"/> (case-insensitive), or null.</summary>
    public DeviceDefinition? FindDevice(string name)
    {
        foreach (DeviceDefinition device in Devices)
        {
            if (string.Equals(device.Name, name, StringComparison.OrdinalIgnoreCase))
            {
                return device;
            }
        }

        return null;
    }
}
