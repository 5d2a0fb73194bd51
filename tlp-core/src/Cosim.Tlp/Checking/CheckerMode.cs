namespace Cosim.Tlp.Checking;

/// <summary>What <see cref="TlpChecker"/> does when a TLP breaks a rule.</summary>
public enum CheckerMode : byte
{
    /// <summary>Record the violation (and raise <see cref="TlpChecker.ViolationDetected"/>); the TLP still goes through.</summary>
    Collect,

    /// <summary>Record it, then throw <see cref="TlpCheckerException"/> to the sender; the offending TLP is not forwarded.</summary>
    Throw,
}
