namespace Cosim.Models.Edu;

/// <summary>The factorial unit (0x08) and its status bits (0x20).</summary>
/// <remarks>
/// A write while "computing" (0x01) is set is ignored. Otherwise the value is stored, "computing" is set, and the
/// product value × (value − 1) × … × 1 in 32-bit arithmetic (1 for 0) replaces it off the TLP path; then
/// "computing" clears and, if bit 0x80 is set at that moment, <see cref="FactorialInterrupt"/> is raised. Until
/// then reads return the value written.
/// </remarks>
public sealed partial class EduDevice
{
    /// <summary>edu's factorial: QEMU's <c>while (val &gt; 0) ret *= val--;</c> in <c>uint32_t</c>.</summary>
    public static uint Factorial(uint value)
    {
        uint product = 1;

        // Once the product wraps to 0 it stays 0 (every run of 34 consecutive factors holds 2^32): stop there, so a
        // guest writing FFFFFFFFh does not cost four billion multiplications for the same answer.
        while (value > 0 && product != 0)
        {
            product *= value--;
        }

        return product;
    }

    // Called with the gate held, after the engine stored the value.
    private void OnFactorialWritten(ulong previous, ulong written)
    {
        if (_computing.Value)
        {
            _factorial.Value = previous;
            return;
        }

        _computing.Value = true;
        uint input = (uint)written;
        int generation = _generation;
        LastFactorial = Task.Factory.StartNew(
            () => CompleteFactorial(Factorial(input), generation),
            CancellationToken.None,
            TaskCreationOptions.DenyChildAttach,
            WorkScheduler);
    }

    private void CompleteFactorial(uint result, int generation)
    {
        lock (Gate)
        {
            if (generation != _generation)
            {
                return;
            }

            _factorial.Value = result;
            _computing.Value = false;
            if (_interruptOnFactorial.Value)
            {
                RaiseInterrupt(FactorialInterrupt);
            }
        }
    }
}
