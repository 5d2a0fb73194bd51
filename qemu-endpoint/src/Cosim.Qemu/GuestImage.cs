namespace Cosim.Qemu;

/// <summary>A bootable test guest: the Debian kernel and the busybox initramfs built by <c>guest-build.sh</c>.</summary>
/// <param name="KernelPath">The kernel image (bzImage).</param>
/// <param name="InitrdPath">The initramfs with busybox, modules, test programs and test scripts.</param>
public sealed record GuestImage(string KernelPath, string InitrdPath);
