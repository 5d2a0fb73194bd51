namespace Cosim.Server.Topology;

/// <summary>How QEMU reaches a device (<c>Devices:N:Attachment</c>).</summary>
public enum AttachmentKind
{
    /// <summary><c>VfioUser</c>: the process that hosts the model opens the vfio-user socket QEMU connects to.</summary>
    VfioUser,

    /// <summary>
    /// <c>Tcp</c>: the model is served over the Cosim link (<c>cosim serve</c>) to a <c>cosim endpoint</c> that runs
    /// next to QEMU and opens the vfio-user socket there. <c>cosim run</c> hosts it in-process like VfioUser.
    /// </summary>
    Tcp,
}
