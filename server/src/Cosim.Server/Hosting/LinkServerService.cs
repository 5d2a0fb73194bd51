using Cosim.Server.Link;
using Microsoft.Extensions.Hosting;

namespace Cosim.Server.Hosting;

/// <summary><c>cosim serve</c>'s listener as a hosted service.</summary>
internal sealed class LinkServerService : IHostedService
{
    private readonly LinkServer _server;

    public LinkServerService(LinkServer server)
    {
        _server = server;
    }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _server.Start();
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => _server.StopAsync();
}
