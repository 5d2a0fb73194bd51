using Microsoft.Extensions.Logging;
using Xunit.Abstractions;

namespace Cosim.Guest.Tests;

/// <summary>Sends log lines to the xunit test output, so a failing end-to-end test shows what the server saw.</summary>
internal sealed class TestOutputLogger(ITestOutputHelper output, string category) : ILogger
{
    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Information;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        try
        {
            output.WriteLine($"[{logLevel} {category}] {formatter(state, exception)}{(exception is null ? "" : " " + exception)}");
        }
        catch (InvalidOperationException)
        {
            // The test already ended; a late line from a server thread has nowhere to go.
        }
    }
}
