namespace Cosim.Tlp.Checking;

/// <summary>Thrown by a <see cref="TlpChecker"/> in <see cref="CheckerMode.Throw"/> when a TLP breaks a rule.</summary>
public sealed class TlpCheckerException : Exception
{
    /// <summary>Creates the exception for <paramref name="violation"/>.</summary>
    public TlpCheckerException(CheckerViolation violation)
        : base(violation?.ToString())
    {
        ArgumentNullException.ThrowIfNull(violation);
        Violation = violation;
    }

    /// <summary>The broken rule and the TLP that broke it.</summary>
    public CheckerViolation Violation { get; }
}
