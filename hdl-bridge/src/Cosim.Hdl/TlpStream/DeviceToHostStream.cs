namespace Cosim.Hdl.TlpStream;

/// <summary>
/// A stream the RTL drives (<c>d2h_cpl</c>, <c>d2h_req</c>): beats are collected into a TLP's DWs until eop, and
/// the stream rules are checked on the way (docs/rtl-interface.md, "Stream rules").
/// </summary>
internal sealed class DeviceToHostStream
{
    private readonly StreamPorts _ports;
    private readonly int _lanes;
    private readonly uint[] _beat;
    private readonly uint[] _stalledBeat;
    private readonly uint[] _dwords = new uint[TlpDwords.MaxDwords];
    private int _count;
    private bool _inPacket;
    private bool _discarding;
    private bool _ready;
    private bool _stalled;
    private ulong _stalledKeep;
    private bool _stalledStart;
    private bool _stalledEnd;

    internal DeviceToHostStream(TlpChannel channel, StreamPorts ports)
    {
        Channel = channel;
        _ports = ports;
        _lanes = ports.Lanes;
        _beat = new uint[_lanes];
        _stalledBeat = new uint[_lanes];
    }

    /// <summary>What a cycle's sample produced.</summary>
    internal enum Outcome
    {
        /// <summary>No beat moved, or a beat moved inside a TLP.</summary>
        None,

        /// <summary>The last beat of a TLP moved: <see cref="Packet"/> holds its DWs.</summary>
        Packet,

        /// <summary>A stream rule was broken: <see cref="Error"/> says which; the TLP (if any) is dropped.</summary>
        Error,
    }

    internal TlpChannel Channel { get; }

    /// <summary>True while a TLP has started (sop moved) but not ended.</summary>
    internal bool InPacket => _inPacket;

    /// <summary>The DWs of the TLP that just ended, or of the broken one after an error (valid until the next sample).</summary>
    internal ReadOnlySpan<uint> Packet => _dwords.AsSpan(0, _count);

    /// <summary>The broken rule, after <see cref="Outcome.Error"/>.</summary>
    internal string Error { get; private set; } = string.Empty;

    /// <summary>Drives ready for this cycle.</summary>
    internal void DriveReady(bool ready)
    {
        _ready = ready;
        _ports.Ready.Set(ready);
    }

    /// <summary>Before the edge: checks the beat on the bus and, when it moves at this edge, takes it.</summary>
    internal Outcome Sample()
    {
        bool valid = _ports.Valid.IsHigh;
        if (_stalled)
        {
            // AXI4-Stream: once valid is high it stays high, with the same beat, until the beat moves.
            _stalled = false;
            if (!valid)
            {
                return Fail("valid was withdrawn before ready took the beat");
            }

            _ports.Data.Read(_beat);
            if (!_beat.AsSpan().SequenceEqual(_stalledBeat) || _ports.Keep.Value != _stalledKeep
                || _ports.StartOfPacket.IsHigh != _stalledStart || _ports.EndOfPacket.IsHigh != _stalledEnd)
            {
                return Fail("the beat changed while it waited for ready");
            }
        }

        if (!valid)
        {
            return Outcome.None;
        }

        if (!_ready)
        {
            _stalled = true;
            _ports.Data.Read(_stalledBeat);
            _stalledKeep = _ports.Keep.Value;
            _stalledStart = _ports.StartOfPacket.IsHigh;
            _stalledEnd = _ports.EndOfPacket.IsHigh;
            return Outcome.None;
        }

        return Take();
    }

    /// <summary>Forgets a partial TLP (reset).</summary>
    internal void Clear()
    {
        _inPacket = false;
        _discarding = false;
        _stalled = false;
        _count = 0;
    }

    private Outcome Take()
    {
        bool start = _ports.StartOfPacket.IsHigh;
        bool end = _ports.EndOfPacket.IsHigh;
        ulong keep = _ports.Keep.Value;
        _ports.Data.Read(_beat);
        if (start && _inPacket)
        {
            _inPacket = false;
            _count = 0;
            return Fail("sop inside a TLP: the previous TLP had no eop");
        }

        if (!start && !_inPacket)
        {
            // The rest of a TLP already reported and dropped, or a stray beat.
            if (_discarding)
            {
                _discarding = !end;
                return Outcome.None;
            }

            return Fail("a beat without sop outside a TLP");
        }

        if (start)
        {
            _inPacket = true;
            _discarding = false;
            _count = 0;
        }

        // keep: lanes 0..n-1 of the beat are valid, n ≥ 1, and every beat but the last is full.
        int lanes = System.Numerics.BitOperations.TrailingZeroCount(~keep);
        if (keep == 0 || lanes > _lanes || (keep & ~((1UL << lanes) - 1)) != 0)
        {
            return Fail($"keep = {Convert.ToString((long)keep, 2).PadLeft(_lanes, '0')}b is not contiguous from lane 0");
        }

        if (!end && lanes != _lanes)
        {
            return Fail($"keep = {Convert.ToString((long)keep, 2).PadLeft(_lanes, '0')}b on a beat before eop (only the last beat may be partial)");
        }

        if (_count + lanes > _dwords.Length)
        {
            return Fail($"the TLP is longer than {_dwords.Length} DWs (4 KiB of payload)");
        }

        _beat.AsSpan(0, lanes).CopyTo(_dwords.AsSpan(_count));
        _count += lanes;
        if (!end)
        {
            return Outcome.None;
        }

        _inPacket = false;
        return Outcome.Packet;
    }

    private Outcome Fail(string error)
    {
        Error = error;
        if (_count == 0)
        {
            // Nothing collected yet: keep the offending beat as the evidence the report quotes.
            _beat.CopyTo(_dwords, 0);
            _count = _lanes;
        }

        bool midPacket = _inPacket || (_ports.Valid.IsHigh && !_ports.EndOfPacket.IsHigh);
        _inPacket = false;
        _discarding = midPacket;
        return Outcome.Error;
    }
}
