using System.Buffers.Binary;
using Cosim.Tlp;

namespace Cosim.VfioUser.Tests;

/// <summary>
/// A started server on a socket in a fresh temporary directory, its test function and logger, and helpers that
/// play QEMU's startup sequence and the firmware's BAR programming.
/// </summary>
internal sealed class ServerHarness : IDisposable
{
    public const ulong Bar0Address = 0xFE00_0000;
    public const uint Bar1Address = 0xC000;
    public const ulong Bar2Address = 0x8_0000_0000;
    public const ulong RomAddress = 0xFEB0_0000;

    private readonly string _directory;
    private readonly List<IDisposable> _owned = [];

    public ServerHarness(VfioUserServerOptions? options = null, Func<TestFunction, IPcieFunction>? wrap = null)
    {
        _directory = Directory.CreateTempSubdirectory("cosim-vfio-user-").FullName;
        SocketPath = Path.Combine(_directory, "device.sock");
        Function = new TestFunction();
        Logger = new TestLogger();
        IPcieFunction served = wrap is null ? Function : wrap(Function);
        if (served is IDisposable disposable)
        {
            _owned.Add(disposable);
        }

        Server = new VfioUserServer(SocketPath, served, options ?? new VfioUserServerOptions(), Logger);
        Server.ConnectionEnded += _ => ConnectionEnded.Release();
        Server.Start();
    }

    public string SocketPath { get; }

    public TestFunction Function { get; }

    public TestLogger Logger { get; }

    public VfioUserServer Server { get; }

    /// <summary>Released once per connection the server finished cleaning up.</summary>
    public SemaphoreSlim ConnectionEnded { get; } = new(0);

    public QemuClient Connect()
    {
        var client = new QemuClient(SocketPath);
        _owned.Add(client);
        return client;
    }

    /// <summary>Connects and plays VERSION, GET_INFO, the region infos and the initial config read, as QEMU 11.1.3 does.</summary>
    public QemuClient ConnectAndStart()
    {
        QemuClient client = Connect();
        Assert.False(client.Version().IsError);
        client.GetInfo();
        for (uint index = 0; index <= 7; index++)
        {
            client.GetRegionInfo(index);
        }

        client.RegionRead((uint)RegionIndex.Config, 0, 4096);
        return client;
    }

    /// <summary>Programs BAR0, BAR1, BAR2/3 and the ROM BAR and enables I/O, memory and bus mastering, as firmware does.</summary>
    public static void ProgramBars(QemuClient client)
    {
        client.WriteConfig32(0x10, (uint)Bar0Address);
        client.WriteConfig32(0x14, Bar1Address);
        client.WriteConfig32(0x18, unchecked((uint)Bar2Address));
        client.WriteConfig32(0x1C, (uint)(Bar2Address >> 32));
        client.WriteConfig32(0x30, (uint)RomAddress);
        client.WriteConfig16(0x04, 0x0007);
    }

    /// <summary>Writes the BAR0 command block and triggers <paramref name="command"/> with posted writes, like a driver.</summary>
    public static void DeviceCommand(QemuClient client, TestFunction.DeviceCommand command, ulong dmaAddress = 0, uint length = 0, uint vector = 0)
    {
        byte[] address = new byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(address, dmaAddress);
        client.SendRegionWrite(0, (ulong)TestFunction.CommandBlock.DmaAddress, address, posted: true);
        client.PostBar32(0, (ulong)TestFunction.CommandBlock.DmaLength, length);
        client.PostBar32(0, (ulong)TestFunction.CommandBlock.Vector, vector);
        client.PostBar32(0, (ulong)TestFunction.CommandBlock.Command, (uint)command);
    }

    public T Own<T>(T disposable)
        where T : IDisposable
    {
        _owned.Add(disposable);
        return disposable;
    }

    public void Dispose()
    {
        foreach (IDisposable owned in _owned.Where(o => o is not IPcieFunction))
        {
            owned.Dispose();
        }

        Server.Dispose();
        foreach (IDisposable owned in _owned.Where(o => o is IPcieFunction))
        {
            owned.Dispose();
        }

        Directory.Delete(_directory, recursive: true);
    }
}
