namespace Cosim.Hdl.TlpStream;

/// <summary>Running the clock on demand: one thread at a time steps the bridge; other threads queue and leave.</summary>
public sealed partial class RtlFunction
{
    private const ulong ExpiryInterval = 4096;

    /// <summary>Claims the clock; the caller holds <c>_runGate</c>.</summary>
    private bool TryStartClock()
    {
        if (_running || _disposed)
        {
            return false;
        }

        _running = true;
        return true;
    }

    private void RunClock(ulong cycles)
    {
        bool start;
        lock (_runGate)
        {
            start = TryStartClock();
        }

        if (start)
        {
            ClockLoop(cycles);
        }
        else
        {
            Flush();
        }
    }

    /// <summary>
    /// Steps until the bridge has been idle for <see cref="RtlFunctionOptions.IdleCycles"/> cycles (and at least
    /// <paramref name="minimumCycles"/> ran), the budget is spent, or the RTL failed. Work queued by other threads
    /// meanwhile is picked up: the idle decision and their queueing share <c>_runGate</c>.
    /// </summary>
    private void ClockLoop(ulong minimumCycles)
    {
        ulong ran = 0;
        ulong quiet = 0;
        bool released = false;
        try
        {
            while (true)
            {
                lock (_simulationGate)
                {
                    if (_disposed)
                    {
                        return;
                    }

                    ApplyPending();
                    if (!_failed)
                    {
                        try
                        {
                            _bridge.Step();
                        }
                        catch (RtlSimulationException exception)
                        {
                            OnSimulationFailed(exception);
                        }

                        Volatile.Write(ref _cycle, _bridge.Cycle);

                        ran++;
                        if (ran % ExpiryInterval == 0)
                        {
                            _bridge.ExpireHostRequests(_options.CompletionTimeoutCycles);
                        }
                    }
                }

                Flush();
                lock (_runGate)
                {
                    bool idle = _bridge.IsIdle && !_resetRequested && !_sidebandDirty;
                    quiet = idle ? quiet + 1 : 0;
                    bool spent = ran >= _options.MaxCyclesPerRun;
                    if (_failed || (ran >= minimumCycles && (quiet > _options.IdleCycles || spent)))
                    {
                        if (spent && !idle && !_failed)
                        {
                            HdlLog.ClockBudgetExhausted(_logger, _design.Top, ran);
                        }

                        _running = false;
                        released = true;
                        return;
                    }
                }
            }
        }
        finally
        {
            if (!released)
            {
                lock (_runGate)
                {
                    _running = false;
                }
            }
        }
    }

    /// <summary>Applies reset requests and configuration changes to the model; runs under <c>_simulationGate</c>.</summary>
    private void ApplyPending()
    {
        bool reset;
        bool sideband;
        lock (_runGate)
        {
            reset = _resetRequested;
            sideband = _sidebandDirty;
            _resetRequested = false;
            _sidebandDirty = false;
        }

        if (reset)
        {
            ResetRtl();
            sideband = true;
        }

        if (sideband)
        {
            _bridge.CompleterId = _id;
            _bridge.BusMasterEnable = _config.BusMasterEnable;
            _bridge.MaxPayloadSize = _config.DeviceControl.MaxPayloadSizeEncoding;
            _bridge.MaxReadRequestSize = _config.DeviceControl.MaxReadRequestSizeEncoding;
        }
    }

    /// <summary>The RTL stopped the simulation: every request it owed an answer gets a Completer Abort.</summary>
    private void OnSimulationFailed(RtlSimulationException exception)
    {
        HdlLog.SimulationFailed(_logger, _design.Top, exception.Message);
        _failed = true;
        foreach (Cosim.Tlp.TlpHeader request in _bridge.AbandonHostRequests())
        {
            SendToHost(Cosim.Tlp.TlpHeader.CompleterAbortFor(request, _id), []);
        }
    }
}
