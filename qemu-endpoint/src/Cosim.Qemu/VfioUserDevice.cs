namespace Cosim.Qemu;

/// <summary>One <c>vfio-user-pci</c> device on the QEMU command line, connected to a Cosim endpoint socket.</summary>
/// <param name="SocketPath">The endpoint's UNIX socket; it must be listening before QEMU starts.</param>
/// <param name="MessageTimeoutMilliseconds">
/// QEMU's <c>x-msg-timeout</c>: how long it waits for each reply. Raise it for slow RTL models.
/// </param>
public sealed record VfioUserDevice(string SocketPath, int MessageTimeoutMilliseconds = 5000);
