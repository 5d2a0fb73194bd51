using System.Reflection;
using System.Runtime.InteropServices;

namespace Cosim.Hdl.Interop;

/// <summary>
/// Finds and loads libvbridge.so, the one native library <see cref="global::Interop.VerilatorShim"/> binds to.
/// The first library loaded serves the whole process (the runtime caches the binding); every design library
/// is checked against its ABI version when it is opened.
/// </summary>
/// <remarks>
/// Search order: <c>$COSIM_VBRIDGE</c> (a file path), then the directories the caller names (the design
/// library's own directory: RtlBuilder and the MSBuild target put a copy there), then the directory of
/// Cosim.Hdl.dll.
/// </remarks>
internal static class BridgeLibrary
{
    internal const string FileName = "libvbridge.so";
    internal const string PathVariable = "COSIM_VBRIDGE";

    private static readonly Lock s_gate = new();
    private static nint s_handle;
    private static bool s_resolverInstalled;

    /// <summary>The path the bridge was loaded from, or null before the first load.</summary>
    internal static string? LoadedPath { get; private set; }

    /// <summary>Loads the bridge unless it is loaded; throws <see cref="DllNotFoundException"/> naming every place searched.</summary>
    internal static void EnsureLoaded(params ReadOnlySpan<string?> candidateDirectories)
    {
        lock (s_gate)
        {
            if (s_handle != nint.Zero)
            {
                return;
            }

            if (!s_resolverInstalled)
            {
                NativeLibrary.SetDllImportResolver(typeof(BridgeLibrary).Assembly, Resolve);
                s_resolverInstalled = true;
            }

            var searched = new List<string>();
            string? fromEnvironment = Environment.GetEnvironmentVariable(PathVariable);
            if (!string.IsNullOrEmpty(fromEnvironment))
            {
                searched.Add(fromEnvironment);
                Load(fromEnvironment);
                return;
            }

            foreach (string? directory in candidateDirectories)
            {
                if (TryLoadFrom(directory, searched))
                {
                    return;
                }
            }

            if (TryLoadFrom(Path.GetDirectoryName(typeof(BridgeLibrary).Assembly.Location), searched)
                || TryLoadFrom(AppContext.BaseDirectory, searched))
            {
                return;
            }

            throw new DllNotFoundException(
                $"{FileName} was not found (searched: {string.Join(", ", searched)}). RtlBuilder builds it next to every design library; "
                + $"or set {PathVariable} to its path.");
        }
    }

    private static bool TryLoadFrom(string? directory, List<string> searched)
    {
        if (string.IsNullOrEmpty(directory))
        {
            return false;
        }

        string path = Path.Combine(directory, FileName);
        searched.Add(path);
        if (!File.Exists(path))
        {
            return false;
        }

        Load(path);
        return true;
    }

    private static void Load(string path)
    {
        nint handle = NativeLibrary.Load(path);
        s_handle = handle;
        LoadedPath = Path.GetFullPath(path);
        int abi = global::Interop.VerilatorShim.vb_abi_version();
        if (abi != ShimAbi.Version)
        {
            throw new DllNotFoundException($"{path} speaks vb ABI {abi}, Cosim.Hdl speaks {ShimAbi.Version}: rebuild it (RtlBuilder does).");
        }
    }

    private static nint Resolve(string libraryName, Assembly assembly, DllImportSearchPath? searchPath)
    {
        if (libraryName != global::Interop.Libraries.VerilatorShim)
        {
            return nint.Zero;
        }

        nint handle = Volatile.Read(ref s_handle);
        if (handle == nint.Zero)
        {
            EnsureLoaded();
            handle = s_handle;
        }

        return handle;
    }
}
