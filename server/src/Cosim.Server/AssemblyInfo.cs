// Cosim.Server hosts the vfio-user endpoint (Cosim.VfioUser), which is Linux-only.
[assembly: System.Runtime.Versioning.SupportedOSPlatform("linux")]
