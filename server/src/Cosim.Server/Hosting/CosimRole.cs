namespace Cosim.Server.Hosting;

/// <summary>What a <c>cosim</c> process does.</summary>
public enum CosimRole
{
    /// <summary><c>cosim run</c>: models, vfio-user endpoints and everything between in one process, no TCP hop.</summary>
    Run,

    /// <summary><c>cosim serve</c>: hosts the models and serves Tcp-attached devices on the Cosim link.</summary>
    Serve,

    /// <summary><c>cosim endpoint</c>: vfio-user sockets next to QEMU, every TLP forwarded to <c>cosim serve</c>.</summary>
    Endpoint,
}
