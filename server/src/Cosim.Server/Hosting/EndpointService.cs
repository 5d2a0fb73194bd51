using Cosim.Server.Link;
using Microsoft.Extensions.Hosting;

namespace Cosim.Server.Hosting;

/// <summary>
/// <c>cosim endpoint</c>: connects to the server, and once the first link is up opens the vfio-user sockets (so QEMU
/// never enumerates a device whose server is unreachable). Later link drops are the proxies' business.
/// </summary>
internal sealed class EndpointService : IHostedService
{
    private readonly LinkClient _client;
    private readonly VfioUserService _sockets;
    private readonly IHostApplicationLifetime _lifetime;
    private Task _opening = Task.CompletedTask;

    public EndpointService(LinkClient client, VfioUserService sockets, IHostApplicationLifetime lifetime)
    {
        _client = client;
        _sockets = sockets;
        _lifetime = lifetime;
    }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _client.Start();
        _opening = OpenSocketsAsync();
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _sockets.StopAsync(cancellationToken).ConfigureAwait(false);
        await _client.StopAsync().ConfigureAwait(false);
        await _opening.ConfigureAwait(false);
    }

    private async Task OpenSocketsAsync()
    {
        try
        {
            await _client.FirstEstablished.WaitAsync(_lifetime.ApplicationStopping).ConfigureAwait(false);
            await _sockets.StartAsync(_lifetime.ApplicationStopping).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Stopped before the server was reached.
        }
        catch (IOException)
        {
            // A socket path is taken: the vfio-user server logged it; nothing can be served.
            _lifetime.StopApplication();
            throw;
        }
    }
}
