using System.Globalization;

namespace Cosim.Tlp.Checking;

/// <summary>One broken rule: which, where, why, and the TLP that broke it.</summary>
/// <param name="Rule">The rule.</param>
/// <param name="Direction">Which way <paramref name="Tlp"/> travelled.</param>
/// <param name="Tlp">The offending TLP; for <see cref="CheckerRule.CompletionTimeout"/>, the request that went unanswered.</param>
/// <param name="Message">What exactly was wrong, with the values involved.</param>
/// <param name="Timestamp">The checker's clock when it was found (<see cref="TimeProvider.GetTimestamp"/>).</param>
public sealed record CheckerViolation(CheckerRule Rule, LinkDirection Direction, TlpHeader Tlp, string Message, long Timestamp)
{
    /// <summary><c>Rule (Direction): message: TLP</c>.</summary>
    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"{Rule} ({Direction}): {Message}: {Tlp}");
}
