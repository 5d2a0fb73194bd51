using Cosim.Tlp.Link;

namespace Cosim.Tlp.Tests.Link;

/// <summary>
/// Byte-exact frames, each derived field by field. Header: 43 4C "CL" | 01 version | type | length (BE u32) |
/// sequence (BE u32) | device (BE u16) | function | flags. All carry sequence 0 (a reader or writer that was
/// established directly expects 0 first).
/// </summary>
internal static class LinkFrameVectors
{
    /// <summary>
    /// Tlps, channel device 3 function 0, one MSI: MWr 3 DW (Fmt 010b Type 00000b → 40h), Length 1 (00 01),
    /// Requester 01:00.0 (01 00), Tag 00, Last/First BE 0h/Fh (0F), Address FEE0_0000h, data 21 00 00 00.
    /// Body 16 bytes (00 00 00 10).
    /// </summary>
    public const string MsiTlps =
        "434C0110 00000010 00000000 00030000" +
        "40000001 0100000F FEE00000 21000000";

    /// <summary>
    /// Tlps, channel device 0 function 1, INTA asserted then deasserted: Msg 4 DW (Fmt 001b, Type 10100b: routing
    /// Local → 34h), Length reserved 0, Requester 01:00.1 (01 01), Tag 00, Message Code 20h (Assert_INTA) then 24h
    /// (Deassert_INTA), bytes 8-15 zero. Body 32 bytes (00 00 00 20).
    /// </summary>
    public const string IntxTlps =
        "434C0110 00000020 00000000 00000100" +
        "34000000 01010020 00000000 00000000" +
        "34000000 01010024 00000000 00000000";

    /// <summary>
    /// Tlps with flag Timestamped (01), device 3 function 0: timestamp 1E240h (123456) as a BE u64, then the MSI of
    /// <see cref="MsiTlps"/>. Body 8 + 16 = 24 bytes (00 00 00 18).
    /// </summary>
    public const string TimestampedMsiTlps =
        "434C0110 00000018 00000000 00030001" +
        "00000000 0001E240" +
        "40000001 0100000F FEE00000 21000000";

    /// <summary>KeepAlive (20h), body 8 bytes: token 0123456789ABCDEFh.</summary>
    public const string KeepAlive = "434C0120 00000008 00000000 00000000 01234567 89ABCDEF";

    /// <summary>DeviceReset (11h), device 3 (00 03), function 0, empty body.</summary>
    public const string DeviceReset = "434C0111 00000000 00000000 00030000";

    /// <summary>Error (30h), body 5 bytes: code 0001h ProtocolViolation, message "bad" (62 61 64).</summary>
    public const string Error = "434C0130 00000005 00000000 00000000 0001626164";

    /// <summary>
    /// Hello (01h), body 52 bytes (00 00 00 34): MinorVersion 0, AuthenticationMode 1 (HMAC-SHA256),
    /// MaxFrameBodyLength 65536 (00 01 00 00), Features 1 (TlpTimestamps), IdleTimeout 30000 ms (00 00 75 30),
    /// Nonce 01 02 .. 20.
    /// </summary>
    public const string Hello =
        "434C0101 00000034 00000000 00000000" +
        "00000001 00010000 00000000 00000001 00007530" +
        "01020304 05060708 090A0B0C 0D0E0F10 11121314 15161718 191A1B1C 1D1E1F20";

    /// <summary>HelloAck (02h): the same parameters, Nonce 21 22 .. 40.</summary>
    public const string HelloAck =
        "434C0102 00000034 00000000 00000000" +
        "00000001 00010000 00000000 00000001 00007530" +
        "21222324 25262728 292A2B2C 2D2E2F30 31323334 35363738 393A3B3C 3D3E3F40";

    /// <summary>Nonce 01 02 .. 20 (the Hello vector's).</summary>
    public static LinkNonce ClientNonce => LinkNonce.Read(LinkTestKit.Hex("0102030405060708090A0B0C0D0E0F101112131415161718191A1B1C1D1E1F20"));

    /// <summary>Nonce 21 22 .. 40 (the HelloAck vector's).</summary>
    public static LinkNonce ServerNonce => LinkNonce.Read(LinkTestKit.Hex("2122232425262728292A2B2C2D2E2F303132333435363738393A3B3C3D3E3F40"));

    /// <summary>The parameters both Hello vectors carry, with <paramref name="nonce"/>.</summary>
    public static LinkHello HelloWith(LinkNonce nonce) => new()
    {
        MinorVersion = 0,
        AuthenticationMode = LinkAuthenticationMode.HmacSha256,
        MaxFrameBodyLength = 65536,
        Features = LinkFeatures.TlpTimestamps,
        IdleTimeoutMilliseconds = 30000,
        Nonce = nonce,
    };

    /// <summary>
    /// HMAC-SHA256(<see cref="LinkTestKit.Secret"/>, "CosimLinkClient1" ‖ Hello body ‖ HelloAck body), computed
    /// independently with Python's hmac module.
    /// </summary>
    public const string ClientProof = "e6059776bc3e354191dd607fccf2222fd3564f2787b0c929a6e7a077f32a2bf3";

    /// <summary>The same with label "CosimLinkServer1".</summary>
    public const string ServerProof = "9ee1636c62bfe51cdfc27b86b631cf77819d7466176253fa161aec649928ffeb";

    /// <summary>Every traffic-phase vector, for prefix and split sweeps.</summary>
    public static TheoryData<string, string> TrafficFrames => new()
    {
        { nameof(MsiTlps), MsiTlps },
        { nameof(IntxTlps), IntxTlps },
        { nameof(TimestampedMsiTlps), TimestampedMsiTlps },
        { nameof(KeepAlive), KeepAlive },
        { nameof(DeviceReset), DeviceReset },
        { nameof(Error), Error },
    };
}
