using System.Diagnostics;

namespace Cosim.Server.Tests.Tracing;

/// <summary>Debian's tshark with tools/wireshark/cosim-tlp.lua over a recorded pcapng trace.</summary>
public sealed class WiresharkDissectorTests
{
    [Fact]
    [Trait("Category", "Integration")]
    public async Task TsharkDecodesTheRecordedTlps()
    {
        string path = TraceFixture.TempFile(".pcapng");
        try
        {
            await TraceFixture.RecordAsync(path);

            string[] rows = await TsharkAsync(path, "frame.interface_name", "cosimtlp.direction", "cosimtlp.device", "cosimtlp.type", "cosimtlp.address", "cosimtlp.status", "cosimtlp.register", "cosimtlp.message_code", "cosimtlp.payload");

            Assert.Equal(11, rows.Length);
            Assert.Equal("test3\t0\t3\tCfgRd0\t\t\t0x0000\t\t", rows[0]);
            Assert.Equal("test3\t1\t3\tCplD\t\t0\t\t\t34125ac0", rows[1]);
            Assert.Equal("test3\t0\t3\tMWr\t0x0000000080000004\t\t\t\tefbeadde", rows[6]);
            Assert.Equal("test3\t1\t3\tMsg\t\t\t\t0x20\t", rows[10]);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    [Trait("Category", "Integration")]
    public async Task TsharkShowsTheSimulationCycleOfAClockedDevice()
    {
        string path = TraceFixture.TempFile(".pcapng");
        try
        {
            await TraceFixture.RecordAsync(path, clocked: true);

            string[] rows = await TsharkAsync(path, "cosimtlp.type", "cosimtlp.cycle");

            // CfgRd0 recorded before the device's clock moved, its CplD after 2 x 10 cycles (Fakes/ClockedFunction).
            Assert.Equal(11, rows.Length);
            Assert.Equal("CfgRd0\t0", rows[0]);
            Assert.Equal("CplD\t20", rows[1]);
        }
        finally
        {
            File.Delete(path);
        }
    }

    private static async Task<string[]> TsharkAsync(string trace, params string[] fields)
    {
        string dissector = Path.Combine(RepositoryRoot(), "tools", "wireshark", "cosim-tlp.lua");
        var start = new ProcessStartInfo("tshark")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (string argument in new[] { "-X", $"lua_script:{dissector}", "-r", trace, "-T", "fields" })
        {
            start.ArgumentList.Add(argument);
        }

        foreach (string field in fields)
        {
            start.ArgumentList.Add("-e");
            start.ArgumentList.Add(field);
        }

        using Process process = Process.Start(start) ?? throw new InvalidOperationException("tshark did not start");
        Task<string> error = process.StandardError.ReadToEndAsync();
        string output = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));
        Assert.True(process.ExitCode == 0, await error);
        return output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
    }

    private static string RepositoryRoot()
    {
        string? directory = AppContext.BaseDirectory;
        while (directory is not null && !File.Exists(Path.Combine(directory, "Cosim.sln")))
        {
            directory = Path.GetDirectoryName(directory);
        }

        return directory ?? throw new InvalidOperationException("Cosim.sln not found above the test binaries");
    }
}
