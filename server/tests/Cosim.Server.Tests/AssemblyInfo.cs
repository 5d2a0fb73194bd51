using System.Runtime.Versioning;

// Link tests open real sockets on 127.0.0.1 and vfio-user sockets in /tmp; they run one at a time.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
[assembly: SupportedOSPlatform("linux")]
