using System.Security.Cryptography;

namespace Cosim.Hdl.Toolchain;

/// <summary>The shim sources of hdl-bridge/native/, embedded in Cosim.Hdl.dll (resource names <c>native/&lt;file&gt;</c>).</summary>
internal static class NativeSources
{
    internal const string DesignShim = "vb_design.cpp";
    internal const string Prelude = "vb_prelude.h";
    internal const string Header = "vb_shim.h";
    internal const string DesignVersionScript = "vb_design.map";
    internal const string Bridge = "vb_bridge.c";
    internal const string BridgeVersionScript = "vb_bridge.map";
    internal const string Installer = "install-verilator.sh";

    private const string Prefix = "native/";

    private static readonly Lazy<IReadOnlyDictionary<string, byte[]>> s_files = new(Load);

    /// <summary>Every embedded file by name.</summary>
    internal static IReadOnlyDictionary<string, byte[]> Files => s_files.Value;

    /// <summary>Writes the named files into <paramref name="directory"/>.</summary>
    internal static void WriteTo(string directory, params ReadOnlySpan<string> names)
    {
        Directory.CreateDirectory(directory);
        foreach (string name in names)
        {
            File.WriteAllBytes(Path.Combine(directory, name), Files[name]);
        }
    }

    /// <summary>Feeds the named files (name and content) into a cache-key hash.</summary>
    internal static void HashInto(IncrementalHash hash, params ReadOnlySpan<string> names)
    {
        foreach (string name in names)
        {
            CacheKey.Add(hash, "native:" + name);
            hash.AppendData(Files[name]);
        }
    }

    private static Dictionary<string, byte[]> Load()
    {
        var files = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        System.Reflection.Assembly assembly = typeof(NativeSources).Assembly;
        foreach (string resource in assembly.GetManifestResourceNames())
        {
            if (!resource.StartsWith(Prefix, StringComparison.Ordinal))
            {
                continue;
            }

            using Stream stream = assembly.GetManifestResourceStream(resource)!;
            using var copy = new MemoryStream();
            stream.CopyTo(copy);
            files[resource[Prefix.Length..]] = copy.ToArray();
        }

        return files;
    }
}
