namespace Cosim.Hdl.Toolchain;

/// <summary>
/// Building RTL failed: Verilator rejected the sources, a port has a type the shim cannot map, the compiler
/// failed, or the tools are missing. The message names the step and quotes the tool's error lines.
/// </summary>
public sealed class RtlBuildException : Exception
{
    /// <summary>Creates the exception for <paramref name="step"/>.</summary>
    public RtlBuildException(string step, string message, string? logPath = null, Exception? innerException = null)
        : base($"{step}: {message}{(logPath is null ? string.Empty : $" (full log: {logPath})")}", innerException)
    {
        Step = step;
        LogPath = logPath;
    }

    /// <summary>The step that failed ("verilator --xml-only", "port table", "compile", "install verilator", ...).</summary>
    public string Step { get; }

    /// <summary>The build log, when one was written.</summary>
    public string? LogPath { get; }
}
