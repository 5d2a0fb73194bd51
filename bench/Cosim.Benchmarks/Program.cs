using BenchmarkDotNet.Running;

namespace Cosim.Benchmarks;

/// <summary>Runs the benchmarks chosen with BenchmarkDotNet's usual arguments (e.g. <c>--filter '*Codec*'</c>).</summary>
public static class Program
{
    public static void Main(string[] args) => BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
}
