using System.Net;
using System.Net.Sockets;
using Cosim.Server.Link;
using Cosim.Tlp;
using Cosim.Tlp.Link;

namespace Cosim.Server.Tests.Link;

public sealed class LinkSenderTests
{
    [Fact]
    public void SendingATlpAllocatesNothingOnceWarm()
    {
        using var listener = new Socket(SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        listener.Listen();
        using var client = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        client.Connect(listener.LocalEndPoint!);
        using Socket peer = listener.Accept();
        using var sender = new LinkSender(client, e => throw e);
        sender.Frames.Establish(new LinkParameters(0, LinkFeatures.None, LinkFrameHeader.DefaultMaxBodyLength, TimeSpan.Zero));
        TlpHeader completion = TlpHeader.CompletionFor(TlpHeader.MemoryRead(default, 5, 0x8000_0000, 4), PcieId.From(1, 0, 0), CompletionStatus.SuccessfulCompletion, 1, 4, 0);
        byte[] payload = [1, 2, 3, 4];
        var channel = new LinkChannel(0, 0);
        for (int i = 0; i < 100; i++)
        {
            sender.TrySendTlp(channel, completion, payload);
        }

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 1000; i++)
        {
            sender.TrySendTlp(channel, completion, payload);
        }

        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(0, allocated);
    }

    [Fact]
    public void TlpsAppendedWhileDeferringLeaveAsOneFrame()
    {
        using var listener = new Socket(SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        listener.Listen();
        using var client = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        client.Connect(listener.LocalEndPoint!);
        using Socket peer = listener.Accept();
        using var sender = new LinkSender(client, e => throw e);
        sender.Frames.Establish(new LinkParameters(0, LinkFeatures.None, LinkFrameHeader.DefaultMaxBodyLength, TimeSpan.Zero));
        TlpHeader msi = TlpHeader.MemoryWrite(PcieId.From(1, 0, 0), 0, 0xFEE0_0000, 4);

        sender.BeginDeferring();
        for (int i = 0; i < 3; i++)
        {
            sender.TrySendTlp(new LinkChannel(0, 0), msi, [0x21, 0, 0, (byte)i]);
        }

        sender.EndDeferring();
        var received = new byte[LinkFrameHeader.Size + (3 * 16)];
        int total = 0;
        while (total < received.Length)
        {
            total += peer.Receive(received.AsSpan(total));
        }

        // One Tlps frame (type 10h), body 48 bytes = three 3 DW MWr with 1 DW of data, sequence 0.
        Assert.Equal(new byte[] { 0x43, 0x4C, 0x01, 0x10, 0x00, 0x00, 0x00, 0x30, 0, 0, 0, 0, 0, 0, 0, 0 }, received[..LinkFrameHeader.Size]);
        Assert.Equal(2, received[^1]);
    }
}
