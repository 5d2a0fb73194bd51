namespace Cosim.Models.Nvme.Commands.Admin;

/// <summary>SEL of Get Features, CDW10 bits 10:8 (NVMe Base 1.4 §5.9.1, Figure 155).</summary>
internal enum FeatureSelect
{
    /// <summary>Current value.</summary>
    Current = 0b000,

    /// <summary>Default value.</summary>
    Default = 0b001,

    /// <summary>Saved value (no feature is saveable: the default).</summary>
    Saved = 0b010,

    /// <summary>Supported capabilities: saveable, namespace specific, changeable.</summary>
    SupportedCapabilities = 0b011,
}
