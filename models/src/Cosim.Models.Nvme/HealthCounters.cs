using System.Diagnostics;

namespace Cosim.Models.Nvme;

/// <summary>The counters of the SMART / Health Information log (NVMe Base 1.4 §5.14.1.2), kept since the controller was created.</summary>
internal sealed class HealthCounters
{
    private readonly long _createdAt = Stopwatch.GetTimestamp();
    private long _bytesRead;
    private long _bytesWritten;
    private long _readCommands;
    private long _writeCommands;
    private long _mediaErrors;

    public long BytesRead => Interlocked.Read(ref _bytesRead);

    public long BytesWritten => Interlocked.Read(ref _bytesWritten);

    public long ReadCommands => Interlocked.Read(ref _readCommands);

    public long WriteCommands => Interlocked.Read(ref _writeCommands);

    public long MediaErrors => Interlocked.Read(ref _mediaErrors);

    public TimeSpan PowerOnTime => Stopwatch.GetElapsedTime(_createdAt);

    public void CountRead(long bytes)
    {
        Interlocked.Increment(ref _readCommands);
        Interlocked.Add(ref _bytesRead, bytes);
    }

    public void CountWrite(long bytes)
    {
        Interlocked.Increment(ref _writeCommands);
        Interlocked.Add(ref _bytesWritten, bytes);
    }

    public void CountMediaError() => Interlocked.Increment(ref _mediaErrors);
}
