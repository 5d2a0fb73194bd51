using Cosim.Testbench.Enumeration;
using Cosim.Testbench.Faults;
using Cosim.Testbench.Interrupts;
using Cosim.Testbench.Memory;
using Cosim.Testbench.Simulation;
using Cosim.Tlp;
using Cosim.Tlp.Checking;
using Cosim.Tlp.Transactions;

namespace Cosim.Testbench;

/// <summary>
/// A root complex for one PCIe function, without QEMU: it attaches any <see cref="IPcieFunction"/> (a behavioral model,
/// an RTL simulation), enumerates it with configuration TLPs (IDs, capabilities, BAR sizing and assignment, Max_Payload_
/// Size, command bits), programs MSI and MSI-X, issues MMIO, I/O and configuration requests of any size, serves the
/// function's DMA from sparse <see cref="HostMemory"/>, receives its MSI/MSI-X/INTx interrupts, and injects errors.
/// Every TLP passes through a <see cref="TlpChecker"/>; disposing the root complex fails the test on any violation the
/// test did not expect.
/// </summary>
/// <remarks>
/// <para>
/// Time is simulated (<see cref="Clock"/>): completion latency, delays and Completion Timeouts are measured on it, and it
/// moves only while the testbench waits (<see cref="WaitAsync"/>, which every awaitable method uses) or when a test
/// advances it. With no latency configured the root complex answers inside the function's request call, so a
/// behavioral model runs the same TLP sequence every time.
/// </para>
/// <para>Modelled on cocotbext-pcie's RootComplex (alexforencich/cocotbext-pcie, cocotbext/pcie/core/rc.py).</para>
/// </remarks>
public sealed partial class RootComplex : IAsyncDisposable, IDisposable
{
    private readonly Lock _lock = new();
    private readonly IPcieFunction _function;
    private readonly ITlpReceiver _downstream;
    private readonly AddressPool _memory32;
    private readonly AddressPool _memory64;
    private readonly AddressPool _io;
    private readonly HashSet<CheckerRule> _expectedRules = [];
    private readonly HashSet<CheckerRule> _seenRules = [];
    private readonly List<string> _unclaimedInterrupts = [];
    private readonly List<TlpHeader> _messages = [];
    private TaskCompletionSource _activity = NewSignal();
    private CheckerViolation? _failure;
    private EnumeratedFunction? _enumerated;
    private int _disposed;

    /// <summary>Attaches <paramref name="function"/> to a new root complex (not enumerated yet: see <see cref="EnumerateAsync"/>).</summary>
    public RootComplex(IPcieFunction function, RootComplexOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(function);
        Options = options ?? new RootComplexOptions();
        _function = function;
        _memory32 = new AddressPool("32-bit memory", Options.Memory32Base, Options.Memory32End);
        _memory64 = new AddressPool("64-bit memory", Options.Memory64Base, Options.Memory64End);
        _io = new AddressPool("I/O", Options.IoBase, Options.IoEnd);
        Memory = new HostMemory(
            new AddressPool("host memory below 256 MiB", Options.LowMemoryBase, Options.LowMemoryEnd),
            new AddressPool("host memory above 4 GiB", Options.HighMemoryBase, Options.HighMemoryEnd));
        Intx = new IntxWire(this);
        Clock.EventScheduled += Pulse;
        Clock.TimeAdvanced += OnTimeAdvanced;

        ITlpReceiver upstream = new UpstreamPort(this);
        ITlpReceiver downstream = new TracingReceiver(function, LinkDirection.Downstream, Options.Trace);
        if (Options.EnableChecker)
        {
            Checker = new TlpChecker(
                new TlpCheckerOptions
                {
                    CompletionTimeout = Options.CompletionTimeout,
                    InterruptAddressBase = Options.InterruptWindowBase,
                    InterruptAddressSize = Options.InterruptWindowSize,
                },
                Clock);
            Checker.ViolationDetected += OnViolation;
            upstream = Checker.Wrap(upstream, LinkDirection.Upstream);
            downstream = Checker.Wrap(downstream, LinkDirection.Downstream);
        }

        _downstream = downstream;
        function.Attach(new TracingReceiver(upstream, LinkDirection.Upstream, Options.Trace));
    }

    /// <summary>The options it was created with.</summary>
    public RootComplexOptions Options { get; }

    /// <summary>Simulated time: completion latency, injected delays and Completion Timeouts run on it.</summary>
    public SimulationClock Clock { get; } = new();

    /// <summary>The host's RAM the function DMAs to and from.</summary>
    public HostMemory Memory { get; }

    /// <summary>The protocol checker on the link (null only when <see cref="RootComplexOptions.EnableChecker"/> is off).</summary>
    public TlpChecker? Checker { get; }

    /// <summary>Error injection for the function's DMA requests.</summary>
    public ErrorInjector Faults { get; } = new();

    /// <summary>The INTx wires.</summary>
    public IntxWire Intx { get; }

    /// <summary>What enumeration found; throws before <see cref="EnumerateAsync"/>.</summary>
    public EnumeratedFunction Function => _enumerated ?? throw new InvalidOperationException("The function has not been enumerated yet: call EnumerateAsync (or use RootComplex.StartAsync).");

    /// <summary>The checker's violations so far (empty without a checker).</summary>
    public IReadOnlyList<CheckerViolation> Violations => Checker?.Violations ?? [];

    /// <summary>Messages other than INTx the function sent (ERR_*, PM_PME, vendor-defined), in order.</summary>
    public IReadOnlyList<TlpHeader> Messages
    {
        get
        {
            lock (_lock)
            {
                return [.. _messages];
            }
        }
    }

    /// <summary>
    /// Attaches <paramref name="function"/>, enumerates it and returns the root complex: the function's BARs are assigned
    /// and enabled, its Max_Payload_Size and Max_Read_Request_Size programmed, bus mastering on (unless the options say no).
    /// </summary>
    public static async Task<RootComplex> StartAsync(IPcieFunction function, RootComplexOptions? options = null, CancellationToken cancellationToken = default)
    {
        var rootComplex = new RootComplex(function, options);
        try
        {
            await rootComplex.EnumerateAsync(cancellationToken).ConfigureAwait(false);
            return rootComplex;
        }
        catch
        {
            rootComplex.Abandon();
            throw;
        }
    }

    /// <summary>
    /// Declares that the test provokes <paramref name="rule"/> on purpose: its violations do not fail the test, and
    /// disposing fails instead if the checker never reported it.
    /// </summary>
    public void ExpectViolation(CheckerRule rule)
    {
        lock (_lock)
        {
            _expectedRules.Add(rule);
            if (_failure?.Rule == rule)
            {
                _failure = null;
            }
        }
    }

    /// <summary>
    /// Waits for <paramref name="task"/>, running the simulated clock meanwhile: scheduled events (completions, delays)
    /// run in time order; when nothing is scheduled it waits for the function to send something. Fails fast on an
    /// unexpected checker violation, and with <see cref="TestbenchTimeoutException"/> on a hang.
    /// </summary>
    /// <param name="task">What to wait for.</param>
    /// <param name="description">What it is, for the failure message.</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    public async Task WaitAsync(Task task, string description, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(task);
        while (!task.IsCompleted)
        {
            ThrowIfFailed();
            cancellationToken.ThrowIfCancellationRequested();
            Task activity = Volatile.Read(ref _activity).Task;
            if (Clock.RunNext())
            {
                continue;
            }

            if (task.IsCompleted)
            {
                break;
            }

            bool haveDeadline = TryGetNextDeadline(out TimeSpan deadline);
            TimeSpan patience = haveDeadline ? Options.DeadlineGrace : Options.HangTimeout;
            try
            {
                // A hang guard, not a timing assumption: any TLP or scheduled event wakes the wait at once.
                await Task.WhenAny(task, activity).WaitAsync(patience, cancellationToken).ConfigureAwait(false);
            }
            catch (TimeoutException)
            {
                if (!haveDeadline)
                {
                    throw new TestbenchTimeoutException(
                        $"Gave up waiting for {description}: the link was silent for {patience.TotalSeconds} s with nothing scheduled (simulated time {Clock.Now}).");
                }

                Clock.AdvanceTo(deadline);
            }
        }

        ThrowIfFailed();
        await task.ConfigureAwait(false);
    }

    /// <summary>
    /// Resets the function (conventional reset) and forgets what enumeration and interrupt setup programmed; the
    /// checker and the root complex's outstanding requests start over. Enumerate again before using it.
    /// </summary>
    public void ResetFunction()
    {
        _function.Reset();
        Checker?.Reset();
        FailAllPending(request => new InvalidOperationException($"The function was reset while {request} was outstanding."));
        Intx.Reset();
        lock (_lock)
        {
            _enumerated = null;
            _vectors.Clear();
            _msi = [];
            _msix = [];
        }
    }

    /// <summary>
    /// Ends the test: runs the simulated clock on by one Completion Timeout (so scheduled completions are delivered and
    /// unanswered requests are reported), then throws <see cref="TestbenchFailureException"/> listing every unexpected
    /// checker violation, every expected one that never came, and every interrupt to no programmed vector.
    /// </summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        Clock.Advance(Options.CompletionTimeout);
        Checker?.CheckTimeouts();
        List<string> problems = CollectProblems();
        if (problems.Count > 0)
        {
            throw new TestbenchFailureException(problems);
        }
    }

    /// <inheritdoc cref="Dispose"/>
    public ValueTask DisposeAsync()
    {
        try
        {
            Dispose();
            return ValueTask.CompletedTask;
        }
        catch (TestbenchFailureException exception)
        {
            return ValueTask.FromException(exception);
        }
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    private List<string> CollectProblems()
    {
        var problems = new List<string>();
        lock (_lock)
        {
            foreach (CheckerViolation violation in Violations)
            {
                if (!_expectedRules.Contains(violation.Rule))
                {
                    problems.Add(violation.ToString());
                }
            }

            foreach (CheckerRule rule in _expectedRules)
            {
                if (!_seenRules.Contains(rule))
                {
                    problems.Add($"the test expected a {rule} violation, but the checker found none");
                }
            }

            problems.AddRange(_unclaimedInterrupts);
        }

        return problems;
    }

    // StartAsync failed: nothing of this root complex will be used, so it is not checked either.
    private void Abandon() => Interlocked.Exchange(ref _disposed, 1);

    private void OnViolation(CheckerViolation violation)
    {
        lock (_lock)
        {
            _seenRules.Add(violation.Rule);
            if (!_expectedRules.Contains(violation.Rule))
            {
                _failure ??= violation;
            }
        }

        Pulse();
    }

    private void ThrowIfFailed()
    {
        CheckerViolation? failure;
        lock (_lock)
        {
            failure = Options.FailFast ? _failure : null;
        }

        if (failure is not null)
        {
            throw new TlpCheckerException(failure);
        }
    }

    // Something happened on the link or the clock: wake the waits.
    private void Pulse() => Interlocked.Exchange(ref _activity, NewSignal()).TrySetResult();

    private void OnTimeAdvanced(TimeSpan now)
    {
        ExpireOwnRequests();
        Checker?.CheckTimeouts();
    }

    /// <summary>What the function is attached to: every TLP it sends arrives here (after the checker).</summary>
    private sealed class UpstreamPort(RootComplex rootComplex) : ITlpReceiver
    {
        public void Receive(in TlpHeader header, ReadOnlySpan<byte> payload)
        {
            try
            {
                if (header.IsCompletion)
                {
                    rootComplex.OnCompletion(header, payload);
                }
                else
                {
                    rootComplex.OnFunctionRequest(header, payload);
                }
            }
            finally
            {
                rootComplex.Pulse();
            }
        }
    }

    /// <summary>Hands each TLP to the trace callback, then on.</summary>
    private sealed class TracingReceiver(ITlpReceiver inner, LinkDirection direction, Action<LinkDirection, TlpHeader>? trace) : ITlpReceiver
    {
        public void Receive(in TlpHeader header, ReadOnlySpan<byte> payload)
        {
            trace?.Invoke(direction, header);
            inner.Receive(header, payload);
        }
    }
}
