using Cosim.Tlp;
using Cosim.Tlp.Config;
using Cosim.Tlp.Config.Capabilities;
using Cosim.Tlp.Transactions;

namespace Cosim.Testbench.Tests;

/// <summary>
/// A function the test plays by hand: its configuration space is tlp-core's <see cref="ConfigSpace"/>, its memory and
/// I/O BARs are plain RAM answered inside the request call, and the test sends its upstream TLPs (DMA, interrupts,
/// messages) itself and reads what came back in <see cref="Received"/>.
/// </summary>
internal sealed class ScriptedFunction : IPcieFunction
{
    public const int RamBar = 0;
    public const ulong RamBarSize = 64 * 1024;
    public const int IoBar = 2;
    public const ulong IoBarSize = 256;
    public const int TableBar = 3;
    public const uint MsixTableOffset = 0;
    public const uint MsixPbaOffset = 0x800;

    private readonly object _gate = new();
    private readonly Dictionary<int, byte[]> _ram = [];
    private ITlpReceiver? _upstream;

    public ScriptedFunction(ConfigSpace? config = null)
    {
        Config = config ?? new ConfigSpace(
            new FunctionIdentity(VendorId: 0x1234, DeviceId: 0xBEEF, ClassCode: 0x05_8000, RevisionId: 3, SubsystemVendorId: 0x1234, SubsystemId: 0x0001, InterruptPin: InterruptPin.IntA),
            [
                BarDefinition.Memory64(RamBar, RamBarSize, prefetchable: true),
                BarDefinition.Io(IoBar, IoBarSize),
                BarDefinition.Memory32(TableBar, 4096),
            ],
            [
                new PowerManagementCapability(),
                new MsiCapability(vectorCount: 4, is64Bit: true, perVectorMasking: true),
                new MsixCapability(tableSize: 8, tableBar: TableBar, tableOffset: MsixTableOffset, pbaBar: TableBar, pbaOffset: MsixPbaOffset),
                new PciExpressCapability(maxPayloadSizeSupported: MaxPayloadSize.Bytes512),
                new AerCapability(),
            ],
            new ExpansionRomDefinition(64 * 1024));
        for (int bar = 0; bar < BarDefinition.Count; bar++)
        {
            if (Config.GetBar(bar) is { } definition && definition.Index == bar)
            {
                _ram[bar] = new byte[definition.Size];
            }
        }
    }

    public ConfigSpace Config { get; }

    /// <summary>Everything but configuration requests, with a copy of the payload.</summary>
    public List<(TlpHeader Header, byte[] Payload)> Received { get; } = [];

    /// <summary>False: memory and I/O reads are swallowed without a completion (a hung device).</summary>
    public bool AnswersReads { get; set; } = true;

    public int Resets { get; private set; }

    public PcieId Id { get; private set; }

    public byte[] Ram(int bar) => _ram[bar];

    public void Attach(ITlpReceiver upstream) => _upstream = upstream;

    public void Reset()
    {
        lock (_gate)
        {
            Resets++;
            Config.Reset();
        }
    }

    /// <summary>Sends a TLP upstream, as the function.</summary>
    public void Send(in TlpHeader header, ReadOnlySpan<byte> payload) => _upstream!.Receive(header, payload);

    /// <summary>Sends a TLP with an all-zero payload of the right size.</summary>
    public void Send(in TlpHeader header) => _upstream!.Receive(header, new byte[header.PayloadSize]);

    public List<(TlpHeader Header, byte[] Payload)> CompletionsFor(ushort tag)
    {
        lock (_gate)
        {
            return Received.FindAll(r => r.Header.IsCompletion && r.Header.Tag == tag);
        }
    }

    public void Receive(in TlpHeader header, ReadOnlySpan<byte> payload)
    {
        lock (_gate)
        {
            if (header.IsConfigRequest)
            {
                if (header.Kind == TlpKind.ConfigWrite0)
                {
                    Id = header.DestinationId;
                }

                Config.HandleRequest(header, payload, Id, _upstream!);
                return;
            }

            Received.Add((header, payload.ToArray()));
            if (header.IsMemoryRequest || header.IsIoRequest)
            {
                HandleBarRequest(header, payload);
            }
        }
    }

    private void HandleBarRequest(in TlpHeader header, ReadOnlySpan<byte> payload)
    {
        if (!Config.TryDecodeBar(header.Address, header.IsIoRequest, out int bar, out ulong offset))
        {
            if (header.IsNonPosted)
            {
                _upstream!.Receive(TlpHeader.UnsupportedRequestFor(header, Id), []);
            }

            return;
        }

        byte[] ram = _ram[bar];
        if (header.HasData)
        {
            for (int i = 0; i < header.Length * 4; i++)
            {
                int enables = i < 4 ? header.FirstDwByteEnables : i >= (header.Length - 1) * 4 ? header.LastDwByteEnables : 0xF;
                if ((enables & (1 << (i % 4))) != 0)
                {
                    ram[(int)offset + i] = payload[i];
                }
            }

            if (header.IsNonPosted)
            {
                _upstream!.Receive(TlpHeader.CompletionWithoutDataFor(header, Id, CompletionStatus.SuccessfulCompletion), []);
            }

            return;
        }

        if (!AnswersReads)
        {
            return;
        }

        var splitter = new CompletionSplitter(header, MaxPayloadSize.Bytes128, ReadCompletionBoundary.Bytes128);
        int first = ByteEnables.FirstEnabledByteOffset(header.FirstDwByteEnables);
        byte[] data = ram.AsSpan((int)offset + first, splitter.DataBytes).ToArray();
        MaxPayloadSize maxPayload = TransferSizes.TryGetMaxPayloadSize(Config.DeviceControl.MaxPayloadSize, out MaxPayloadSize size) ? size : MaxPayloadSize.Bytes128;
        CompletionSplitter.WriteCompletions(header, Id, data, maxPayload, ReadCompletionBoundary.Bytes128, _upstream!);
    }
}
