using System.Diagnostics;
using Cosim.Qemu;

namespace Cosim.Cli.Bench;

/// <summary>
/// The native C vfio-user server of <c>bench/native-vfio-user</c>: compiled with the host's C compiler into the
/// cache, run as a child process, killed on dispose. It is the latency floor for a vfio-user device.
/// </summary>
internal sealed class NativeVfioUserServer : IDisposable
{
    private readonly Process _process;

    private NativeVfioUserServer(Process process, string socketPath)
    {
        _process = process;
        SocketPath = socketPath;
    }

    public string SocketPath { get; }

    public static async Task<NativeVfioUserServer> StartAsync(string socketPath, Action<string> progress, CancellationToken cancellationToken)
    {
        string source = Path.Combine(CosimPaths.Repository, "bench", "native-vfio-user", "native-vfio-user.c");
        string binary = Path.Combine(CosimPaths.Cache, "bench", "native-vfio-user");
        if (!File.Exists(binary) || File.GetLastWriteTimeUtc(binary) < File.GetLastWriteTimeUtc(source))
        {
            progress($"compiling {source}");
            Directory.CreateDirectory(Path.GetDirectoryName(binary)!);
            await RunAsync("cc", ["-O2", "-Wall", "-o", binary, source], cancellationToken);
        }

        var start = new ProcessStartInfo(binary, [socketPath]) { RedirectStandardError = true, UseShellExecute = false };
        Process process = Process.Start(start) ?? throw new InvalidOperationException($"cannot start {binary}");

        // It prints "listening" once the socket exists; QEMU must not start before that.
        string? line = await process.StandardError.ReadLineAsync(cancellationToken);
        if (line is null || !line.Contains("listening", StringComparison.Ordinal))
        {
            process.Kill();
            throw new InvalidOperationException($"native-vfio-user did not start: {line ?? "no output"}");
        }

        _ = process.StandardError.ReadToEndAsync(CancellationToken.None);
        return new NativeVfioUserServer(process, socketPath);
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
            _process.WaitForExit();
        }

        _process.Dispose();
        File.Delete(SocketPath);
    }

    private static async Task RunAsync(string program, string[] arguments, CancellationToken cancellationToken)
    {
        using Process process = Process.Start(new ProcessStartInfo(program, arguments) { UseShellExecute = false })
            ?? throw new InvalidOperationException($"cannot start {program}");
        await process.WaitForExitAsync(cancellationToken);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{program} {string.Join(' ', arguments)} failed with exit code {process.ExitCode}");
        }
    }
}
