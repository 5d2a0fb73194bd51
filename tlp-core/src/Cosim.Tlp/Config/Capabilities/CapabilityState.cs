namespace Cosim.Tlp.Config.Capabilities;

/// <summary>The run-time view of one placed capability: typed accessors over the configuration bytes.</summary>
public abstract class CapabilityState
{
    private protected CapabilityState(ConfigRegisterFile registers, int offset)
    {
        Registers = registers;
        Offset = offset;
    }

    /// <summary>Configuration offset of the capability's first byte (its ID).</summary>
    public int Offset { get; }

    private protected ConfigRegisterFile Registers { get; }
}
