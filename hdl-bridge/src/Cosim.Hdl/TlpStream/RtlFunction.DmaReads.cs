using Cosim.Tlp;

namespace Cosim.Hdl.TlpStream;

/// <summary>
/// The RTL's DMA reads the host has not finished answering, and their Completion Timeout (PCIe Base 6.0 §2.8).
/// </summary>
/// <remarks>
/// A read the host never completes would leave RTL waiting for ever, and with it a host driver that waits for the
/// RTL's interrupt. Like a PCIe hard IP, which terminates such a request towards the user logic with a "Completion
/// Timeout" status, the bridge ends it after <see cref="DmaCompletionTimeout"/> of wall time with a Completion without
/// data, status Completer Abort, on <c>h2d_cpl</c> (Completer ID 00:00.0, the request's Requester ID and Tag),
/// and logs it. The clock runs only on demand, so the timeout is kept in wall time, as the behavioral models' DMA
/// engine keeps it. Completions that arrive afterwards are passed on as usual: the RTL must drop completions whose
/// Tag it no longer waits for.
/// </remarks>
public sealed partial class RtlFunction
{
    private readonly Lock _dmaReadGate = new();
    private readonly Dictionary<ushort, OutstandingDmaRead> _dmaReads = [];
    private ITimer? _dmaReadTimer;
    private TimeSpan _dmaCompletionTimeout;

    /// <summary>
    /// How long a DMA read of the RTL may wait for its last completion before the bridge ends it with a Completer Abort
    /// completion (default <see cref="RtlFunctionOptions.DmaCompletionTimeout"/>).
    /// </summary>
    public TimeSpan DmaCompletionTimeout
    {
        get => _dmaCompletionTimeout;
        set
        {
            ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(value, TimeSpan.Zero);
            lock (_dmaReadGate)
            {
                _dmaCompletionTimeout = value;
                _dmaReadTimer?.Change(CheckInterval(value), CheckInterval(value));
            }
        }
    }

    /// <summary>DMA reads of the RTL still waiting for (part of) their completion.</summary>
    public int OutstandingDmaReads
    {
        get
        {
            lock (_dmaReadGate)
            {
                return _dmaReads.Count;
            }
        }
    }

    // Four checks per timeout, at least one every 250 ms.
    private static TimeSpan CheckInterval(TimeSpan timeout) =>
        TimeSpan.FromTicks(Math.Clamp(timeout.Ticks / 4, TimeSpan.TicksPerMillisecond, TimeSpan.TicksPerMillisecond * 250));

    /// <summary>A request of the RTL on its way to the host: a read is remembered until its last completion.</summary>
    private void OnRtlRequest(in TlpHeader header)
    {
        if (header.Kind is not (TlpKind.MemoryRead or TlpKind.MemoryReadLocked))
        {
            return;
        }

        lock (_dmaReadGate)
        {
            _dmaReads[header.Tag] = new OutstandingDmaRead(header, DateTime.UtcNow + _dmaCompletionTimeout);
            _dmaReadTimer ??= TimeProvider.System.CreateTimer(_ => ExpireDmaReads(), null, CheckInterval(_dmaCompletionTimeout), CheckInterval(_dmaCompletionTimeout));
        }
    }

    /// <summary>A host completion for the RTL: the read it ends is forgotten (the last one, or any with an error status).</summary>
    private void OnHostCompletion(in TlpHeader completion)
    {
        // Byte Count counts the bytes left including this completion's (PCIe Base 6.0 §2.3.1.1): the last completion
        // carries all of them.
        int carried = (completion.Length * sizeof(uint)) - (completion.LowerAddress & 3);
        bool last = completion.Status != CompletionStatus.SuccessfulCompletion || !completion.HasData || completion.ByteCount <= carried;
        if (!last)
        {
            return;
        }

        lock (_dmaReadGate)
        {
            _dmaReads.Remove(completion.Tag);
        }
    }

    private void ForgetDmaReads()
    {
        lock (_dmaReadGate)
        {
            _dmaReads.Clear();
        }
    }

    private void ExpireDmaReads()
    {
        List<TlpHeader>? expired = null;
        lock (_dmaReadGate)
        {
            DateTime now = DateTime.UtcNow;
            foreach ((ushort tag, OutstandingDmaRead read) in _dmaReads)
            {
                if (read.Deadline <= now)
                {
                    (expired ??= []).Add(read.Request);
                }
            }

            foreach (TlpHeader request in expired ?? [])
            {
                _dmaReads.Remove(request.Tag);
            }
        }

        foreach (TlpHeader request in expired ?? [])
        {
            HdlLog.DmaCompletionTimeout(_logger, _design.Top, _dmaCompletionTimeout.TotalMilliseconds, request.ToString());
            TlpHeader termination = TlpHeader.CompletionWithoutDataFor(request, default, CompletionStatus.CompleterAbort);
            Trace(TlpChannel.Bridge, toHost: false, termination, []);
            DeliverCompletion(termination, []);
        }

        if (expired is not null)
        {
            Flush();
        }
    }

    private void StopDmaReadTimer()
    {
        lock (_dmaReadGate)
        {
            _dmaReadTimer?.Dispose();
            _dmaReadTimer = null;
        }
    }

    private readonly record struct OutstandingDmaRead(TlpHeader Request, DateTime Deadline);

    /// <summary>The bridge's upstream: the RTL's checked TLPs, noted on their way to the outbox.</summary>
    private sealed class RtlRequestTracker(RtlFunction function) : ITlpReceiver
    {
        public void Receive(in TlpHeader header, ReadOnlySpan<byte> payload)
        {
            function.OnRtlRequest(header);
            function._outbox.Receive(header, payload);
        }
    }
}
