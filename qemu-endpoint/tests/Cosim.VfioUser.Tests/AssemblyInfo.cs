using System.Runtime.Versioning;

// The server tests count the process's fds and talk to real sockets: they run one at a time.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
[assembly: SupportedOSPlatform("linux")]
