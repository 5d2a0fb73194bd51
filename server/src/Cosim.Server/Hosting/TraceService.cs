using Cosim.Server.Tracing;
using Microsoft.Extensions.Hosting;

namespace Cosim.Server.Hosting;

/// <summary>Closes the trace file last, after every link and endpoint has stopped, so no TLP is lost.</summary>
internal sealed class TraceService : IHostedService
{
    private readonly ITlpTraceSink _sink;

    public TraceService(ITlpTraceSink sink)
    {
        _sink = sink;
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken)
    {
        _sink.Dispose();
        return Task.CompletedTask;
    }
}
