using System.Net;
using Cosim.Models.TestDevice;
using Cosim.Server.Link;
using Cosim.Server.Tests.Fakes;
using Cosim.Server.Topology;
using Cosim.Tlp;

namespace Cosim.Server.Tests.Link;

/// <summary>
/// A link server on 127.0.0.1 (any free port) serving real <see cref="CosimTestDevice"/>s, and optionally a link
/// client whose proxies are driven by <see cref="FakeRootComplex"/>es, as the vfio-user server would drive them.
/// </summary>
internal sealed class LinkTestbed : IAsyncDisposable
{
    public const ulong Bar0 = 0x8000_0000;
    public const uint Bar2 = 0xC000;
    private static readonly TimeSpan s_hangGuard = TimeSpan.FromSeconds(20);

    private LinkTestbed(LinkServer server, CosimTestDevice[] devices, RecordingLoggerFactory logs)
    {
        Server = server;
        Devices = devices;
        Logs = logs;
    }

    public LinkServer Server { get; }

    public CosimTestDevice[] Devices { get; }

    public RecordingLoggerFactory Logs { get; }

    public LinkClient? Client { get; private set; }

    public ProxyFunction[] Proxies { get; private set; } = [];

    public FakeRootComplex[] Roots { get; private set; } = [];

    public IPEndPoint EndPoint => Server.LocalEndPoint!;

    public static LinkSettings Settings(byte[]? secret = null) => new()
    {
        Listen = new LinkAddress("127.0.0.1", 0),
        Secret = secret,
        ReconnectDelay = TimeSpan.FromMilliseconds(1),
        ReconnectMaxDelay = TimeSpan.FromMilliseconds(20),
    };

    public static LinkTestbed StartServer(int deviceCount = 1, byte[]? secret = null)
    {
        var logs = new RecordingLoggerFactory();
        var devices = new CosimTestDevice[deviceCount];
        var served = new ServedDevice[deviceCount];
        for (int i = 0; i < deviceCount; i++)
        {
            devices[i] = new CosimTestDevice();
            served[i] = new ServedDevice(i, $"test{i}", devices[i]);
        }

        var server = new LinkServer(served, Settings(secret), logs);
        server.Start();
        return new LinkTestbed(server, devices, logs);
    }

    public static async Task<LinkTestbed> StartAsync(int deviceCount = 1, byte[]? secret = null)
    {
        LinkTestbed testbed = StartServer(deviceCount, secret);
        Task established = testbed.StartClient(secret);
        await established.WaitAsync(s_hangGuard);
        return testbed;
    }

    /// <summary>Starts a client for every device; completes when its link is established.</summary>
    public Task StartClient(byte[]? secret)
    {
        Proxies = [.. Enumerable.Range(0, Devices.Length).Select(i => new ProxyFunction(i, $"test{i}", Logs.CreateLogger("proxy")))];
        Roots = [.. Proxies.Select(p => new FakeRootComplex(p))];
        Client = new LinkClient(Proxies, Settings(secret) with { Server = new LinkAddress("127.0.0.1", EndPoint.Port) }, Logs);
        Task established = NextEstablished();
        Client.Start();
        return established;
    }

    /// <summary>Completes when the client's next link is established.</summary>
    public Task NextEstablished()
    {
        var established = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Client!.Established += _ => established.TrySetResult();
        return established.Task.WaitAsync(s_hangGuard);
    }

    /// <summary>Completes when the client's link ends, with the reason.</summary>
    public Task<LinkCloseReason> NextLinkEnd()
    {
        var ended = new TaskCompletionSource<LinkCloseReason>(TaskCreationOptions.RunContinuationsAsynchronously);
        Client!.LinkEnded += reason => ended.TrySetResult(reason);
        return ended.Task.WaitAsync(s_hangGuard);
    }

    /// <summary>Completes when the server reset device <paramref name="index"/> after a link drop.</summary>
    public Task NextDeviceResetAfterDrop(int index)
    {
        var reset = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Server.DeviceResetAfterDrop += device =>
        {
            if (device == index)
            {
                reset.TrySetResult();
            }
        };
        return reset.Task.WaitAsync(s_hangGuard);
    }

    /// <summary>Programs BAR0, BAR2 and the Command register (memory, I/O, bus master) of device <paramref name="index"/>.</summary>
    public async Task EnableAsync(int index = 0)
    {
        FakeRootComplex root = Roots[index];
        await root.ConfigWriteAsync(0x10, (uint)Bar0);
        await root.ConfigWriteAsync(0x18, Bar2);
        await root.ConfigWriteAsync(0x04, 0x7);
    }

    public async ValueTask DisposeAsync()
    {
        if (Client is not null)
        {
            await Client.DisposeAsync();
        }

        await Server.DisposeAsync();
    }
}
