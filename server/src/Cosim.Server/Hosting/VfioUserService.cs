using Cosim.Tlp;
using Cosim.VfioUser;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Cosim.Server.Hosting;

/// <summary>One vfio-user server per (function, socket) pair: opened at start, closed (socket removed) at stop.</summary>
internal sealed class VfioUserService : IHostedService
{
    private readonly IReadOnlyList<(IPcieFunction Function, string Socket, UnixFileMode Mode, string Name)> _endpoints;
    private readonly ILoggerFactory _loggerFactory;
    private readonly List<VfioUserServer> _servers = [];

    public VfioUserService(IReadOnlyList<(IPcieFunction Function, string Socket, UnixFileMode Mode, string Name)> endpoints, ILoggerFactory loggerFactory)
    {
        _endpoints = endpoints;
        _loggerFactory = loggerFactory;
    }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        foreach ((IPcieFunction function, string socket, UnixFileMode mode, string name) in _endpoints)
        {
            var options = new VfioUserServerOptions { SocketMode = mode };
            var server = new VfioUserServer(socket, function, options, _loggerFactory.CreateLogger($"Cosim.VfioUser.{name}"));
            server.Start();
            _servers.Add(server);
        }

        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        foreach (VfioUserServer server in _servers)
        {
            await server.StopAsync().ConfigureAwait(false);
            server.Dispose();
        }

        _servers.Clear();
    }
}
