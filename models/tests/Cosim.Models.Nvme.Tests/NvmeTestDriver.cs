using System.Buffers.Binary;
using Cosim.Models.Nvme.Commands;

namespace Cosim.Models.Nvme.Tests;

/// <summary>
/// A small NVMe host driver over <see cref="HostHarness"/>, doing what Linux's nvme driver does through TLPs: program
/// the BAR and interrupts, set up the admin queue and enable, submit commands by writing entries to host memory and
/// ringing doorbells, reap completions by Phase Tag and ring the CQ head doorbell. Completions are awaited on a
/// wake-up that every device write or interrupt releases, with a generous limit that fails the test instead of
/// hanging it (never a timing assertion).
/// </summary>
// The semaphore is only released and awaited (never its wait handle): nothing to dispose.
#pragma warning disable CA1001
internal sealed class NvmeTestDriver
#pragma warning restore CA1001
{
    public const ulong Bar0 = 0xFE00_0000;
    public const int AdminQueueDepth = 32;
    public const int PageSize = 4096;
    public const int BlockSize = 512;

    // Controller register offsets (NVMe Base 1.4 Figure 78).
    public const int Cap = 0x00;
    public const int Vs = 0x08;
    public const int Intms = 0x0C;
    public const int Intmc = 0x10;
    public const int Cc = 0x14;
    public const int Csts = 0x1C;
    public const int Aqa = 0x24;
    public const int Asq = 0x28;
    public const int Acq = 0x30;
    public const int Doorbells = 0x1000;
    public const int MsixTable = 0x2000;

    // CC: IOCQES 4 (bits 23:20), IOSQES 6 (bits 19:16), SHN 00b, AMS round robin, MPS 0 (4 KiB), CSS NVM, EN.
    public const uint CcEnable = (4u << 20) | (6u << 16) | 1;

    private static readonly TimeSpan s_limit = TimeSpan.FromSeconds(20);

    private readonly SemaphoreSlim _wake = new(0);
    private readonly Dictionary<int, SubmissionQueueState> _submissionQueues = [];
    private readonly Dictionary<int, CompletionQueueState> _completionQueues = [];
    private readonly Dictionary<(int Queue, ushort Command), Completion> _completions = [];
    private ulong _nextMemory = 0x1_0000_0000;
    private ushort _nextCommandId;

    public NvmeTestDriver(NvmeController controller)
    {
        Controller = controller;
        Host = new HostHarness(controller);
        Host.OnDeviceWrite = () => _wake.Release();
        Host.OnMessageInterrupt = (_, _) => _wake.Release();
    }

    public NvmeController Controller { get; }

    public HostHarness Host { get; }

    /// <summary>Every completion reaped, in the order the controller posted them, per Completion Queue.</summary>
    public Dictionary<int, List<Completion>> Reaped { get; } = [];

    // ---- PCI function -------------------------------------------------------------------------------------------

    /// <summary>BAR0 (64-bit) at <see cref="Bar0"/>, Memory Space and Bus Master enabled.</summary>
    public void ConfigureFunction()
    {
        Host.ConfigWrite(0x10, (uint)Bar0);
        Host.ConfigWrite(0x14, (uint)(Bar0 >> 32));
        Host.ConfigWrite(0x04, 0x0006);
    }

    /// <summary>MSI-X on, every entry unmasked: entry k writes data k to the MSI window + 16k.</summary>
    public void EnableMsix(int vectors)
    {
        for (int vector = 0; vector < vectors; vector++)
        {
            ulong entry = Bar0 + MsixTable + (ulong)(16 * vector);
            Host.MemoryWrite32(entry, (uint)(HostHarness.MsiWindow + (ulong)(16 * vector)));
            Host.MemoryWrite32(entry + 4, 0);
            Host.MemoryWrite32(entry + 8, (uint)vector);
            Host.MemoryWrite32(entry + 12, 0);
        }

        int capability = Host.FindCapability(0x11);
        Host.ConfigWrite(capability, 1u << 31); // Message Control bit 15: MSI-X Enable
    }

    /// <summary>MSI on with 2^<paramref name="multipleMessageEnable"/> vectors: vector k writes 0x40 | k.</summary>
    public void EnableMsi(int multipleMessageEnable)
    {
        int capability = Host.FindCapability(0x05);
        Host.ConfigWrite(capability + 4, (uint)HostHarness.MsiWindow);
        Host.ConfigWrite(capability + 8, 0);
        Host.ConfigWrite(capability + 12, 0x40);
        Host.ConfigWrite(capability, (uint)((1 | (multipleMessageEnable << 4)) << 16)); // MSI Enable, MME
    }

    // ---- Registers ----------------------------------------------------------------------------------------------

    public uint Read32(int offset) => Host.MemoryRead32(Bar0 + (ulong)offset);

    public ulong Read64(int offset) => Host.MemoryRead64(Bar0 + (ulong)offset);

    public void Write32(int offset, uint value) => Host.MemoryWrite32(Bar0 + (ulong)offset, value);

    /// <summary>Two 32-bit writes, low half first (Linux's lo_hi_writeq).</summary>
    public void Write64(int offset, ulong value)
    {
        Write32(offset, (uint)value);
        Write32(offset + 4, (uint)(value >> 32));
    }

    /// <summary>Writes CC and waits until the controller has acted on it (enable, reset or shutdown).</summary>
    public async Task WriteConfigurationAsync(uint value)
    {
        Write32(Cc, value);
        await Controller.Lifecycle.WaitAsync(s_limit);
    }

    /// <summary>The admin queues (<paramref name="depth"/> entries each) in host memory, AQA/ASQ/ACQ, CC.EN = 1; asserts CSTS.RDY.</summary>
    public async Task EnableAsync(int depth = AdminQueueDepth, uint configuration = CcEnable)
    {
        ulong submission = AllocateContiguous(depth * 64);
        ulong completion = AllocateContiguous(depth * 16);
        _submissionQueues[0] = new SubmissionQueueState(submission, depth, 0);
        _completionQueues[0] = new CompletionQueueState(completion, depth);
        Write32(Aqa, (uint)((depth - 1) | ((depth - 1) << 16)));
        Write64(Asq, submission);
        Write64(Acq, completion);
        await WriteConfigurationAsync(configuration);
        Assert.Equal(1u, Read32(Csts) & 1);
    }

    /// <summary>The usual bring-up: function, MSI-X with every vector, admin queues, enable.</summary>
    public async Task InitializeAsync(int vectors = 17)
    {
        ConfigureFunction();
        EnableMsix(vectors);
        await EnableAsync();
    }

    /// <summary>CC.EN = 0 and wait: the controller has reset; the driver forgets its queues.</summary>
    public async Task DisableAsync()
    {
        await WriteConfigurationAsync(CcEnable & ~1u);
        _submissionQueues.Clear();
        _completionQueues.Clear();
        _completions.Clear();
    }

    // ---- Host memory --------------------------------------------------------------------------------------------

    /// <summary>Page-aligned, physically contiguous host memory.</summary>
    public ulong AllocateContiguous(int bytes)
    {
        ulong address = _nextMemory;
        int pages = Math.Max(1, (bytes + PageSize - 1) / PageSize);
        _nextMemory += (ulong)(pages + 1) * PageSize; // a gap page after every allocation
        return address;
    }

    /// <summary>A buffer of scattered pages (no two adjacent), starting <paramref name="offset"/> bytes into the first.</summary>
    public HostBuffer AllocateBuffer(int length, int offset = 0)
    {
        int pages = (offset + length + PageSize - 1) / PageSize;
        var list = new List<ulong>();
        for (int i = 0; i < Math.Max(1, pages); i++)
        {
            list.Add(AllocateContiguous(PageSize));
        }

        return new HostBuffer(Host, list, offset, length);
    }

    /// <summary>
    /// PRP1/PRP2 for <paramref name="buffer"/> as §4.3 lays them out. When a list is needed, it starts
    /// <paramref name="listOffset"/> bytes into its page and chains to further pages when the page runs out.
    /// </summary>
    public (ulong Prp1, ulong Prp2) BuildPrps(HostBuffer buffer, int listOffset = 0)
    {
        ulong prp1 = buffer.Address;
        int pagesUsed = (buffer.Offset + buffer.Length + PageSize - 1) / PageSize;
        if (pagesUsed <= 1)
        {
            return (prp1, 0);
        }

        if (pagesUsed == 2)
        {
            return (prp1, buffer.Pages[1]);
        }

        var entries = buffer.Pages.Skip(1).Take(pagesUsed - 1).ToList();
        ulong list = AllocateContiguous(PageSize) + (ulong)listOffset;
        ulong first = list;
        int index = 0;
        while (index < entries.Count)
        {
            int capacity = (int)((PageSize - (list % PageSize)) / 8);
            int left = entries.Count - index;
            bool chain = left > capacity;
            int data = chain ? capacity - 1 : left;
            var page = new byte[(data + (chain ? 1 : 0)) * 8];
            for (int i = 0; i < data; i++)
            {
                BinaryPrimitives.WriteUInt64LittleEndian(page.AsSpan(i * 8), entries[index + i]);
            }

            index += data;
            ulong next = chain ? AllocateContiguous(PageSize) : 0;
            if (chain)
            {
                BinaryPrimitives.WriteUInt64LittleEndian(page.AsSpan(data * 8), next);
            }

            Host.WriteHostMemory(list, page);
            list = next;
        }

        return (prp1, first);
    }

    // ---- Queues -------------------------------------------------------------------------------------------------

    /// <summary>Create I/O Completion Queue; the driver tracks the queue only when the controller accepted it.</summary>
    public async Task<Completion> CreateIoCompletionQueueAsync(int id, int size, int vector, bool interrupts = true, bool contiguous = true, ulong? baseAddress = null)
    {
        ulong address = baseAddress ?? AllocateContiguous(size * 16);
        uint flags = (contiguous ? 1u : 0) | (interrupts ? 2u : 0);
        Completion completion = await AdminAsync(new NvmeCommand(0x05, Prp1: address, Dword10: (uint)(id | ((size - 1) << 16)), Dword11: flags | ((uint)vector << 16)));
        if (completion.Status == NvmeStatus.Success)
        {
            _completionQueues[id] = new CompletionQueueState(address, size);
        }

        return completion;
    }

    /// <summary>Create I/O Submission Queue; the driver tracks the queue only when the controller accepted it.</summary>
    public async Task<Completion> CreateIoSubmissionQueueAsync(int id, int size, int completionQueueId, bool contiguous = true, ulong? baseAddress = null)
    {
        ulong address = baseAddress ?? AllocateContiguous(size * 64);
        Completion completion = await AdminAsync(new NvmeCommand(0x01, Prp1: address, Dword10: (uint)(id | ((size - 1) << 16)), Dword11: (contiguous ? 1u : 0) | ((uint)completionQueueId << 16)));
        if (completion.Status == NvmeStatus.Success)
        {
            _submissionQueues[id] = new SubmissionQueueState(address, size, completionQueueId);
        }

        return completion;
    }

    /// <summary>Create I/O Completion Queue then Submission Queue <paramref name="id"/>, both expected to succeed.</summary>
    public async Task CreateIoQueuePairAsync(int id, int size = 64, int? vector = null)
    {
        Assert.Equal(NvmeStatus.Success, (await CreateIoCompletionQueueAsync(id, size, vector ?? id)).Status);
        Assert.Equal(NvmeStatus.Success, (await CreateIoSubmissionQueueAsync(id, size, id)).Status);
    }

    // ---- Commands -----------------------------------------------------------------------------------------------

    /// <summary>Writes the entry at the queue's tail and (unless told otherwise) rings the SQ tail doorbell; returns the CID.</summary>
    public ushort Submit(int queue, NvmeCommand command, bool ring = true)
    {
        SubmissionQueueState state = _submissionQueues[queue];
        ushort commandId = ++_nextCommandId;
        Host.WriteHostMemory(state.Base + (ulong)(state.Tail * 64), command.Encode(commandId));
        state.Tail = (state.Tail + 1) % state.Size;
        if (ring)
        {
            RingSubmissionDoorbell(queue);
        }

        return commandId;
    }

    public void RingSubmissionDoorbell(int queue) => Write32(Doorbells + (8 * queue), (uint)_submissionQueues[queue].Tail);

    public async Task<Completion> WaitForCompletionAsync(int queue, ushort commandId)
    {
        int completionQueue = _submissionQueues[queue].CompletionQueue;
        while (true)
        {
            Reap(completionQueue);
            if (_completions.Remove((queue, commandId), out Completion completion))
            {
                return completion;
            }

            if (!await _wake.WaitAsync(s_limit))
            {
                throw new TimeoutException($"No completion for SQ {queue} command {commandId}.");
            }
        }
    }

    /// <summary>Waits until the controller posted the entry at the queue's head, without consuming it (no head doorbell).</summary>
    public async Task WaitForPostedAsync(int completionQueue)
    {
        CompletionQueueState state = _completionQueues[completionQueue];
        while (Completion.Decode(Host.ReadHostMemory(state.Base + (ulong)(state.Head * 16), 16)).Phase != state.Phase)
        {
            if (!await _wake.WaitAsync(s_limit))
            {
                throw new TimeoutException($"Nothing posted to CQ {completionQueue}.");
            }
        }
    }

    /// <summary>Consumes every new entry of a Completion Queue and rings its head doorbell (as Linux's nvme_irq).</summary>
    public int Reap(int completionQueue)
    {
        CompletionQueueState state = _completionQueues[completionQueue];
        int reaped = 0;
        while (true)
        {
            Completion entry = Completion.Decode(Host.ReadHostMemory(state.Base + (ulong)(state.Head * 16), 16));
            if (entry.Phase != state.Phase)
            {
                break;
            }

            _completions[(entry.SubmissionQueueId, entry.CommandId)] = entry;
            if (!Reaped.TryGetValue(completionQueue, out List<Completion>? list))
            {
                Reaped[completionQueue] = list = [];
            }

            list.Add(entry);
            state.Head++;
            if (state.Head == state.Size)
            {
                state.Head = 0;
                state.Phase = !state.Phase;
            }

            reaped++;
        }

        if (reaped > 0)
        {
            Write32(Doorbells + (8 * completionQueue) + 4, (uint)state.Head);
        }

        return reaped;
    }

    public Task<Completion> AdminAsync(NvmeCommand command) => IoAsync(0, command);

    public Task<Completion> IoAsync(int queue, NvmeCommand command) => WaitForCompletionAsync(queue, Submit(queue, command));

    public async Task<(Completion Completion, byte[] Data)> IdentifyAsync(byte structure, uint namespaceId = 0)
    {
        HostBuffer buffer = AllocateBuffer(4096);
        (ulong prp1, ulong prp2) = BuildPrps(buffer);
        Completion completion = await AdminAsync(new NvmeCommand(0x06, namespaceId, prp1, prp2, Dword10: structure));
        return (completion, buffer.ReadBack());
    }

    public async Task<(Completion Completion, byte[] Data)> GetLogPageAsync(byte logPage, int bytes, uint namespaceId = 0xFFFF_FFFF, ulong offset = 0, bool retainEvents = false)
    {
        HostBuffer buffer = AllocateBuffer(bytes);
        (ulong prp1, ulong prp2) = BuildPrps(buffer);
        uint dwords = (uint)(bytes / 4) - 1;
        uint dword10 = logPage | (retainEvents ? 1u << 15 : 0) | ((dwords & 0xFFFF) << 16);
        Completion completion = await AdminAsync(new NvmeCommand(0x02, namespaceId, prp1, prp2, dword10, dwords >> 16, (uint)offset, (uint)(offset >> 32)));
        return (completion, buffer.ReadBack());
    }

    public Task<Completion> SetFeatureAsync(byte feature, uint value, uint namespaceId = 0, bool save = false) =>
        AdminAsync(new NvmeCommand(0x09, namespaceId, Dword10: feature | (save ? 1u << 31 : 0), Dword11: value));

    public Task<Completion> GetFeatureAsync(byte feature, int select = 0, uint dword11 = 0) =>
        AdminAsync(new NvmeCommand(0x0A, Dword10: feature | ((uint)select << 8), Dword11: dword11));

    public NvmeCommand ReadWriteCommand(byte opcode, ulong startingLba, int blocks, HostBuffer buffer, bool forceUnitAccess = false, int listOffset = 0)
    {
        (ulong prp1, ulong prp2) = BuildPrps(buffer, listOffset);
        return new NvmeCommand(opcode, 1, prp1, prp2, (uint)startingLba, (uint)(startingLba >> 32), (uint)(blocks - 1) | (forceUnitAccess ? 1u << 30 : 0));
    }

    public async Task<Completion> WriteAsync(int queue, ulong startingLba, byte[] data, bool forceUnitAccess = false, int offset = 0, int listOffset = 0)
    {
        HostBuffer buffer = AllocateBuffer(data.Length, offset);
        buffer.Fill(data);
        return await IoAsync(queue, ReadWriteCommand(0x01, startingLba, data.Length / BlockSize, buffer, forceUnitAccess, listOffset));
    }

    public async Task<(Completion Completion, byte[] Data)> ReadAsync(int queue, ulong startingLba, int blocks, int offset = 0, int listOffset = 0)
    {
        HostBuffer buffer = AllocateBuffer(blocks * BlockSize, offset);
        Completion completion = await IoAsync(queue, ReadWriteCommand(0x02, startingLba, blocks, buffer, listOffset: listOffset));
        return (completion, buffer.ReadBack());
    }

    private sealed class SubmissionQueueState(ulong baseAddress, int size, int completionQueue)
    {
        public ulong Base { get; } = baseAddress;

        public int Size { get; } = size;

        public int CompletionQueue { get; } = completionQueue;

        public int Tail { get; set; }
    }

    private sealed class CompletionQueueState(ulong baseAddress, int size)
    {
        public ulong Base { get; } = baseAddress;

        public int Size { get; } = size;

        public int Head { get; set; }

        public bool Phase { get; set; } = true;
    }
}
