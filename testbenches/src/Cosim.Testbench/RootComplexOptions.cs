using Cosim.Testbench.Simulation;
using Cosim.Tlp;
using Cosim.Tlp.Checking;
using Cosim.Tlp.Transactions;

namespace Cosim.Testbench;

/// <summary>How a <see cref="RootComplex"/> addresses, programs and answers the function under test.</summary>
public sealed record RootComplexOptions
{
    /// <summary>The root port's Requester and Completer ID: 00:00.0.</summary>
    public PcieId RootId { get; init; } = new(0);

    /// <summary>Where the function sits (its Bus and Device Numbers come from the first CfgWr0): 01:00.0.</summary>
    public PcieId FunctionId { get; init; } = PcieId.From(1, 0, 0);

    /// <summary>Start of the 32-bit memory window BARs are assigned from.</summary>
    public ulong Memory32Base { get; init; } = 0x8000_0000;

    /// <summary>End (exclusive) of the 32-bit memory window.</summary>
    public ulong Memory32End { get; init; } = 0xF000_0000;

    /// <summary>Start of the 64-bit memory window (above 4 GiB: its MMIO requests use 4 DW headers).</summary>
    public ulong Memory64Base { get; init; } = 0x40_0000_0000;

    /// <summary>End (exclusive) of the 64-bit memory window.</summary>
    public ulong Memory64End { get; init; } = 0x80_0000_0000;

    /// <summary>True to place 64-bit BARs above 4 GiB (as Linux does for prefetchable ones); false to keep every BAR below.</summary>
    public bool Place64BitBarsAbove4GiB { get; init; } = true;

    /// <summary>Start of the I/O window I/O BARs are assigned from.</summary>
    public uint IoBase { get; init; } = 0x1000;

    /// <summary>End (exclusive) of the I/O window.</summary>
    public uint IoEnd { get; init; } = 0x1_0000;

    /// <summary>Start of the host memory pool below 256 MiB (<see cref="Memory.HostMemory.Allocate"/>).</summary>
    public ulong LowMemoryBase { get; init; } = 0x0010_0000;

    /// <summary>End (exclusive) of the pool below 256 MiB: reachable by a 28-bit DMA mask.</summary>
    public ulong LowMemoryEnd { get; init; } = 0x1000_0000;

    /// <summary>Start of the host memory pool above 4 GiB.</summary>
    public ulong HighMemoryBase { get; init; } = 0x1_0000_0000;

    /// <summary>End (exclusive) of the pool above 4 GiB.</summary>
    public ulong HighMemoryEnd { get; init; } = 0x10_0000_0000;

    /// <summary>Start of the interrupt window: writes there are MSI/MSI-X messages, and vectors are programmed with this address.</summary>
    public ulong InterruptWindowBase { get; init; } = TlpCheckerOptions.DefaultInterruptAddressBase;

    /// <summary>Size of the interrupt window.</summary>
    public ulong InterruptWindowSize { get; init; } = TlpCheckerOptions.DefaultInterruptAddressSize;

    /// <summary>The root port's Max_Payload_Size: enumeration programs the smaller of this and what the function supports.</summary>
    public MaxPayloadSize MaxPayloadSize { get; init; } = MaxPayloadSize.Bytes256;

    /// <summary>The Max_Read_Request_Size enumeration programs into the function (its DMA reads are checked against it).</summary>
    public MaxReadRequestSize FunctionMaxReadRequestSize { get; init; } = MaxReadRequestSize.Bytes512;

    /// <summary>The largest MRd the root complex itself issues for an MMIO read (larger reads are split).</summary>
    public MaxReadRequestSize HostMaxReadRequestSize { get; init; } = MaxReadRequestSize.Bytes4096;

    /// <summary>Where the root complex may split its completions of the function's reads (64 or 128 bytes, §2.3.1.1).</summary>
    public ReadCompletionBoundary ReadCompletionBoundary { get; init; } = ReadCompletionBoundary.Bytes64;

    /// <summary>Largest completions, or one per RCB block (the most a completer may send).</summary>
    public CompletionSplitting CompletionSplitting { get; init; } = CompletionSplitting.Largest;

    /// <summary>Simulated latency of the root complex's completions (none: answered inside the request's call).</summary>
    public LatencyModel CompletionLatency { get; init; } = LatencyModel.None;

    /// <summary>Completion Timeout in simulated time, for the root complex's requests and the checker's (§2.8).</summary>
    public TimeSpan CompletionTimeout { get; init; } = TimeSpan.FromMilliseconds(50);

    /// <summary>
    /// Wall-clock time a wait lets a silent link be silent while a root-complex request is outstanding, before it moves
    /// simulated time on to that request's Completion Timeout (a device behind a real simulator may answer from another
    /// thread; a behavioral model answers inside the request's call and never waits here).
    /// </summary>
    public TimeSpan DeadlineGrace { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Wall-clock time a wait lets the link be silent with nothing scheduled before failing as a hang.</summary>
    public TimeSpan HangTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Run the link through a <see cref="TlpChecker"/> (default). Turn off only to test the testbench itself.</summary>
    public bool EnableChecker { get; init; } = true;

    /// <summary>Fail the next wait with <see cref="TlpCheckerException"/> as soon as an unexpected violation is found.</summary>
    public bool FailFast { get; init; } = true;

    /// <summary>Set Bus Master Enable at the end of enumeration (as a driver's probe does).</summary>
    public bool EnableBusMaster { get; init; } = true;

    /// <summary>Called with every TLP on the link (direction, header) before it is delivered: a trace for debugging.</summary>
    public Action<LinkDirection, TlpHeader>? Trace { get; init; }
}
