using Cosim.Tlp;

namespace Cosim.Testbench.Interrupts;

/// <summary>
/// The four INTx virtual wires as the root complex sees them: the level each Assert_INTx / Deassert_INTx message
/// leaves (§2.2.8.1), how many asserts arrived, and waits for either.
/// </summary>
public sealed class IntxWire
{
    private const int PinCount = 4;

    private readonly RootComplex _rootComplex;
    private readonly Lock _lock = new();
    private readonly bool[] _levels = new bool[PinCount];
    private readonly OccurrenceQueue[] _asserts = [new(), new(), new(), new()];
    private readonly List<(int Pin, bool Level, TaskCompletionSource Done)> _levelWaiters = [];

    internal IntxWire(RootComplex rootComplex) => _rootComplex = rootComplex;

    /// <summary>Runs on every Assert/Deassert message (pin, new level), on the delivering thread.</summary>
    public event Action<InterruptPin, bool>? Changed;

    /// <summary>True while <paramref name="pin"/> is asserted (an Assert_INTx without a later Deassert_INTx).</summary>
    public bool IsAsserted(InterruptPin pin = InterruptPin.IntA)
    {
        lock (_lock)
        {
            return _levels[Index(pin)];
        }
    }

    /// <summary>Assert_INTx messages received for <paramref name="pin"/>.</summary>
    public int AssertCount(InterruptPin pin = InterruptPin.IntA) => _asserts[Index(pin)].Count;

    /// <summary>Takes the next Assert_INTx of <paramref name="pin"/> (one that already arrived counts), running the clock.</summary>
    public async Task WaitForAssertAsync(InterruptPin pin = InterruptPin.IntA, CancellationToken cancellationToken = default)
    {
        OccurrenceQueue asserts = _asserts[Index(pin)];
        TaskCompletionSource taken = asserts.Take();
        try
        {
            await _rootComplex.WaitAsync(taken.Task, $"Assert_{pin}", cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            asserts.Withdraw(taken);
            throw;
        }
    }

    /// <summary>Waits until <paramref name="pin"/> is at <paramref name="asserted"/> (at once if it already is).</summary>
    public Task WaitForLevelAsync(bool asserted, InterruptPin pin = InterruptPin.IntA, CancellationToken cancellationToken = default)
    {
        int index = Index(pin);
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_lock)
        {
            if (_levels[index] == asserted)
            {
                return Task.CompletedTask;
            }

            _levelWaiters.Add((index, asserted, done));
        }

        return _rootComplex.WaitAsync(done.Task, $"{pin} {(asserted ? "asserted" : "deasserted")}", cancellationToken);
    }

    /// <summary>Forgets the asserts not yet taken.</summary>
    public void Clear()
    {
        foreach (OccurrenceQueue asserts in _asserts)
        {
            asserts.Clear();
        }
    }

    internal void Deliver(MessageCode code)
    {
        bool assert = code is >= MessageCode.AssertIntA and <= MessageCode.AssertIntD;
        int index = assert ? code - MessageCode.AssertIntA : code - MessageCode.DeassertIntA;
        List<TaskCompletionSource>? woken = null;
        lock (_lock)
        {
            _levels[index] = assert;
            for (int i = _levelWaiters.Count - 1; i >= 0; i--)
            {
                if (_levelWaiters[i].Pin == index && _levelWaiters[i].Level == assert)
                {
                    (woken ??= []).Add(_levelWaiters[i].Done);
                    _levelWaiters.RemoveAt(i);
                }
            }
        }

        if (assert)
        {
            _asserts[index].Signal();
        }

        woken?.ForEach(w => w.TrySetResult());
        Changed?.Invoke((InterruptPin)(index + 1), assert);
    }

    internal void Reset()
    {
        lock (_lock)
        {
            Array.Clear(_levels);
        }
    }

    private static int Index(InterruptPin pin) => pin is >= InterruptPin.IntA and <= InterruptPin.IntD
        ? (int)pin - 1
        : throw new ArgumentOutOfRangeException(nameof(pin), pin, "INTx wires are INTA-INTD.");
}
