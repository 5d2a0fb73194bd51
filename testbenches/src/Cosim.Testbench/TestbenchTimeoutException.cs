namespace Cosim.Testbench;

/// <summary>
/// A wait gave up: the link stayed silent, with nothing scheduled, for <see cref="RootComplexOptions.HangTimeout"/>.
/// The device is hung or never got what it waits for; the message names what the test waited for.
/// </summary>
public sealed class TestbenchTimeoutException(string message) : TimeoutException(message);
