using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Cosim.Server.Link;
using Cosim.Server.Topology;
using Cosim.Tlp;
using Microsoft.Extensions.Logging;

namespace Cosim.Cli.Bench;

/// <summary>
/// <c>cosim bench link</c>: what the TCP hop between <c>cosim endpoint</c> and <c>cosim serve</c> costs, on loopback,
/// without QEMU. A 4-byte MemRd round trip in-process (<c>cosim run</c>'s path: a call), over the link (proxy →
/// frames → TCP → server → model → back), and a raw TCP ping-pong of the same byte counts (the floor any TCP
/// transport pays); then posted 256-byte MemWr streamed over the link against raw TCP streaming the same bytes.
/// </summary>
internal static class LinkBench
{
    private const int WritePayload = 256;
    private static readonly PcieId s_requester = PcieId.From(0, 0, 0);
    private static readonly TimeSpan s_stall = TimeSpan.FromSeconds(30);

    public static async Task<int> RunAsync(int roundTrips, int writes, ILoggerFactory loggers, TextWriter output)
    {
        if (roundTrips < 100 || writes < 100)
        {
            throw new ArgumentOutOfRangeException(nameof(roundTrips), "at least 100 round trips and 100 writes");
        }

        double[] embedded = Embedded(roundTrips);
        var device = new LinkBenchFunction();
        var settings = new LinkSettings { Listen = new LinkAddress("127.0.0.1", 0) };
        await using var server = new LinkServer([new ServedDevice(0, "bench", device)], settings, loggers);
        server.Start();
        var proxy = new ProxyFunction(0, "bench", loggers.CreateLogger("proxy"));
        var counter = new CompletionCounter();
        proxy.Attach(counter);
        await using var client = new LinkClient([proxy], settings with { Server = new LinkAddress("127.0.0.1", server.LocalEndPoint!.Port) }, loggers);
        client.Start();
        await client.FirstEstablished.WaitAsync(s_stall);

        double[] link = RoundTrips(proxy, counter, roundTrips);
        double[] raw = await RawRoundTripsAsync(roundTrips, requestBytes: LinkBytes(TlpHeader.MemoryRead(s_requester, 0, 0x1000, 4)), replyBytes: 16 + 4 + 8);
        (double linkSeconds, long linkBytes) = StreamWrites(proxy, device, writes);
        int writeBytes = LinkBytes(TlpHeader.MemoryWrite(s_requester, 0, 0, WritePayload));
        double rawPerTlpSeconds = await RawStreamAsync((long)writes * writeBytes, writeBytes);
        double rawSeconds = await RawStreamAsync((long)writes * writeBytes, 64 * 1024);

        var inv = CultureInfo.InvariantCulture;
        output.WriteLine($"Link bench on loopback ({Environment.ProcessorCount} cores, load {LoadAverage()}): {roundTrips} round trips, {writes} posted writes of {WritePayload} bytes");
        output.WriteLine("  4-byte MemRd round trip         mean      p50      p99      min   (microseconds)");
        Row(output, "embedded (cosim run, a call)", embedded);
        Row(output, "TCP link (endpoint <-> serve)", link);
        Row(output, "raw TCP ping-pong, same bytes", raw);
        output.WriteLine(string.Create(inv, $"  link / raw TCP (p50): {Percentile(link, 0.5) / Percentile(raw, 0.5):F2}x   link / embedded (mean): {link.Average() / embedded.Average():F0}x"));
        double linkMBps = linkBytes / linkSeconds / 1e6;
        double rawMBps = linkBytes / rawSeconds / 1e6;
        output.WriteLine(string.Create(inv, $"  posted MemWr over the link: {writes / linkSeconds / 1e6:F2} M TLP/s, {linkMBps:F0} MB/s of payload"));
        double rawPerTlpMBps = linkBytes / rawPerTlpSeconds / 1e6;
        output.WriteLine(string.Create(inv, $"  raw TCP, one send per TLP-sized message: {rawPerTlpMBps:F0} MB/s of payload equivalent; link / raw: {linkMBps / rawPerTlpMBps:F2}"));
        output.WriteLine(string.Create(inv, $"  raw TCP, 64 KiB sends of the same bytes: {rawMBps:F0} MB/s of payload equivalent; link / raw: {linkMBps / rawMBps:F2}"));
        return 0;
    }

    // The bytes a TLP takes on the wire: its encoding plus the frame and batch headers (docs/wire-protocol.md), rounded.
    private static int LinkBytes(in TlpHeader header) => header.TotalSize + 16;

    private static double[] Embedded(int count)
    {
        var device = new LinkBenchFunction();
        var counter = new CompletionCounter();
        device.Attach(counter);
        return RoundTrips(device, counter, count);
    }

    private static double[] RoundTrips(IPcieFunction function, CompletionCounter counter, int count)
    {
        var samples = new double[count];
        long done = counter.Completions;
        for (int i = -count / 10; i < count; i++)
        {
            long start = Stopwatch.GetTimestamp();
            function.Receive(TlpHeader.MemoryRead(s_requester, (ushort)(i & 0xFF), 0x1000, 4), []);
            if (!counter.WaitFor(++done, s_stall))
            {
                throw new TimeoutException($"no completion for round trip {i} within {s_stall}");
            }

            if (i >= 0)
            {
                samples[i] = Stopwatch.GetElapsedTime(start).TotalMicroseconds;
            }
        }

        return samples;
    }

    private static (double Seconds, long Bytes) StreamWrites(ProxyFunction proxy, LinkBenchFunction device, int count)
    {
        byte[] payload = new byte[WritePayload];
        long before = device.WrittenBytes;
        long expected = before + ((long)count * WritePayload);
        long start = Stopwatch.GetTimestamp();
        for (int i = 0; i < count; i++)
        {
            proxy.Receive(TlpHeader.MemoryWrite(s_requester, 0, 0x2000, WritePayload), payload);
        }

        if (!SpinWait.SpinUntil(() => device.WrittenBytes >= expected, s_stall))
        {
            throw new TimeoutException($"the server received {device.WrittenBytes - before} of {count * (long)WritePayload} bytes");
        }

        return (Stopwatch.GetElapsedTime(start).TotalSeconds, (long)count * WritePayload);
    }

    private static async Task<double[]> RawRoundTripsAsync(int count, int requestBytes, int replyBytes)
    {
        (Socket client, Socket server) = await ConnectedPairAsync();
        using (client)
        using (server)
        {
            var echo = Task.Run(() =>
            {
                byte[] request = new byte[requestBytes];
                byte[] reply = new byte[replyBytes];
                for (int i = -count / 10; i < count; i++)
                {
                    ReceiveExactly(server, request);
                    server.Send(reply);
                }
            });
            var samples = new double[count];
            byte[] ask = new byte[requestBytes];
            byte[] answer = new byte[replyBytes];
            for (int i = -count / 10; i < count; i++)
            {
                long start = Stopwatch.GetTimestamp();
                client.Send(ask);
                ReceiveExactly(client, answer);
                if (i >= 0)
                {
                    samples[i] = Stopwatch.GetElapsedTime(start).TotalMicroseconds;
                }
            }

            await echo.WaitAsync(s_stall);
            return samples;
        }
    }

    private static async Task<double> RawStreamAsync(long bytes, int sendSize)
    {
        (Socket client, Socket server) = await ConnectedPairAsync();
        using (client)
        using (server)
        {
            var drain = Task.Run(() =>
            {
                byte[] buffer = new byte[64 * 1024];
                long received = 0;
                while (received < bytes)
                {
                    received += server.Receive(buffer);
                }
            });
            byte[] chunk = new byte[sendSize];
            long start = Stopwatch.GetTimestamp();
            for (long sent = 0; sent < bytes; sent += chunk.Length)
            {
                client.Send(chunk, 0, (int)Math.Min(chunk.Length, bytes - sent), SocketFlags.None);
            }

            await drain.WaitAsync(s_stall);
            return Stopwatch.GetElapsedTime(start).TotalSeconds;
        }
    }

    private static async Task<(Socket Client, Socket Server)> ConnectedPairAsync()
    {
        using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        listener.Listen(1);
        var client = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        Task<Socket> accept = listener.AcceptAsync();
        await client.ConnectAsync(listener.LocalEndPoint!);
        Socket server = await accept;
        server.NoDelay = true;
        return (client, server);
    }

    private static void ReceiveExactly(Socket socket, byte[] buffer)
    {
        for (int read = 0; read < buffer.Length;)
        {
            int n = socket.Receive(buffer, read, buffer.Length - read, SocketFlags.None);
            if (n == 0)
            {
                throw new IOException("the peer closed the connection");
            }

            read += n;
        }
    }

    private static void Row(TextWriter output, string name, double[] samples) =>
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  {name,-31} {samples.Average(),7:F2}  {Percentile(samples, 0.5),7:F2}  {Percentile(samples, 0.99),7:F2}  {samples.Min(),7:F2}"));

    internal static double Percentile(double[] samples, double fraction)
    {
        double[] sorted = [.. samples.Order()];
        return sorted[Math.Clamp((int)Math.Ceiling(fraction * sorted.Length) - 1, 0, sorted.Length - 1)];
    }

    private static string LoadAverage()
    {
        try
        {
            return File.ReadAllText("/proc/loadavg").Split(' ')[0];
        }
        catch (IOException)
        {
            return "?";
        }
    }
}
