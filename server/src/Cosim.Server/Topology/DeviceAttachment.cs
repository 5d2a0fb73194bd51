namespace Cosim.Server.Topology;

/// <summary>
/// Where QEMU connects to a device: the attachment kind and the vfio-user socket (for <see cref="AttachmentKind.Tcp"/>
/// the socket the endpoint opens next to QEMU; optional there, since <c>cosim endpoint --socket</c> can give it).
/// </summary>
/// <param name="Kind">VfioUser or Tcp.</param>
/// <param name="SocketPath">Absolute vfio-user socket path, or null (Tcp only) when the endpoint gives it.</param>
/// <param name="SocketMode">Permissions of the socket file (0600 by default).</param>
public sealed record DeviceAttachment(AttachmentKind Kind, string? SocketPath, UnixFileMode SocketMode)
{
    /// <summary>Owner read/write: the default socket mode.</summary>
    public const UnixFileMode DefaultSocketMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
}
