namespace Cosim.Hdl;

/// <summary>The direction of a top-level port (<c>VB_DIRECTION_*</c> in native/vb_shim.h).</summary>
public enum PortDirection
{
    /// <summary>Driven by C#, read by the RTL.</summary>
    Input = 1,

    /// <summary>Driven by the RTL, read by C#.</summary>
    Output = 2,

    /// <summary>An <c>inout</c>: C# may drive and read it.</summary>
    InOut = 3,
}
