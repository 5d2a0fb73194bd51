using System.Globalization;

namespace Cosim.Testbench.Interrupts;

/// <summary>
/// One MSI or MSI-X vector the root complex allocated: the address and data it programmed, and the messages that
/// arrived for it. Wait for one with <see cref="WaitAsync"/> (each message is taken once, even one that arrived
/// before the wait), or react to each in <see cref="Raised"/>.
/// </summary>
public sealed class InterruptVector
{
    private readonly RootComplex _rootComplex;
    private readonly OccurrenceQueue _messages = new();

    internal InterruptVector(RootComplex rootComplex, InterruptKind kind, int index, ulong address, uint data)
    {
        _rootComplex = rootComplex;
        Kind = kind;
        Index = index;
        Address = address;
        Data = data;
    }

    /// <summary>
    /// Runs for every message of this vector, synchronously on the thread that delivered it (like an interrupt handler;
    /// it may start MMIO requests but must not block on them).
    /// </summary>
    public event Action<InterruptVector>? Raised;

    /// <summary>MSI or MSI-X.</summary>
    public InterruptKind Kind { get; }

    /// <summary>Vector number: the MSI vector (0-31) or the MSI-X table entry.</summary>
    public int Index { get; }

    /// <summary>The Message Address programmed for it.</summary>
    public ulong Address { get; }

    /// <summary>The Message Data that identifies it.</summary>
    public uint Data { get; }

    /// <summary>Messages received so far.</summary>
    public int Count => _messages.Count;

    /// <summary>Messages received and not yet taken by <see cref="WaitAsync"/> or <see cref="TryTake"/>.</summary>
    public int Pending => _messages.Pending;

    /// <summary>
    /// Takes the next message of this vector, running the testbench's clock while it waits. Fails with
    /// <see cref="TestbenchTimeoutException"/> if the link stays silent for <see cref="RootComplexOptions.HangTimeout"/>.
    /// </summary>
    public async Task WaitAsync(CancellationToken cancellationToken = default)
    {
        TaskCompletionSource taken = _messages.Take();
        try
        {
            await _rootComplex.WaitAsync(taken.Task, ToString(), cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            _messages.Withdraw(taken);
            throw;
        }
    }

    /// <summary>Takes a pending message without waiting; false when none is pending.</summary>
    public bool TryTake() => _messages.TryTake();

    /// <summary>Forgets the pending messages.</summary>
    public void Clear() => _messages.Clear();

    /// <inheritdoc/>
    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"{(Kind == InterruptKind.Msi ? "MSI" : "MSI-X")} vector {Index} (address 0x{Address:x}, data 0x{Data:x})");

    internal void Deliver()
    {
        _messages.Signal();
        Raised?.Invoke(this);
    }
}
