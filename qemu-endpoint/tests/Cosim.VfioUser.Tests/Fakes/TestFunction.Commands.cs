using System.Buffers.Binary;
using Cosim.Tlp;

namespace Cosim.VfioUser.Tests;

/// <summary>The command block: DMA to and from guest memory (BAR0 scratch 0x000-0x7FF), MSI-X, MSI and INTx.</summary>
internal sealed partial class TestFunction
{
    private const int DmaWriteChunk = 128;
    private const int DmaReadChunk = 512;
    private readonly Dictionary<ushort, (int Offset, int Length)> _dmaReads = [];
    private int _dmaBytesExpected;
    private int _dmaBytesReceived;

    private void Execute(DeviceCommand command)
    {
        ulong address = BinaryPrimitives.ReadUInt64LittleEndian(_bar0.AsSpan((int)CommandBlock.DmaAddress));
        int length = (int)BinaryPrimitives.ReadUInt32LittleEndian(_bar0.AsSpan((int)CommandBlock.DmaLength));
        int vector = (int)BinaryPrimitives.ReadUInt32LittleEndian(_bar0.AsSpan((int)CommandBlock.Vector));
        switch (command)
        {
            case DeviceCommand.DmaToGuest:
                DmaDone.Reset();
                for (int done = 0; done < length;)
                {
                    int chunk = Math.Min(Math.Min(DmaWriteChunk, length - done), 4096 - (int)((address + (ulong)done) & 0xFFF));
                    SendMemoryWrite(address + (ulong)done, _bar0.AsSpan(done, chunk));
                    done += chunk;
                }

                DmaDone.Set();
                break;
            case DeviceCommand.DmaFromGuest:
                StartDmaRead(address, length);
                break;
            case DeviceCommand.RaiseMsix:
                RaiseMsix(vector);
                break;
            case DeviceCommand.RaiseMsi:
                RaiseMsi(vector);
                break;
            case DeviceCommand.AssertIntx:
            case DeviceCommand.DeassertIntx:
                if ((Command & CommandInterruptDisable) == 0)
                {
                    _upstream!.Receive(TlpHeader.InterruptMessage(Id, InterruptPin.IntA, command == DeviceCommand.AssertIntx), []);
                }

                break;
        }
    }

    private void SendMemoryWrite(ulong address, ReadOnlySpan<byte> data)
    {
        TlpHeader write = TlpHeader.MemoryWrite(Id, 0, address, data.Length);
        byte[] payload = new byte[write.PayloadSize];
        data.CopyTo(payload.AsSpan((int)(address & 3)));
        _upstream!.Receive(write, payload);
    }

    private void StartDmaRead(ulong address, int length)
    {
        DmaDone.Reset();
        LastDmaStatus = CompletionStatus.SuccessfulCompletion;
        List<TlpHeader> requests = [];
        lock (_lock)
        {
            _dmaReads.Clear();
            _dmaBytesExpected = length;
            _dmaBytesReceived = 0;
            ushort tag = 0;
            for (int done = 0; done < length; tag++)
            {
                int chunk = Math.Min(Math.Min(DmaReadChunk, length - done), 4096 - (int)((address + (ulong)done) & 0xFFF));
                _dmaReads[tag] = (done, chunk);
                requests.Add(TlpHeader.MemoryRead(Id, tag, address + (ulong)done, chunk));
                done += chunk;
            }
        }

        foreach (TlpHeader request in requests)
        {
            _upstream!.Receive(request, []);
        }
    }

    private void HandleDmaCompletion(in TlpHeader completion, ReadOnlySpan<byte> payload)
    {
        DmaCompletions.Enqueue(completion);
        lock (_lock)
        {
            if (!_dmaReads.TryGetValue(completion.Tag, out (int Offset, int Length) read))
            {
                return;
            }

            if (completion.Status != CompletionStatus.SuccessfulCompletion)
            {
                LastDmaStatus = completion.Status;
                DmaDone.Set();
                return;
            }

            int position = read.Length - completion.ByteCount;
            int skip = completion.LowerAddress & 3;
            int bytes = Math.Min(completion.ByteCount, payload.Length - skip);
            payload.Slice(skip, bytes).CopyTo(_bar0.AsSpan(read.Offset + position));
            _dmaBytesReceived += bytes;
            if (_dmaBytesReceived == _dmaBytesExpected)
            {
                DmaDone.Set();
            }
        }
    }

    private void RaiseMsix(int vector)
    {
        ushort control = BinaryPrimitives.ReadUInt16LittleEndian(_config.AsSpan(MsixCapability + 2));
        bool enabled = (control & 0x8000) != 0;
        bool functionMasked = (control & 0x4000) != 0;
        Span<byte> entry = _bar2.AsSpan(vector * 16, 16);
        if (!enabled)
        {
            return;
        }

        if (functionMasked || (entry[12] & 1) != 0)
        {
            _bar2[PbaOffset + (vector / 8)] |= (byte)(1 << (vector % 8));
            return;
        }

        ulong address = BinaryPrimitives.ReadUInt64LittleEndian(entry);
        SendMemoryWrite(address, entry.Slice(8, 4));
    }

    private void RaiseMsi(int vector)
    {
        ushort control = BinaryPrimitives.ReadUInt16LittleEndian(_config.AsSpan(MsiCapability + 2));
        if ((control & 1) == 0)
        {
            return;
        }

        ulong address = BinaryPrimitives.ReadUInt64LittleEndian(_config.AsSpan(MsiCapability + 4));
        uint data = BinaryPrimitives.ReadUInt16LittleEndian(_config.AsSpan(MsiCapability + 12)) | (uint)vector;
        Span<byte> bytes = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(bytes, data);
        SendMemoryWrite(address, bytes);
    }
}
