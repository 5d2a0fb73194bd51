using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Cosim.Server.Tests.Fakes;

/// <summary>A logger factory that keeps every line (level, event id, message) so tests can assert what was reported.</summary>
internal sealed class RecordingLoggerFactory : ILoggerFactory, ILoggerProvider
{
    public ConcurrentQueue<(LogLevel Level, int EventId, string Category, string Message)> Lines { get; } = new();

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void AddProvider(ILoggerProvider provider)
    {
    }

    public bool Contains(int eventId, string fragment) =>
        Lines.Any(line => line.EventId == eventId && line.Message.Contains(fragment, StringComparison.Ordinal));

    public void Dispose()
    {
    }

    private sealed class Logger : ILogger
    {
        private readonly RecordingLoggerFactory _factory;
        private readonly string _category;

        public Logger(RecordingLoggerFactory factory, string category)
        {
            _factory = factory;
            _category = category;
        }

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            _factory.Lines.Enqueue((logLevel, eventId.Id, _category, formatter(state, exception)));
    }
}
