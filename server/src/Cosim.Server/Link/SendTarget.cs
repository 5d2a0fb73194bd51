using System.Buffers;

namespace Cosim.Server.Link;

/// <summary>
/// The one <see cref="IBufferWriter{T}"/> a connection's <c>LinkFrameWriter</c> writes to; it forwards to whichever
/// <see cref="SendBuffer"/> is currently filling. <see cref="LinkSender"/> switches the target only between frames
/// (after <c>LinkFrameWriter.Complete</c>), never while a Tlps frame is open.
/// </summary>
internal sealed class SendTarget : IBufferWriter<byte>
{
    public SendTarget(SendBuffer initial)
    {
        Current = initial;
    }

    public SendBuffer Current { get; set; }

    public void Advance(int count) => Current.Advance(count);

    public Memory<byte> GetMemory(int sizeHint = 0) => Current.GetMemory(sizeHint);

    public Span<byte> GetSpan(int sizeHint = 0) => Current.GetSpan(sizeHint);
}
