using System.Buffers;
using Cosim.Tlp;

namespace Cosim.Hdl.TlpStream;

/// <summary>
/// A stream the bridge drives (<c>h2d_req</c>, <c>h2d_cpl</c>): a queue of TLPs as DWs, presented beat by beat.
/// A beat moves at the rising edge where valid and ready are both high; valid, once offered for a beat, stays up
/// with the same beat until it moves (the AXI rule the bridge itself keeps).
/// </summary>
internal sealed class HostToDeviceStream
{
    private readonly StreamPorts _ports;
    private readonly Port? _bar;
    private readonly Queue<Entry> _queue = new();
    private readonly Lock _gate = new();
    private readonly uint[] _beat;
    private readonly int _lanes;
    private Entry _current;
    private bool _hasCurrent;
    private int _offset;
    private bool _offered;

    internal HostToDeviceStream(TlpChannel channel, StreamPorts ports, Port? bar)
    {
        Channel = channel;
        _ports = ports;
        _bar = bar;
        _lanes = ports.Lanes;
        _beat = new uint[_lanes];
    }

    internal TlpChannel Channel { get; }

    /// <summary>True when no TLP is queued or in flight.</summary>
    internal bool IsEmpty
    {
        get
        {
            lock (_gate)
            {
                return !_hasCurrent && _queue.Count == 0;
            }
        }
    }

    /// <summary>Queues a TLP (copied); <paramref name="bar"/> goes on <c>h2d_req_bar</c> with its beats.</summary>
    internal void Enqueue(in TlpHeader header, ReadOnlySpan<byte> payload, int bar)
    {
        // Copied: the payload span only lives during the caller's Receive. The array goes back to the pool when the
        // TLP's last beat has moved.
        uint[] dwords = ArrayPool<uint>.Shared.Rent(TlpDwords.CountFor(header));
        int count = TlpDwords.Encode(header, payload, dwords);
        lock (_gate)
        {
            _queue.Enqueue(new Entry(dwords, count, bar, header));
        }
    }

    /// <summary>Drives this cycle's beat, or valid low when there is none or <paramref name="allowed"/> is false (a bubble).</summary>
    internal void Drive(bool allowed)
    {
        if (!_hasCurrent)
        {
            lock (_gate)
            {
                _hasCurrent = _queue.TryDequeue(out _current);
                _offset = 0;
            }
        }

        // Once offered, a beat stays offered until it moves (AXI: "once TVALID is asserted it must remain asserted").
        _offered = _hasCurrent && (allowed || _offered);
        _ports.Valid.Set(_offered);
        if (!_offered)
        {
            return;
        }

        int remaining = _current.Count - _offset;
        int lanes = Math.Min(remaining, _lanes);
        Array.Clear(_beat);
        Array.Copy(_current.Dwords, _offset, _beat, 0, lanes);
        _ports.Data.Write(_beat);
        _ports.Keep.Value = (1UL << lanes) - 1;
        _ports.StartOfPacket.Set(_offset == 0);
        _ports.EndOfPacket.Set(remaining <= _lanes);
        _bar?.Value = (ulong)_current.Bar;
    }

    /// <summary>
    /// Before the edge: whether the offered beat moves at it. After the edge, <see cref="Advance"/> with the result.
    /// </summary>
    internal bool Fires() => _offered && _ports.Ready.IsHigh;

    /// <summary>After the edge at which the beat moved: the next beat; true (with the TLP) when that was the last one.</summary>
    internal bool Advance(out TlpHeader header, out int bar, out uint[]? dwords, out int count)
    {
        _offered = false;
        _offset += _lanes;
        if (_offset < _current.Count)
        {
            header = default;
            bar = 0;
            dwords = null;
            count = 0;
            return false;
        }

        header = _current.Header;
        bar = _current.Bar;
        dwords = _current.Dwords;
        count = _current.Count;
        _hasCurrent = false;
        _current = default;
        return true;
    }

    /// <summary>Drops every queued and in-flight TLP (reset) and lowers valid.</summary>
    internal void Clear()
    {
        lock (_gate)
        {
            if (_hasCurrent)
            {
                ArrayPool<uint>.Shared.Return(_current.Dwords);
            }

            while (_queue.TryDequeue(out Entry entry))
            {
                ArrayPool<uint>.Shared.Return(entry.Dwords);
            }

            _hasCurrent = false;
            _current = default;
            _offered = false;
        }

        _ports.Valid.Set(false);
    }

    private readonly record struct Entry(uint[] Dwords, int Count, int Bar, TlpHeader Header);
}
