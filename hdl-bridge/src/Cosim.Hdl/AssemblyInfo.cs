// Verilator, the shim and its loader are Linux-only (ELF shared libraries, dlopen, apt).
[assembly: System.Runtime.Versioning.SupportedOSPlatform("linux")]
