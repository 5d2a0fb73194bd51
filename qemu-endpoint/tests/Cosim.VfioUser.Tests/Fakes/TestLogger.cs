using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Cosim.VfioUser.Tests;

/// <summary>Collects every log line (level and text) so that tests can assert the one line an error must produce.</summary>
internal sealed class TestLogger : ILogger
{
    public ConcurrentQueue<(LogLevel Level, EventId EventId, string Text)> Lines { get; } = new();

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    /// <summary>Lines below this level are not even formatted (allocation tests raise it).</summary>
    public LogLevel MinimumLevel { get; set; } = LogLevel.Trace;

    public bool IsEnabled(LogLevel logLevel) => logLevel >= MinimumLevel;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        if (IsEnabled(logLevel))
        {
            Lines.Enqueue((logLevel, eventId, formatter(state, exception)));
        }
    }

    public int Count(LogLevel level, string contains) => Lines.Count(l => l.Level == level && l.Text.Contains(contains, StringComparison.Ordinal));
}
