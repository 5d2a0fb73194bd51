using System.Buffers.Binary;
using Cosim.Tlp.Checking;
using Cosim.Tlp.Config;
using Cosim.Tlp.Tests.Config;

namespace Cosim.Tlp.Tests.Checking;

/// <summary>
/// A host and the golden configuration space of <see cref="SampleFunctions.Full"/> joined by a <see cref="TlpChecker"/>:
/// the host's configuration requests are answered by the real <see cref="ConfigSpace"/> (so the checker snoops real
/// traffic), everything else the function receives is recorded, and the test plays the function's side by hand.
/// </summary>
internal sealed class CheckedLink
{
    public static readonly PcieId Host = new(0);
    public static readonly PcieId Function = PcieId.From(1, 0, 0);

    public const int Command = 0x04;
    public const int MsiControl = SampleFunctions.MsiOffset;
    public const int MsiAddress = SampleFunctions.MsiOffset + 0x04;
    public const int MsiUpperAddress = SampleFunctions.MsiOffset + 0x08;
    public const int MsiData = SampleFunctions.MsiOffset + 0x0C;
    public const int MsixControl = SampleFunctions.MsixOffset;
    public const int DeviceControl = SampleFunctions.PciExpressOffset + 0x08;
    public const ulong MsiTarget = 0xFEE0_1000;

    private readonly ConfigSpace _config = SampleFunctions.Full();
    private readonly ITlpReceiver _toFunction;
    private readonly ITlpReceiver _toHost;
    private ushort _tag;

    public CheckedLink(TlpCheckerOptions? options = null)
    {
        Checker = new TlpChecker(options, Time);
        _toFunction = Checker.Wrap(new FunctionSide(this), LinkDirection.Downstream);
        _toHost = Checker.Wrap(HostReceived, LinkDirection.Upstream);
    }

    public ManualTimeProvider Time { get; } = new();

    public TlpChecker Checker { get; }

    public CapturingReceiver HostReceived { get; } = new();

    public CapturingReceiver FunctionReceived { get; } = new();

    public IEnumerable<CheckerRule> Rules => Checker.Violations.Select(v => v.Rule);

    /// <summary>Reads every DW of the PCI-compatible space, as an enumerating host would: the checker learns the capability list.</summary>
    public void Enumerate()
    {
        for (int offset = 0; offset < ConfigSpace.CompatibleSize; offset += 4)
        {
            ConfigRead(offset);
        }
    }

    public uint ConfigRead(int offset)
    {
        TlpHeader request = TlpHeader.ConfigRead(Host, NextTag(), Function, offset, 4);
        _toFunction.Receive(request, []);
        return BinaryPrimitives.ReadUInt32LittleEndian(HostReceived.Received[^1].Payload);
    }

    public void ConfigWrite(int offset, uint value)
    {
        Span<byte> data = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(data, value);
        _toFunction.Receive(TlpHeader.ConfigWrite(Host, NextTag(), Function, offset, 4), data);
    }

    public void SetCommand(CommandFlags command) => ConfigWrite(Command, (uint)command);

    /// <summary>Programs MSI (address <see cref="MsiTarget"/>, data 4020h, 2^<paramref name="enabledVectorsLog2"/> vectors).</summary>
    public void ProgramMsi(bool enable, int enabledVectorsLog2 = 0)
    {
        ConfigWrite(MsiAddress, (uint)MsiTarget);
        ConfigWrite(MsiUpperAddress, 0);
        ConfigWrite(MsiData, 0x4020);
        ConfigWrite(MsiControl, (uint)((enable ? 1 : 0) | (enabledVectorsLog2 << 4)) << 16);
    }

    public void FromHost(in TlpHeader header, ReadOnlySpan<byte> payload) => _toFunction.Receive(header, payload);

    public void FromFunction(in TlpHeader header, ReadOnlySpan<byte> payload) => _toHost.Receive(header, payload);

    public void FromFunction(in TlpHeader header) => _toHost.Receive(header, new byte[header.PayloadSize]);

    public void FromHost(in TlpHeader header) => _toFunction.Receive(header, new byte[header.PayloadSize]);

    private ushort NextTag() => _tag = (ushort)((_tag + 1) & 0xFF);

    private sealed class FunctionSide(CheckedLink link) : ITlpReceiver
    {
        public void Receive(in TlpHeader header, ReadOnlySpan<byte> payload)
        {
            if (header.IsConfigRequest)
            {
                link._config.HandleRequest(header, payload, Function, link._toHost);
                return;
            }

            link.FunctionReceived.Receive(header, payload);
        }
    }
}
