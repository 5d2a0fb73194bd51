using Microsoft.Extensions.Logging;
using Xunit.Abstractions;

namespace Cosim.Guest.Tests;

/// <summary>A logger factory's provider that sends every category to the xunit test output (<see cref="TestOutputLogger"/>).</summary>
internal sealed class TestOutputLoggerProvider(ITestOutputHelper output) : ILoggerProvider
{
    public ILogger CreateLogger(string categoryName) => new TestOutputLogger(output, categoryName);

    public void Dispose()
    {
    }
}
