namespace Cosim.Tlp.Link;

/// <summary>Which end of the TCP link a side is: the one that connects, or the one that listens.</summary>
public enum LinkRole
{
    /// <summary>The endpoint that connects (the QEMU-side vfio-user endpoint); it sends Hello.</summary>
    Client,

    /// <summary>The transaction server that listens; it answers Hello with HelloAck.</summary>
    Server,
}
