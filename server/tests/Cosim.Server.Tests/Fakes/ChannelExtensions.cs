using System.Threading.Channels;

namespace Cosim.Server.Tests.Fakes;

internal static class ChannelExtensions
{
    private static readonly TimeSpan s_hangGuard = TimeSpan.FromSeconds(20);

    /// <summary>Reads the next item; a hang becomes a TimeoutException instead of a stuck test run.</summary>
    public static Task<T> ReadGuardedAsync<T>(this Channel<T> channel) =>
        channel.Reader.ReadAsync().AsTask().WaitAsync(s_hangGuard);
}
