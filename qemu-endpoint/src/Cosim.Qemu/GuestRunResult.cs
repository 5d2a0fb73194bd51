using System.Text;

namespace Cosim.Qemu;

/// <summary>What a guest test boot produced.</summary>
public sealed record GuestRunResult
{
    /// <summary>The guest test that ran.</summary>
    public required string TestName { get; init; }

    /// <summary>The test's return code as the init printed it (<c>0</c>, <c>1</c>, …, <c>timeout</c>); null when no END marker came.</summary>
    public string? ReturnCode { get; init; }

    /// <summary>The lines the test printed between its BEGIN and END markers.</summary>
    public required IReadOnlyList<string> TestOutput { get; init; }

    /// <summary>The whole serial console.</summary>
    public required IReadOnlyList<string> Console { get; init; }

    /// <summary>True when the host-side timeout killed QEMU.</summary>
    public bool HostTimedOut { get; init; }

    /// <summary>QEMU's exit code (killed: -1).</summary>
    public int QemuExitCode { get; init; }

    /// <summary>Wall time from QEMU start to exit.</summary>
    public TimeSpan Elapsed { get; init; }

    /// <summary>True when the test ran to its end marker with return code 0.</summary>
    public bool Passed => ReturnCode == "0";

    /// <summary>A failure report: what happened and the last console lines, i.e. where the guest was.</summary>
    public string Describe()
    {
        var text = new StringBuilder();
        text.Append("guest test '").Append(TestName).Append("': ");
        if (HostTimedOut)
        {
            text.Append("QEMU killed by the host timeout");
        }
        else if (ReturnCode is null)
        {
            text.Append("no COSIM-TEST-END marker (QEMU exit code ").Append(QemuExitCode).Append(')');
        }
        else
        {
            text.Append("rc=").Append(ReturnCode);
        }

        text.Append(" after ").Append(Elapsed.TotalSeconds.ToString("F1", System.Globalization.CultureInfo.InvariantCulture)).AppendLine(" s; last console lines:");
        foreach (string line in Console.Skip(Math.Max(0, Console.Count - 40)))
        {
            text.Append("  | ").AppendLine(line);
        }

        return text.ToString();
    }
}
