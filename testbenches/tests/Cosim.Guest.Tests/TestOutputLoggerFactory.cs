using Microsoft.Extensions.Logging;
using Xunit.Abstractions;

namespace Cosim.Guest.Tests;

/// <summary>Loggers that write to the xunit test output, for components the server builds from configuration.</summary>
internal sealed class TestOutputLoggerFactory(ITestOutputHelper output) : ILoggerFactory
{
    public ILogger CreateLogger(string categoryName) => new TestOutputLogger(output, categoryName);

    public void AddProvider(ILoggerProvider provider)
    {
    }

    public void Dispose()
    {
    }
}
