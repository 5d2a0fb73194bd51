using System.Buffers.Binary;
using System.Text;
using Cosim.Models.Nvme.Commands;

namespace Cosim.Models.Nvme.Tests;

public sealed partial class NvmeControllerTests
{
    [Fact]
    public async Task IdentifyControllerReportsIdentityAndLimits()
    {
        NvmeTestDriver driver = await StartAsync();

        (Completion completion, byte[] data) = await driver.IdentifyAsync(0x01);

        AssertStatus(NvmeStatus.Success, completion);
        Assert.Equal(NvmeController.VendorId, BinaryPrimitives.ReadUInt16LittleEndian(data));          // VID
        Assert.Equal("COSIMTEST0001       ", Encoding.ASCII.GetString(data, 4, 20));                     // SN, space padded
        Assert.Equal("Cosim NVMe Controller".PadRight(40), Encoding.ASCII.GetString(data, 24, 40));     // MN
        Assert.Equal("1.0     ", Encoding.ASCII.GetString(data, 64, 8));                                // FR
        Assert.Equal(10, data[77]);                                                                     // MDTS: 4 MiB
        Assert.Equal(0x0001_0400u, BinaryPrimitives.ReadUInt32LittleEndian(data.AsSpan(80)));          // VER
        Assert.Equal(1, data[111]);                                                                     // CNTRLTYPE: I/O
        Assert.Equal(0x100u, BinaryPrimitives.ReadUInt16LittleEndian(data.AsSpan(256)));               // OACS: Doorbell Buffer Config
        Assert.Equal(3, data[259]);                                                                     // AERL: 4 requests
        Assert.Equal(0u, BinaryPrimitives.ReadUInt16LittleEndian(data.AsSpan(320)));                   // KAS: no keep alive
        Assert.Equal(0x66, data[512]);                                                                  // SQES
        Assert.Equal(0x44, data[513]);                                                                  // CQES
        Assert.Equal(1u, BinaryPrimitives.ReadUInt32LittleEndian(data.AsSpan(516)));                   // NN
        Assert.Equal(0b1100u, BinaryPrimitives.ReadUInt16LittleEndian(data.AsSpan(520)));              // ONCS: DSM, Write Zeroes
        Assert.Equal(0b111, data[525]);                                                                 // VWC present, broadcast flush
        Assert.Equal(0u, BinaryPrimitives.ReadUInt32LittleEndian(data.AsSpan(536)));                   // SGLS: PRPs only
        Assert.StartsWith("nqn.2024-01.dev.cosim:nvme:COSIMTEST0001", Encoding.ASCII.GetString(data, 768, 256));
    }

    [Fact]
    public async Task IdentifyNamespaceReportsTheFileSizeInBlocks()
    {
        NvmeTestDriver driver = await StartAsync();

        (Completion completion, byte[] data) = await driver.IdentifyAsync(0x00, namespaceId: 1);

        ulong blocks = TestNamespace.DefaultSize / 512;
        AssertStatus(NvmeStatus.Success, completion);
        Assert.Equal(blocks, BinaryPrimitives.ReadUInt64LittleEndian(data));                     // NSZE
        Assert.Equal(blocks, BinaryPrimitives.ReadUInt64LittleEndian(data.AsSpan(8)));           // NCAP
        Assert.Equal(0, data[25]);                                                               // NLBAF: one format
        Assert.Equal(0, data[26]);                                                               // FLBAS: format 0
        Assert.Equal(0b1001, data[33]);                                                          // DLFEAT
        Assert.Equal(9u << 16, BinaryPrimitives.ReadUInt32LittleEndian(data.AsSpan(128)));       // LBAF0: LBADS 9, MS 0
        Assert.NotEqual(new byte[16], data.AsSpan(104, 16).ToArray());                           // NGUID
    }

    [Fact]
    public async Task IdentifyActiveNamespaceListHoldsNamespaceOne()
    {
        NvmeTestDriver driver = await StartAsync();

        (Completion fromZero, byte[] list) = await driver.IdentifyAsync(0x02, namespaceId: 0);
        (Completion fromOne, byte[] empty) = await driver.IdentifyAsync(0x02, namespaceId: 1);

        AssertStatus(NvmeStatus.Success, fromZero);
        Assert.Equal(1u, BinaryPrimitives.ReadUInt32LittleEndian(list));
        Assert.Equal(0u, BinaryPrimitives.ReadUInt32LittleEndian(list.AsSpan(4)));
        AssertStatus(NvmeStatus.Success, fromOne);
        Assert.Equal(new byte[4096], empty);
    }

    [Fact]
    public async Task IdentifyNamespaceDescriptorsCarryTheNguidOfIdentifyNamespaceAndAUuid()
    {
        NvmeTestDriver driver = await StartAsync();
        (_, byte[] identify) = await driver.IdentifyAsync(0x00, namespaceId: 1);

        (Completion completion, byte[] descriptors) = await driver.IdentifyAsync(0x03, namespaceId: 1);

        AssertStatus(NvmeStatus.Success, completion);
        Assert.Equal([2, 16, 0, 0], descriptors.AsSpan(0, 4).ToArray());             // NIDT 2 (NGUID), NIDL 16
        Assert.Equal(identify.AsSpan(104, 16).ToArray(), descriptors.AsSpan(4, 16).ToArray());
        Assert.Equal([3, 16, 0, 0], descriptors.AsSpan(20, 4).ToArray());            // NIDT 3 (UUID), NIDL 16
        Assert.Equal(0, descriptors[40]);                                            // end of list
    }

    [Fact]
    public async Task NamespaceIdentifiersStayTheSameAcrossControllerInstancesOnOneFile()
    {
        NvmeTestDriver first = await StartAsync();
        (_, byte[] before) = await first.IdentifyAsync(0x03, namespaceId: 1);
        Release(first.Controller);

        NvmeTestDriver second = await StartAsync();
        (_, byte[] after) = await second.IdentifyAsync(0x03, namespaceId: 1);

        Assert.Equal(before, after);
    }

    [Theory]
    [InlineData(0x00, 0u)]           // Identify Namespace, NSID 0
    [InlineData(0x00, 2u)]           // NSID 2: beyond NN
    [InlineData(0x00, 0xFFFF_FFFFu)] // broadcast: no namespace management
    [InlineData(0x03, 0u)]           // descriptors of NSID 0
    [InlineData(0x02, 0xFFFF_FFFEu)] // active list above FFFFFFFDh
    public async Task IdentifyOfANamespaceThatIsNotThereIsInvalidNamespaceOrFormat(byte structure, uint namespaceId)
    {
        NvmeTestDriver driver = await StartAsync();

        (Completion completion, _) = await driver.IdentifyAsync(structure, namespaceId);

        AssertStatus(NvmeStatus.InvalidNamespaceOrFormat, completion);
        Assert.True(completion.DoNotRetry);
    }

    [Theory]
    [InlineData(0x05)] // I/O Command Set specific Identify Namespace (NVMe 2.0)
    [InlineData(0x06)] // I/O Command Set specific Identify Controller: Linux asks, gets Invalid Field, stops asking
    [InlineData(0x10)] // allocated namespace list: no namespace management
    public async Task IdentifyOfAStructureTheControllerDoesNotImplementIsInvalidField(byte structure)
    {
        NvmeTestDriver driver = await StartAsync();

        (Completion completion, _) = await driver.IdentifyAsync(structure, namespaceId: 1);

        AssertStatus(NvmeStatus.InvalidFieldInCommand, completion);
    }

    [Fact]
    public async Task IdentifyIntoABufferWithAPrpOffsetSpansTwoPages()
    {
        NvmeTestDriver driver = await StartAsync();
        HostBuffer buffer = driver.AllocateBuffer(4096, offset: 0x800);
        (ulong prp1, ulong prp2) = driver.BuildPrps(buffer);

        Completion completion = await driver.AdminAsync(new NvmeCommand(0x06, 0, prp1, prp2, Dword10: 0x01));
        byte[] data = buffer.ReadBack();

        AssertStatus(NvmeStatus.Success, completion);
        Assert.Equal(NvmeController.VendorId, BinaryPrimitives.ReadUInt16LittleEndian(data));
        Assert.Equal(0x66, data[512]);
    }
}
