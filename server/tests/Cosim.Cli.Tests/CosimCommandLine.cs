using System.CommandLine;

namespace Cosim.Cli.Tests;

/// <summary>Runs <c>cosim</c> commands in process, with standard output and error captured.</summary>
internal static class CosimCommandLine
{
    public static async Task<(int ExitCode, string Output, string Error)> RunAsync(params string[] arguments)
    {
        var root = new RootCommand { RtlCommands.Create(), BenchCommands.Create() };
        var output = new StringWriter();
        var error = new StringWriter();
        var configuration = new InvocationConfiguration { Output = TextWriter.Synchronized(output), Error = TextWriter.Synchronized(error) };

        int exitCode = await root.Parse(arguments).InvokeAsync(configuration);

        return (exitCode, output.ToString(), error.ToString());
    }
}
