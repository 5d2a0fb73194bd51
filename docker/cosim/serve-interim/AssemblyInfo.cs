// Cosim runs on Linux: vfio-user, eventfd, memfd and QEMU are Linux facilities.
[assembly: System.Runtime.Versioning.SupportedOSPlatform("linux")]
