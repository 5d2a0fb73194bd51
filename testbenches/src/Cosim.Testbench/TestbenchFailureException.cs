namespace Cosim.Testbench;

/// <summary>
/// Thrown when a <see cref="RootComplex"/> is disposed after a test that broke protocol: unexpected checker violations,
/// violations the test expected but never saw, interrupts to no programmed vector. Lists every problem.
/// </summary>
public sealed class TestbenchFailureException(IReadOnlyList<string> problems)
    : Exception($"The testbench found {problems.Count} problem(s):{Environment.NewLine}  " + string.Join(Environment.NewLine + "  ", problems))
{
    /// <summary>Each problem, one line each.</summary>
    public IReadOnlyList<string> Problems { get; } = problems;
}
