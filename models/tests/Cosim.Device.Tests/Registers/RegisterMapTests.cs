using System.Buffers.Binary;
using Cosim.Device.Registers;
using Microsoft.Extensions.Logging;

namespace Cosim.Device.Tests.Registers;

public sealed class RegisterMapTests
{
    private readonly RegisterMap _map = new("BAR0", 0x100);

    [Fact]
    public void ReadOnlyFieldIgnoresWritesButTheModelCanSetIt()
    {
        _map.Define(0x00, "ID", reset: 0x1234_5678).WithValueField(0, 32, out IValueField id, FieldAccess.ReadOnly);

        Write32(0x00, 0xFFFF_FFFF);
        uint afterWrite = Read32(0x00);
        id.Value = 0xCAFE;

        Assert.Equal(0x1234_5678u, afterWrite);
        Assert.Equal(0xCAFEu, Read32(0x00));
    }

    [Fact]
    public void WriteOneToClearClearsOnlyTheBitsWrittenAsOne()
    {
        _map.Define(0x08, "STATUS").WithValueField(0, 8, out IValueField status, FieldAccess.WriteOneToClear);
        status.Value = 0b1011;

        Write32(0x08, 0b0010);

        Assert.Equal(0b1001u, Read32(0x08));
    }

    [Fact]
    public void WriteOneToSetSetsOnlyTheBitsWrittenAsOne()
    {
        _map.Define(0x08, "ENABLE_SET").WithValueField(0, 8, out IValueField enables, FieldAccess.WriteOneToSet);
        enables.Value = 0b0001;

        Write32(0x08, 0b0100);

        Assert.Equal(0b0101u, Read32(0x08));
    }

    [Fact]
    public void ReadToClearReturnsTheValueOnceThenZero()
    {
        _map.Define(0x0C, "EVENTS").WithValueField(0, 16, out IValueField events, FieldAccess.ReadToClear);
        events.Value = 0x42;

        uint first = Read32(0x0C);
        uint second = Read32(0x0C);

        Assert.Equal(0x42u, first);
        Assert.Equal(0u, second);
    }

    [Fact]
    public void WriteOnlyFieldReadsZeroButReachesItsCallback()
    {
        ulong seen = 0;
        _map.Define(0x04, "COMMAND").WithValueField(0, 32, FieldAccess.WriteOnly, onWrite: (_, value) => seen = value);

        Write32(0x04, 0x10);

        Assert.Equal(0x10ul, seen);
        Assert.Equal(0u, Read32(0x04));
    }

    [Fact]
    public void ByteWriteTouchesOnlyItsByteOfAReadWriteRegister()
    {
        _map.Define(0x10, "SCRATCH", reset: 0x1122_3344);

        _map.Write(0x12, [0xAA]);

        Assert.Equal(0x11AA_3344u, Read32(0x10));
    }

    [Fact]
    public void EightByteAccessSpansTwoDwordRegistersInAddressOrder()
    {
        _map.Define(0x20, "ADDRESS_LOW");
        _map.Define(0x24, "ADDRESS_HIGH");
        Span<byte> data = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(data, 0x0000_0001_2345_6000);

        _map.Write(0x20, data);

        Assert.Equal(0x2345_6000u, Read32(0x20));
        Assert.Equal(0x0000_0001u, Read32(0x24));
    }

    [Fact]
    public void ReservedBitsReadZeroAndIgnoreWrites()
    {
        _map.Define(0x30, "CONTROL").WithFlag(0, name: "ENABLE").WithReservedBits(1, 31);

        Write32(0x30, 0xFFFF_FFFF);

        Assert.Equal(1u, Read32(0x30));
    }

    [Fact]
    public void FieldReadCallbackTransformsWhatSoftwareSees()
    {
        _map.Define(0x04, "LIVENESS").WithValueField(0, 32, onRead: value => ~value & 0xFFFF_FFFF);

        Write32(0x04, 0x0000_FFFF);

        Assert.Equal(0xFFFF_0000u, Read32(0x04));
    }

    [Fact]
    public void UnimplementedOffsetReadsZeroAndIsLoggedOnce()
    {
        var logger = new RecordingLogger();
        var map = new RegisterMap("BAR2", 0x40, logger);

        Span<byte> data = stackalloc byte[4];
        data.Fill(0xEE);
        map.Read(0x10, data);
        map.Read(0x10, data);

        Assert.Equal(0u, BinaryPrimitives.ReadUInt32LittleEndian(data));
        string line = Assert.Single(logger.Lines);
        Assert.Contains("BAR2 offset 0x10", line, StringComparison.Ordinal);
    }

    [Fact]
    public void MemoryAreaStoresBytesAndReportsWrites()
    {
        (int Offset, int Length) seen = default;
        MemoryArea area = _map.DefineMemory(0x80, 0x80, "BUFFER").WithWriteCallback((offset, length) => seen = (offset, length));

        _map.Write(0x84, [1, 2, 3]);

        Assert.Equal((4, 3), seen);
        Assert.Equal(new byte[] { 0, 0, 0, 0, 1, 2, 3, 0 }, area.Bytes[..8].ToArray());
    }

    [Fact]
    public void OverlappingDeclarationsAreRefusedWithBothNames()
    {
        _map.Define(0x00, "FIRST");

        ArgumentException error = Assert.Throws<ArgumentException>(() => _map.Define(0x00, "SECOND", widthBytes: 2));

        Assert.Contains("SECOND", error.Message, StringComparison.Ordinal);
        Assert.Contains("FIRST", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AccessOutsideTheBarIsRefused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => _map.Read(0xFE, new byte[4]));
    }

    [Fact]
    public void ResetRestoresResetValues()
    {
        _map.Define(0x10, "SCRATCH", reset: 7);
        Write32(0x10, 9);

        _map.Reset();

        Assert.Equal(7u, Read32(0x10));
    }

    private uint Read32(ulong offset)
    {
        Span<byte> data = stackalloc byte[4];
        _map.Read(offset, data);
        return BinaryPrimitives.ReadUInt32LittleEndian(data);
    }

    private void Write32(ulong offset, uint value)
    {
        Span<byte> data = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(data, value);
        _map.Write(offset, data);
    }

    private sealed class RecordingLogger : ILogger
    {
        public List<string> Lines { get; } = [];

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            Lines.Add(formatter(state, exception));
    }
}
