using System.Diagnostics;

namespace Cosim.Qemu;

/// <summary>
/// Makes sure QEMU (≥ 10.1 with vfio-user-pci) and the test guest exist, by running the project's idempotent
/// provisioning scripts (<c>trixie-root.sh</c>, <c>guest-build.sh</c>). Their progress lines are passed on.
/// Everything is cached: a second call takes seconds.
/// </summary>
public static class GuestProvisioner
{
    /// <summary>Provisions QEMU and the guest; returns the kernel and initramfs to boot.</summary>
    public static async Task<GuestImage> EnsureAsync(Action<string> progress, CancellationToken cancellationToken)
    {
        await RunScriptAsync("trixie-root.sh", progress, cancellationToken).ConfigureAwait(false);
        IReadOnlyList<string> output = await RunScriptAsync("guest-build.sh", progress, cancellationToken).ConfigureAwait(false);

        string? kernel = null;
        string? initrd = null;
        foreach (string line in output)
        {
            if (line.StartsWith("kernel=", StringComparison.Ordinal))
            {
                kernel = line["kernel=".Length..].Trim();
            }
            else if (line.StartsWith("initrd=", StringComparison.Ordinal))
            {
                initrd = line["initrd=".Length..].Trim();
            }
        }

        if (kernel is null || initrd is null || !File.Exists(kernel) || !File.Exists(initrd))
        {
            throw new InvalidOperationException(
                $"guest-build.sh did not report an existing kernel= and initrd= (got kernel={kernel ?? "none"}, initrd={initrd ?? "none"}).");
        }

        return new GuestImage(kernel, initrd);
    }

    /// <summary>
    /// Runs one provisioning script with bash; stderr lines go to <paramref name="progress"/>, stdout lines are
    /// returned. A non-zero exit throws with the script's last lines.
    /// </summary>
    public static async Task<IReadOnlyList<string>> RunScriptAsync(string script, Action<string> progress, CancellationToken cancellationToken)
    {
        string path = Path.Combine(CosimPaths.ProvisionScripts, script);
        var start = new ProcessStartInfo("bash", [path])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.Environment["COSIM_CACHE"] = CosimPaths.Cache;

        using Process process = Process.Start(start) ?? throw new InvalidOperationException($"Cannot start bash {path}.");
        var stdout = new List<string>();
        var tail = new Queue<string>();
        Task readOut = Task.Run(
            async () =>
            {
                while (await process.StandardOutput.ReadLineAsync(cancellationToken).ConfigureAwait(false) is { } line)
                {
                    lock (stdout)
                    {
                        stdout.Add(line);
                    }
                }
            },
            cancellationToken);
        Task readErr = Task.Run(
            async () =>
            {
                while (await process.StandardError.ReadLineAsync(cancellationToken).ConfigureAwait(false) is { } line)
                {
                    progress(line);
                    lock (tail)
                    {
                        tail.Enqueue(line);
                        if (tail.Count > 20)
                        {
                            tail.Dequeue();
                        }
                    }
                }
            },
            cancellationToken);

        try
        {
            await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
            await Task.WhenAll(readOut, readErr).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException(
                $"{script} failed with exit code {process.ExitCode}; its last lines:{Environment.NewLine}{string.Join(Environment.NewLine, tail)}");
        }

        return stdout;
    }
}
