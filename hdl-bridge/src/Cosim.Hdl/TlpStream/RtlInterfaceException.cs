namespace Cosim.Hdl.TlpStream;

/// <summary>
/// The RTL's ports do not make a TLP-stream interface (docs/rtl-interface.md): a required port is missing, or a
/// port has the wrong direction or width. The message names the port and what was expected.
/// </summary>
public sealed class RtlInterfaceException : Exception
{
    /// <summary>Creates the exception for <paramref name="port"/>.</summary>
    public RtlInterfaceException(string top, string port, string problem)
        : base($"{top}: port {port}: {problem} (see docs/rtl-interface.md)")
    {
        Top = top;
        Port = port;
    }

    /// <summary>The design's top module.</summary>
    public string Top { get; }

    /// <summary>The port at fault.</summary>
    public string Port { get; }
}
