namespace Cosim.Models.Nvme.Tests;

public sealed partial class NvmeControllerTests
{
    [Fact]
    public void ConfigurationSpaceIdentifiesAnNvmExpressController()
    {
        var driver = new NvmeTestDriver(NewController());

        uint identifiers = driver.Host.ConfigRead(0x00);
        uint classAndRevision = driver.Host.ConfigRead(0x08);

        Assert.Equal(((uint)NvmeController.DeviceId << 16) | NvmeController.VendorId, identifiers);
        Assert.Equal(0x0108_0201u, classAndRevision); // Class Code 01h/08h/02h, Revision ID 1
        Assert.Equal(1u, (driver.Host.ConfigRead(0x3C) >> 8) & 0xFF); // Interrupt Pin INTA
    }

    [Fact]
    public void Bar0IsA64BitMemoryBarOf16KiB()
    {
        var driver = new NvmeTestDriver(NewController());

        driver.Host.ConfigWrite(0x10, 0xFFFF_FFFF);
        driver.Host.ConfigWrite(0x14, 0xFFFF_FFFF);

        // Size 16 KiB: bits 13:4 read 0; bits 2:1 = 10b (64-bit), bit 0 = 0 (memory), bit 3 = 0 (not prefetchable).
        Assert.Equal(0xFFFF_C004u, driver.Host.ConfigRead(0x10));
        Assert.Equal(0xFFFF_FFFFu, driver.Host.ConfigRead(0x14));
    }

    [Theory]
    [InlineData(0x01)] // Power Management
    [InlineData(0x05)] // MSI
    [InlineData(0x10)] // PCI Express
    [InlineData(0x11)] // MSI-X
    public void TheCapabilityListHoldsTheCapabilitiesTheDriverUses(byte id)
    {
        var driver = new NvmeTestDriver(NewController());

        Assert.NotEqual(0, driver.Host.FindCapability(id));
    }

    [Fact]
    public void MsixTableAndPbaAreInBar0WithOneEntryPerConfiguredVector()
    {
        var driver = new NvmeTestDriver(NewController(vectors: 17));
        int capability = driver.Host.FindCapability(0x11);

        uint control = driver.Host.ConfigRead(capability) >> 16;
        uint table = driver.Host.ConfigRead(capability + 4);
        uint pba = driver.Host.ConfigRead(capability + 8);

        Assert.Equal(16u, control & 0x7FF); // Table Size, N - 1
        Assert.Equal(0x2000u, table);       // BIR 0, offset 2000h
        Assert.Equal(0x3000u, pba);         // BIR 0, offset 3000h
    }

    [Fact]
    public void CapabilitiesRegisterAdvertisesWhatTheModelImplements()
    {
        var driver = new NvmeTestDriver(NewController());
        driver.ConfigureFunction();

        ulong cap = driver.Read64(NvmeTestDriver.Cap);

        Assert.Equal(1023ul, cap & 0xFFFF);          // MQES: 1024 entries, 0's based
        Assert.Equal(1ul, (cap >> 16) & 1);          // CQR
        Assert.Equal(0ul, (cap >> 17) & 3);          // AMS: round robin only
        Assert.Equal(30ul, (cap >> 24) & 0xFF);      // TO: 15 s
        Assert.Equal(0ul, (cap >> 32) & 0xF);        // DSTRD: 4-byte doorbells
        Assert.Equal(1ul, (cap >> 37) & 0xFF);       // CSS: NVM command set
        Assert.Equal(0ul, (cap >> 48) & 0xF);        // MPSMIN: 4 KiB
        Assert.Equal(4ul, (cap >> 52) & 0xF);        // MPSMAX: 64 KiB
        Assert.Equal(0ul, cap >> 56);                // no PMR, no CMB
    }

    [Fact]
    public void CapabilitiesReadAsTwoDwordsAsLinuxReadsThem()
    {
        var driver = new NvmeTestDriver(NewController());
        driver.ConfigureFunction();

        ulong whole = driver.Read64(NvmeTestDriver.Cap);
        ulong halves = driver.Read32(NvmeTestDriver.Cap) | ((ulong)driver.Read32(NvmeTestDriver.Cap + 4) << 32);

        Assert.Equal(whole, halves);
    }

    [Fact]
    public void VersionIs1Point4AndTheCmbIsAbsent()
    {
        var driver = new NvmeTestDriver(NewController());
        driver.ConfigureFunction();

        Assert.Equal(0x0001_0400u, driver.Read32(NvmeTestDriver.Vs));
        Assert.Equal(0u, driver.Read32(0x38)); // CMBLOC
        Assert.Equal(0u, driver.Read32(0x3C)); // CMBSZ
    }

    [Fact]
    public void CapabilitiesAndVersionIgnoreWrites()
    {
        var driver = new NvmeTestDriver(NewController());
        driver.ConfigureFunction();
        ulong cap = driver.Read64(NvmeTestDriver.Cap);

        driver.Write64(NvmeTestDriver.Cap, 0);
        driver.Write32(NvmeTestDriver.Vs, 0);

        Assert.Equal(cap, driver.Read64(NvmeTestDriver.Cap));
        Assert.Equal(0x0001_0400u, driver.Read32(NvmeTestDriver.Vs));
    }

    [Fact]
    public void InterruptMaskSetAndClearAreTwoViewsOfOneMask()
    {
        var driver = new NvmeTestDriver(NewController());
        driver.ConfigureFunction();

        driver.Write32(NvmeTestDriver.Intms, 0b1010);
        uint afterSet = driver.Read32(NvmeTestDriver.Intmc);
        driver.Write32(NvmeTestDriver.Intmc, 0b0010);

        Assert.Equal(0b1010u, afterSet);
        Assert.Equal(0b1000u, driver.Read32(NvmeTestDriver.Intms));
        Assert.Equal(0b1000u, driver.Read32(NvmeTestDriver.Intmc));
    }

    [Fact]
    public void AdminQueueRegistersKeepWhatTheHostWrites()
    {
        var driver = new NvmeTestDriver(NewController());
        driver.ConfigureFunction();

        driver.Write32(NvmeTestDriver.Aqa, 0x001F_001F);
        driver.Write64(NvmeTestDriver.Asq, 0x1234_5678_9000);
        driver.Write64(NvmeTestDriver.Acq, 0x0000_0001_0000_3FFF); // bits 11:0 are reserved

        Assert.Equal(0x001F_001Fu, driver.Read32(NvmeTestDriver.Aqa));
        Assert.Equal(0x1234_5678_9000ul, driver.Read64(NvmeTestDriver.Asq));
        Assert.Equal(0x0000_0001_0000_3000ul, driver.Read64(NvmeTestDriver.Acq));
    }
}
