using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Cosim.Guest.Tests;

/// <summary>
/// Collects the protocol checker's violation reports (event 400, <c>Cosim.Server.Checking</c>) from every host of a
/// boot, whichever side of the TCP link the checker sat on, so the test can require that there were none.
/// </summary>
internal sealed class CheckerLogProvider : ILoggerProvider
{
    private const int ViolationEventId = 400;
    private const int EnabledEventId = 401;
    private readonly ConcurrentQueue<string> _violations = new();
    private int _checkedLinks;

    public IReadOnlyCollection<string> Violations => _violations;

    /// <summary>How many links a checker was switched on for (proof that the checks ran).</summary>
    public int CheckedLinks => Volatile.Read(ref _checkedLinks);

    public ILogger CreateLogger(string categoryName) => new Collector(this, categoryName);

    public void Dispose()
    {
    }

    private sealed class Collector(CheckerLogProvider owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Information;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (!category.StartsWith("Cosim.Checking", StringComparison.Ordinal))
            {
                return;
            }

            if (eventId.Id == ViolationEventId)
            {
                owner._violations.Enqueue(formatter(state, exception));
            }
            else if (eventId.Id == EnabledEventId)
            {
                Interlocked.Increment(ref owner._checkedLinks);
            }
        }
    }
}
