using Cosim.Tlp.Config;

namespace Cosim.Tlp.Tests.Config;

public sealed class ConfigSpaceGoldenTests
{
    // The golden device of SampleFunctions.Full() at power-on, as `lspci -xxx` prints it. Derivation, by offset:
    //
    // 00: Vendor ID 1234h -> 34 12; Device ID 11E8h -> e8 11; Command 0000h -> 00 00;
    //     Status 0010h (Capabilities List) -> 10 00; Revision ID 10h; Class Code 00FF00h -> Prog IF 00, Sub-Class ff,
    //     Base Class 00; Cache Line Size 00, Latency Timer 00, Header Type 00, BIST 00.
    // 10: BAR0 32-bit memory, not prefetchable: 00000000h; BAR1 I/O: bit 0 set -> 01 00 00 00;
    //     BAR2 64-bit (Type 10b -> bits 2:1 = 10b) prefetchable (bit 3): 0000000Ch -> 0c 00 00 00; BAR3 (upper) 0.
    // 20: BAR4 0, BAR5 0, Cardbus CIS Pointer 0, Subsystem Vendor ID 1AF4h -> f4 1a, Subsystem ID 1100h -> 00 11.
    // 30: Expansion ROM BAR 0; Capabilities Pointer 40h; reserved; Interrupt Line 00, Interrupt Pin 01 (INTA),
    //     Min_Gnt 00, Max_Lat 00.
    // 40: PM: ID 01, Next 48; PMC 0003h (Version 011b) -> 03 00; PMCSR 0008h (No_Soft_Reset) -> 08 00; 00 00.
    // 48: MSI: ID 05, Next 60; Message Control 0184h = Per-Vector Masking (bit 8) | 64-bit (bit 7) |
    //     Multiple Message Capable 010b (4 vectors, bits 3:1) -> 84 01; Address, Upper Address, Data, Mask, Pending 0.
    // 60: MSI-X: ID 11, Next 6c; Message Control 0007h (Table Size 8 - 1) -> 07 00;
    //     Table Offset/BIR 00010000h -> 00 00 01 00; PBA Offset/BIR 00018000h -> 00 80 01 00.
    // 6c: PCI Express: ID 10, Next 00; Capabilities 0002h (version 2, Endpoint) -> 02 00;
    // 70: Device Capabilities 10008021h = FLR (bit 28) | Role-Based Error Reporting (bit 15) |
    //     Extended Tag Supported (bit 5) | MPS Supported 001b (256) -> 21 80 00 10;
    //     Device Control 2810h = MRRS 010b (512) | Enable No Snoop | Enable Relaxed Ordering -> 10 28; Device Status 0.
    // 78: Link Capabilities 00400011h = ASPM Optionality Compliance (bit 22) | width x1 (bits 9:4) | 2.5 GT/s
    //     -> 11 00 40 00; Link Control 0000h; (7e) Link Status 0011h (x1, 2.5 GT/s) -> 11 00.
    // 80-8f: Slot and Root registers 0. 90: Device Capabilities 2 0; 94: Device Control 2 / Status 2 0.
    // 98: Link Capabilities 2 00000002h (Supported Link Speeds Vector: 2.5 GT/s) -> 02 00 00 00;
    // 9c: Link Control 2 0001h (Target Link Speed 2.5 GT/s) -> 01 00; Link Status 2 0. a0-a7: Slot 2 registers 0.
    // a8-ff: unimplemented, 0.
    // "00:" then 16 × " xx" then a newline.
    private const int LspciLineLength = 3 + (16 * 3) + 1;

    private const string GoldenCompatibleSpace =
        "00: 34 12 e8 11 00 00 10 00 10 00 ff 00 00 00 00 00\n" +
        "10: 00 00 00 00 01 00 00 00 0c 00 00 00 00 00 00 00\n" +
        "20: 00 00 00 00 00 00 00 00 00 00 00 00 f4 1a 00 11\n" +
        "30: 00 00 00 00 40 00 00 00 00 00 00 00 00 01 00 00\n" +
        "40: 01 48 03 00 08 00 00 00 05 60 84 01 00 00 00 00\n" +
        "50: 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00\n" +
        "60: 11 6c 07 00 00 00 01 00 00 80 01 00 10 00 02 00\n" +
        "70: 21 80 00 10 10 28 00 00 11 00 40 00 00 00 11 00\n" +
        "80: 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00\n" +
        "90: 00 00 00 00 00 00 00 00 02 00 00 00 01 00 00 00\n" +
        "a0: 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00\n" +
        "b0: 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00\n" +
        "c0: 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00\n" +
        "d0: 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00\n" +
        "e0: 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00\n" +
        "f0: 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00\n";

    // 100: AER header 00020001h = Next 000h | Version 2h | ID 0001h -> 01 00 02 00; Uncorrectable Status 0;
    //      Uncorrectable Mask 0; Uncorrectable Severity 00062030h = Malformed (18) | Receiver Overflow (17) |
    //      Flow Control Protocol (13) | Surprise Down (5) | Data Link Protocol (4) -> 30 20 06 00.
    // 110: Correctable Status 0; Correctable Mask 00002000h (Advisory Non-Fatal masked) -> 00 20 00 00;
    //      Advanced Error Capabilities and Control 0; Header Log DW0 0.
    private const string GoldenAerLines =
        "100: 01 00 02 00 00 00 00 00 00 00 00 00 30 20 06 00\n" +
        "110: 00 00 00 00 00 20 00 00 00 00 00 00 00 00 00 00\n";

    [Fact]
    public void FullDeviceCompatibleSpaceMatchesHandDerivedLspciDump()
    {
        var config = SampleFunctions.Full();

        string dump = config.ToLspciHex(ConfigSpace.CompatibleSize);

        Assert.Equal(GoldenCompatibleSpace, dump);
    }

    [Fact]
    public void FullDeviceExtendedSpaceStartsWithHandDerivedAerCapability()
    {
        var config = SampleFunctions.Full();

        string dump = config.ToLspciHex();

        Assert.StartsWith(GoldenCompatibleSpace + GoldenAerLines, dump, StringComparison.Ordinal);
        Assert.EndsWith("ff0: 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00\n", dump, StringComparison.Ordinal);
        Assert.Equal(256, dump.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(24)]
    [InlineData(4112)]
    public void ToLspciHexRejectsLengthThatIsNotWholeLinesWithinTheSpace(int byteCount)
    {
        var config = SampleFunctions.Full();

        Assert.Throws<ArgumentOutOfRangeException>(() => config.ToLspciHex(byteCount));
    }

    [Fact]
    public void ToLspciHexOfSixtyFourBytesIsTheLspciXForm()
    {
        var config = SampleFunctions.Full();

        string dump = config.ToLspciHex(64);

        Assert.Equal(GoldenCompatibleSpace[..(4 * LspciLineLength)], dump);
    }
}
