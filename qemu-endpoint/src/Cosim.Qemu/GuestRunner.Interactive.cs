using System.Diagnostics;

namespace Cosim.Qemu;

public static partial class GuestRunner
{
    /// <summary>
    /// Boots the guest with a shell on its serial console, attached to this terminal (QEMU's <c>-serial stdio</c>
    /// through <c>qemu-exec.sh</c>): the user drives the devices by hand; <c>exit</c> powers the guest
    /// off (Ctrl-C stops QEMU). <see cref="GuestRunOptions.TestName"/> is ignored. Returns QEMU's exit code.
    /// </summary>
    public static async Task<int> RunInteractiveAsync(GuestRunOptions options, GuestImage image, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        string exec = Path.Combine(CosimPaths.ProvisionScripts, "qemu-exec.sh");
        var start = new ProcessStartInfo("bash") { UseShellExecute = false };
        start.ArgumentList.Add(exec);

        // No cosim.test= on the kernel command line: the init starts a login shell instead of a test.
        foreach (string argument in QemuCommandLine.Build(options with { TestName = "" }, image, DetectAccelerator()))
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["COSIM_CACHE"] = CosimPaths.Cache;
        using Process process = Process.Start(start) ?? throw new InvalidOperationException($"Cannot start {exec}.");
        try
        {
            await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
            throw;
        }

        return process.ExitCode;
    }
}
