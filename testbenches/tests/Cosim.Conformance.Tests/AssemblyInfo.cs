// The suite runs the RTL implementations through Cosim.Hdl, which is Linux-only.
[assembly: System.Runtime.Versioning.SupportedOSPlatform("linux")]
