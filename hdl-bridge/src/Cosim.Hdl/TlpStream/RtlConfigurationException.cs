namespace Cosim.Hdl.TlpStream;

/// <summary>An RTL function's description (the JSON beside the RTL) is invalid; the message names the file and the key.</summary>
public sealed class RtlConfigurationException : Exception
{
    /// <summary>Creates the exception for <paramref name="key"/> in <paramref name="path"/>.</summary>
    public RtlConfigurationException(string path, string key, string reason)
        : base($"{path}: {key}: {reason}")
    {
        Path = path;
        Key = key;
    }

    /// <summary>The description file.</summary>
    public string Path { get; }

    /// <summary>The key at fault, dotted ("msix.tableBar", "bars[1].size").</summary>
    public string Key { get; }
}
