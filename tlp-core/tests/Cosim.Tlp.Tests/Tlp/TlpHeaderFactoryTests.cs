namespace Cosim.Tlp.Tests.Tlp;

public sealed class TlpHeaderFactoryTests
{
    private static readonly PcieId s_rootComplex = PcieId.From(0x00, 0x00, 0);
    private static readonly PcieId s_endpoint = PcieId.From(0x01, 0x00, 0);

    public static TheoryData<ulong, TlpKind> Pages => new()
    {
        { 0x8000_0000, TlpKind.MemoryRead },
        { 0x8000_0000, TlpKind.MemoryWrite },
        { 0x1_2345_6000, TlpKind.MemoryRead },
        { 0x1_2345_6000, TlpKind.MemoryWrite },
    };

    [Theory]
    [InlineData(0x0000_0000_0000_1000UL, false)]
    [InlineData(0x0000_0000_FFFF_FFFCUL, false)]
    [InlineData(0x0000_0001_0000_0000UL, true)]
    [InlineData(0xFFFF_FFFF_FFFF_F000UL, true)]
    public void MemoryRequestsUseTheFourDwHeaderExactlyForAddressesFromFourGiB(ulong address, bool fourDw)
    {
        TlpHeader read = TlpHeader.MemoryRead(s_endpoint, 0x01, address, 4);
        TlpHeader write = TlpHeader.MemoryWrite(s_endpoint, 0x01, address, 4);

        Assert.Equal(fourDw, read.FourDwHeader);
        Assert.Equal(fourDw, write.FourDwHeader);
        Assert.Equal(TlpKind.MemoryRead, read.Kind);
        Assert.Equal(TlpKind.MemoryWrite, write.Kind);
    }

    // Sweep byte counts 1..31 and 1024 at offsets 0..7 and 4088..4095 of a page (cocotbext run_test_rc_mem): the
    // factory's Length and BEs match a byte-by-byte computation, the request covers exactly the bytes asked for,
    // it is valid unless it crosses the page, and its UR completion reports that byte count and lower address.
    [Theory]
    [MemberData(nameof(Pages))]
    public void MemoryRequestFactoriesComputeLengthAndByteEnablesFromByteAddressAndCount(ulong page, TlpKind kind)
    {
        int[] offsets = [.. Enumerable.Range(0, 8), .. Enumerable.Range(4088, 8)];
        int[] counts = [.. Enumerable.Range(1, 31), 1024];
        foreach (int offset in offsets)
        {
            foreach (int count in counts)
            {
                ulong address = page + (ulong)offset;
                TlpHeader header = kind == TlpKind.MemoryRead
                    ? TlpHeader.MemoryRead(s_endpoint, 0x2A, address, count)
                    : TlpHeader.MemoryWrite(s_endpoint, 0x2A, address, count);
                Expected expected = Expected.For(address, count);

                Assert.Equal(expected.Length, header.Length);
                Assert.Equal(expected.First, header.FirstDwByteEnables);
                Assert.Equal(expected.Last, header.LastDwByteEnables);
                Assert.Equal(address & ~3UL, header.Address);
                Assert.Equal(count, ByteEnables.RequestedByteCount(header.Length, header.FirstDwByteEnables, header.LastDwByteEnables));
                if (expected.CrossesPage)
                {
                    TlpFormatException error = Assert.Throws<TlpFormatException>(() => TlpCodec.Validate(header));
                    Assert.Equal(TlpRule.CrossesFourKiBBoundary, error.Rule);
                    continue;
                }

                TlpCodec.Validate(header);
                if (kind == TlpKind.MemoryRead)
                {
                    TlpHeader unsupported = TlpHeader.UnsupportedRequestFor(header, s_rootComplex);
                    Assert.Equal(count, unsupported.ByteCount);
                    Assert.Equal((byte)(address & 0x7F), unsupported.LowerAddress);
                }
            }
        }
    }

    [Fact]
    public void MemoryReadOfZeroBytesIsAZeroLengthRead()
    {
        TlpHeader header = TlpHeader.MemoryRead(s_endpoint, 0x01, 0x1000, 0);

        Assert.Equal(1, header.Length);
        Assert.Equal(0, header.FirstDwByteEnables);
        Assert.Equal(0, header.LastDwByteEnables);
        TlpCodec.Validate(header);
    }

    [Fact]
    public void IoAndConfigFactoriesBuildTheHandDerivedVectors()
    {
        TlpHeader ioRead = TlpHeader.IoRead(s_rootComplex, 0x07, 0x0CFC, 2);
        TlpHeader ioWrite = TlpHeader.IoWrite(s_rootComplex, 0x08, 0x80, 1);
        TlpHeader configRead = TlpHeader.ConfigRead(s_rootComplex, 0x10, s_endpoint, 0x10, 4);
        TlpHeader configWrite = TlpHeader.ConfigWrite(s_rootComplex, 0x11, PcieId.From(0x02, 0x03, 1), 0x106, 2);

        Assert.Equal(TlpVectors.Named("IORd").Header, ioRead);
        Assert.Equal(TlpVectors.Named("IOWr").Header, ioWrite);
        Assert.Equal(TlpVectors.Named("CfgRd0").Header, configRead);
        Assert.Equal(TlpVectors.Named("CfgWr0").Header, configWrite);
    }

    [Theory]
    [InlineData(0x100, 0)]
    [InlineData(0x100, 5)]
    [InlineData(0x103, 2)]
    [InlineData(0x102, 3)]
    public void SingleDwFactoriesRejectAccessesThatDoNotFitOneDw(int offset, int byteCount)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => TlpHeader.IoRead(s_rootComplex, 0, (uint)offset, byteCount));
        Assert.Throws<ArgumentOutOfRangeException>(() => TlpHeader.IoWrite(s_rootComplex, 0, (uint)offset, byteCount));
        Assert.Throws<ArgumentOutOfRangeException>(() => TlpHeader.ConfigRead(s_rootComplex, 0, s_endpoint, offset, byteCount));
        Assert.Throws<ArgumentOutOfRangeException>(() => TlpHeader.ConfigWrite(s_rootComplex, 0, s_endpoint, offset, byteCount));
    }

    [Fact]
    public void CompletionForCopiesRequesterTagTrafficClassAndAttributes()
    {
        TlpHeader request = TlpHeader.MemoryRead(s_endpoint, 0x3A5, 0x1000_0040, 64) with
        {
            TrafficClass = 3, Attributes = TlpAttributes.RelaxedOrdering | TlpAttributes.NoSnoop,
        };

        TlpHeader completion = TlpHeader.CompletionFor(request, s_rootComplex, CompletionStatus.SuccessfulCompletion, dataDwords: 8, byteCount: 64, lowerAddress: 0xC0);

        Assert.Equal(TlpKind.CompletionWithData, completion.Kind);
        Assert.Equal(s_endpoint, completion.RequesterId);
        Assert.Equal((ushort)0x3A5, completion.Tag);
        Assert.Equal((byte)3, completion.TrafficClass);
        Assert.Equal(TlpAttributes.RelaxedOrdering | TlpAttributes.NoSnoop, completion.Attributes);
        Assert.Equal(s_rootComplex, completion.CompleterId);
        Assert.Equal(8, completion.Length);
        Assert.Equal(64, completion.ByteCount);
        Assert.Equal(0x40, completion.LowerAddress);
        TlpCodec.Validate(completion);
    }

    [Theory]
    [InlineData(TlpKind.MemoryRead, 1, TlpKind.CompletionWithData)]
    [InlineData(TlpKind.MemoryRead, 0, TlpKind.Completion)]
    [InlineData(TlpKind.MemoryReadLocked, 1, TlpKind.CompletionLockedWithData)]
    [InlineData(TlpKind.MemoryReadLocked, 0, TlpKind.CompletionLocked)]
    public void CompletionForALockedReadIsALockedCompletion(TlpKind requestKind, int dataDwords, TlpKind completionKind)
    {
        TlpHeader request = TlpHeader.MemoryRead(s_endpoint, 0x01, 0x1000, 4) with { Kind = requestKind };

        TlpHeader completion = TlpHeader.CompletionFor(request, s_rootComplex, CompletionStatus.SuccessfulCompletion, dataDwords, 4, 0);

        Assert.Equal(completionKind, completion.Kind);
    }

    [Fact]
    public void UnsupportedRequestForAMemoryReadReportsTheRemainingBytesAndLowerAddress()
    {
        TlpHeader request = TlpHeader.MemoryRead(s_endpoint, 0x2A, 0x1000_0046, 61);

        TlpHeader completion = TlpHeader.UnsupportedRequestFor(request, s_rootComplex);

        Assert.Equal(TlpKind.Completion, completion.Kind);
        Assert.Equal(CompletionStatus.UnsupportedRequest, completion.Status);
        Assert.Equal(61, completion.ByteCount);
        Assert.Equal(0x46, completion.LowerAddress);
        Assert.Equal(0, completion.Length);
        Assert.Equal(s_endpoint, completion.RequesterId);
        Assert.Equal((ushort)0x2A, completion.Tag);
    }

    [Fact]
    public void UnsupportedRequestForTheHandDerivedConfigReadIsTheHandDerivedCompletion()
    {
        TlpHeader request = TlpVectors.Named("CfgRd0").Header;

        TlpHeader completion = TlpHeader.UnsupportedRequestFor(request, s_endpoint);

        Assert.Equal(TlpVectors.Named("Cpl UR").Header, completion);
    }

    [Fact]
    public void UnsupportedRequestForALockedReadIsTheHandDerivedCplLk()
    {
        TlpHeader request = TlpVectors.Named("MRdLk").Header;

        TlpHeader completion = TlpHeader.UnsupportedRequestFor(request, s_endpoint);

        Assert.Equal(TlpVectors.Named("CplLk").Header, completion);
    }

    [Theory]
    [InlineData("IORd")]
    [InlineData("IOWr")]
    [InlineData("CfgWr0")]
    [InlineData("CfgRd1")]
    public void CompletionsOfIoAndConfigRequestsHaveByteCountFourAndLowerAddressZero(string requestVector)
    {
        TlpHeader request = TlpVectors.Named(requestVector).Header;

        TlpHeader abort = TlpHeader.CompleterAbortFor(request, s_endpoint);
        TlpHeader success = TlpHeader.CompletionWithoutDataFor(request, s_endpoint, CompletionStatus.SuccessfulCompletion);

        Assert.Equal(CompletionStatus.CompleterAbort, abort.Status);
        Assert.Equal(CompletionStatus.SuccessfulCompletion, success.Status);
        Assert.All((TlpHeader[])[abort, success], completion =>
        {
            Assert.Equal(TlpKind.Completion, completion.Kind);
            Assert.Equal(4, completion.ByteCount);
            Assert.Equal(0, completion.LowerAddress);
            Assert.Equal(request.Tag, completion.Tag);
            Assert.Equal(request.RequesterId, completion.RequesterId);
        });
    }

    // §2.2.9: "For AtomicOp Completions, the Byte Count value must equal the associated AtomicOp operand size in bytes."
    [Theory]
    [InlineData("FetchAdd 4", 4)]
    [InlineData("FetchAdd 8", 8)]
    [InlineData("Swap", 8)]
    [InlineData("CAS 3DW", 4)]
    [InlineData("CAS 4DW", 16)]
    public void CompletionOfAnAtomicOpReportsTheOperandSize(string requestVector, int operandBytes)
    {
        TlpHeader request = TlpVectors.Named(requestVector).Header;

        TlpHeader completion = TlpHeader.UnsupportedRequestFor(request, s_rootComplex);

        Assert.Equal(operandBytes, completion.ByteCount);
        Assert.Equal(0, completion.LowerAddress);
    }

    [Theory]
    [InlineData(InterruptPin.IntA, true, MessageCode.AssertIntA)]
    [InlineData(InterruptPin.IntB, true, MessageCode.AssertIntB)]
    [InlineData(InterruptPin.IntC, true, MessageCode.AssertIntC)]
    [InlineData(InterruptPin.IntD, true, MessageCode.AssertIntD)]
    [InlineData(InterruptPin.IntA, false, MessageCode.DeassertIntA)]
    [InlineData(InterruptPin.IntB, false, MessageCode.DeassertIntB)]
    [InlineData(InterruptPin.IntC, false, MessageCode.DeassertIntC)]
    [InlineData(InterruptPin.IntD, false, MessageCode.DeassertIntD)]
    public void InterruptMessageIsALocalMessageWithThePinsCode(InterruptPin pin, bool assert, MessageCode code)
    {
        TlpHeader header = TlpHeader.InterruptMessage(s_endpoint, pin, assert);

        Assert.Equal(TlpKind.Message, header.Kind);
        Assert.True(header.FourDwHeader);
        Assert.Equal(MessageRouting.Local, header.Routing);
        Assert.Equal(code, header.MessageCode);
        Assert.Equal(s_endpoint, header.RequesterId);
        TlpCodec.Validate(header);
    }

    [Fact]
    public void InterruptMessageForIntAIsTheHandDerivedAssertIntA()
    {
        Assert.Equal(TlpVectors.Named("Msg Assert_INTA").Header, TlpHeader.InterruptMessage(s_endpoint, InterruptPin.IntA, assert: true));
        Assert.Equal(TlpVectors.Named("Msg Deassert_INTA").Header, TlpHeader.InterruptMessage(s_endpoint, InterruptPin.IntA, assert: false));
    }

    [Theory]
    [InlineData(InterruptPin.None)]
    [InlineData((InterruptPin)5)]
    public void InterruptMessageRejectsAPinThatIsNotIntAToIntD(InterruptPin pin)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => TlpHeader.InterruptMessage(s_endpoint, pin, assert: true));
    }

    [Fact]
    public void MessageFactoryBuildsTheHandDerivedVendorDefinedMessage()
    {
        TlpHeader header = TlpHeader.Message(s_rootComplex, MessageCode.VendorDefinedType0, MessageRouting.ById, 0x0100_1234_CAFE_F00D);

        Assert.Equal(TlpVectors.Named("Msg Vendor_Defined Type 0").Header, header);
    }

    // The Length and byte enables of the bytes [address, address + count), computed byte by byte.
    private readonly record struct Expected(int Length, byte First, byte Last, bool CrossesPage)
    {
        public static Expected For(ulong address, int count)
        {
            ulong lastByte = address + (ulong)count - 1;
            ulong firstDw = address / 4;
            ulong lastDw = lastByte / 4;
            byte first = 0;
            byte last = 0;
            for (ulong b = address; b <= lastByte; b++)
            {
                if (b / 4 == firstDw)
                {
                    first |= (byte)(1 << (int)(b % 4));
                }
                else if (b / 4 == lastDw)
                {
                    last |= (byte)(1 << (int)(b % 4));
                }
            }

            return new Expected((int)(lastDw - firstDw + 1), first, last, address / 4096 != lastByte / 4096);
        }
    }
}
