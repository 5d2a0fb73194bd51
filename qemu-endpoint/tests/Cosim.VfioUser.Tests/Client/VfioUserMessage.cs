namespace Cosim.VfioUser.Tests;

/// <summary>One message as the test client received it.</summary>
internal sealed record VfioUserMessage(VfioUserHeader Header, byte[] Body)
{
    public bool IsError => Header.IsError;

    public Errno Errno => (Errno)Header.Error;
}
