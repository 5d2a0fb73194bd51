using System.Diagnostics;

namespace Cosim.Qemu;

/// <summary>
/// Boots a test guest under QEMU (through <c>qemu-exec.sh</c>, which runs the provisioned QEMU), streams the
/// serial console, and returns what the guest test printed between the init's markers
/// (<c>COSIM-TEST-BEGIN name</c> … <c>COSIM-TEST-END name rc=N</c>). A hard host-side timeout kills QEMU.
/// </summary>
public static partial class GuestRunner
{
    private const string BeginMarker = "COSIM-TEST-BEGIN ";
    private const string EndMarker = "COSIM-TEST-END ";

    /// <summary>
    /// The QEMU accelerator to use: <c>kvm</c> where <c>/dev/kvm</c> opens read-write, else <c>tcg</c>.
    /// </summary>
    public static string DetectAccelerator()
    {
        try
        {
            using FileStream kvm = File.Open("/dev/kvm", FileMode.Open, FileAccess.ReadWrite);
            return "kvm";
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return "tcg";
        }
    }

    /// <summary>Boots the guest and runs the test; <paramref name="consoleLine"/> sees every console line as it arrives.</summary>
    public static async Task<GuestRunResult> RunAsync(
        GuestRunOptions options,
        GuestImage image,
        Action<string>? consoleLine,
        CancellationToken cancellationToken)
    {
        string exec = Path.Combine(CosimPaths.ProvisionScripts, "qemu-exec.sh");
        var start = new ProcessStartInfo("bash")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(exec);
        foreach (string argument in QemuCommandLine.Build(options, image, DetectAccelerator()))
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["COSIM_CACHE"] = CosimPaths.Cache;

        var console = new List<string>();
        var testOutput = new List<string>();
        string? returnCode = null;
        bool inTest = false;
        using StreamWriter? log = options.ConsoleLogPath is null ? null : new StreamWriter(options.ConsoleLogPath) { AutoFlush = true };
        var clock = Stopwatch.StartNew();

        using Process process = Process.Start(start) ?? throw new InvalidOperationException($"Cannot start {exec}.");
        process.StandardInput.Close();

        void OnLine(string rawLine)
        {
            string line = rawLine.TrimEnd('\r');
            lock (console)
            {
                console.Add(line);
                log?.WriteLine(line);
                if (line.StartsWith(BeginMarker, StringComparison.Ordinal))
                {
                    inTest = true;
                }
                else if (line.StartsWith(EndMarker, StringComparison.Ordinal))
                {
                    inTest = false;
                    int rc = line.LastIndexOf(" rc=", StringComparison.Ordinal);
                    returnCode = rc < 0 ? "?" : line[(rc + 4)..].Trim();
                }
                else if (inTest)
                {
                    testOutput.Add(line);
                }
            }

            consoleLine?.Invoke(line);
        }

        Task readOut = PumpAsync(process.StandardOutput, OnLine);
        Task readErr = PumpAsync(process.StandardError, line => OnLine("[qemu] " + line));

        bool hostTimedOut = false;
        using (var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
        {
            timeout.CancelAfter(options.HostTimeout);
            try
            {
                await process.WaitForExitAsync(timeout.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                hostTimedOut = !cancellationToken.IsCancellationRequested;
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
                cancellationToken.ThrowIfCancellationRequested();
            }
        }

        await Task.WhenAll(readOut, readErr).ConfigureAwait(false);
        lock (console)
        {
            return new GuestRunResult
            {
                TestName = options.TestName,
                ReturnCode = returnCode,
                TestOutput = testOutput.ToArray(),
                Console = console.ToArray(),
                HostTimedOut = hostTimedOut,
                QemuExitCode = hostTimedOut ? -1 : process.ExitCode,
                Elapsed = clock.Elapsed,
            };
        }
    }

    private static async Task PumpAsync(StreamReader reader, Action<string> onLine)
    {
        while (await reader.ReadLineAsync().ConfigureAwait(false) is { } line)
        {
            onLine(line);
        }
    }
}
