namespace Cosim.Qemu;

/// <summary>Where Cosim's sources and its cache live on this machine.</summary>
public static class CosimPaths
{
    /// <summary>
    /// The cache: <c>$COSIM_CACHE</c>, else <c>${XDG_CACHE_HOME:-$HOME/.cache}/cosim</c>. Kernels, Debian roots,
    /// images and traces live here, never in the repository.
    /// </summary>
    public static string Cache
    {
        get
        {
            string? explicitCache = Environment.GetEnvironmentVariable("COSIM_CACHE");
            if (!string.IsNullOrEmpty(explicitCache))
            {
                return explicitCache;
            }

            string? xdg = Environment.GetEnvironmentVariable("XDG_CACHE_HOME");
            string baseDir = string.IsNullOrEmpty(xdg)
                ? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache")
                : xdg;
            return Path.Combine(baseDir, "cosim");
        }
    }

    /// <summary>
    /// The repository root (the folder holding <c>Cosim.sln</c>): <c>$COSIM_ROOT</c>, else the first ancestor of
    /// the running assembly or of the working directory that has it.
    /// </summary>
    public static string Repository
    {
        get
        {
            string? explicitRoot = Environment.GetEnvironmentVariable("COSIM_ROOT");
            if (!string.IsNullOrEmpty(explicitRoot))
            {
                return explicitRoot;
            }

            foreach (string start in new[] { AppContext.BaseDirectory, Environment.CurrentDirectory })
            {
                for (DirectoryInfo? dir = new(start); dir is not null; dir = dir.Parent)
                {
                    if (File.Exists(Path.Combine(dir.FullName, "Cosim.sln")))
                    {
                        return dir.FullName;
                    }
                }
            }

            throw new InvalidOperationException(
                "Cannot find the Cosim repository (no Cosim.sln above the program or the working directory); set COSIM_ROOT.");
        }
    }

    /// <summary>The provisioning scripts: <c>qemu-endpoint/provision</c>.</summary>
    public static string ProvisionScripts => Path.Combine(Repository, "qemu-endpoint", "provision");
}
