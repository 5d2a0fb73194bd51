using Cosim.Server.Link;
using Microsoft.Extensions.Hosting;

namespace Cosim.Server.Hosting;

/// <summary><c>cosim endpoint</c>'s connection to the server as a hosted service (reconnects until stopped).</summary>
internal sealed class LinkClientService : IHostedService
{
    private readonly LinkClient _client;

    public LinkClientService(LinkClient client)
    {
        _client = client;
    }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _client.Start();
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => _client.StopAsync();
}
