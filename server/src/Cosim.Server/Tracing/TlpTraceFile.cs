namespace Cosim.Server.Tracing;

/// <summary>Opens the trace writer a file name asks for: <c>.pcapng</c> for Wireshark, anything else JSON lines.</summary>
public static class TlpTraceFile
{
    /// <summary>Creates (truncates) <paramref name="path"/> and returns its writer.</summary>
    public static ITlpTraceSink Open(string path) =>
        path.EndsWith(".pcapng", StringComparison.OrdinalIgnoreCase)
            ? new PcapNgTraceWriter(File.Create(path))
            : new JsonLinesTraceWriter(File.Create(path));
}
