using Cosim.Server.Topology;

namespace Cosim.Server.Tests.Topology;

public sealed class TopologyReaderTests
{
    private const string TwoDevices = """
        {
          "devices": [
            { "name": "test0", "model": "cosim-test", "attachment": { "vfioUser": { "socket": "/tmp/cosim-a.sock" } } },
            { "name": "test1", "model": "cosim-test", "attachment": { "tcp": { "socket": "/tmp/cosim-b.sock", "mode": "0660" } } }
          ],
          "link": { "listen": "127.0.0.1:7555", "idleTimeoutSeconds": 5 },
          "trace": { "file": "/tmp/x.jsonl" }
        }
        """;

    [Fact]
    public void ReadTakesDevicesInOrderWithTheirAttachments()
    {
        TopologyDefinition topology = TopologyJson.Read(TwoDevices);

        Assert.Equal(2, topology.Devices.Count);
        Assert.Equal(("test0", 0, AttachmentKind.VfioUser, "/tmp/cosim-a.sock"), (topology.Devices[0].Name, topology.Devices[0].Index, topology.Devices[0].Attachment.Kind, topology.Devices[0].Attachment.SocketPath));
        Assert.Equal(DeviceAttachment.DefaultSocketMode, topology.Devices[0].Attachment.SocketMode);
        Assert.Equal(AttachmentKind.Tcp, topology.Devices[1].Attachment.Kind);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.GroupWrite, topology.Devices[1].Attachment.SocketMode);
        Assert.Equal(new LinkAddress("127.0.0.1", 7555), topology.Link.Listen);
        Assert.Equal(TimeSpan.FromSeconds(5), topology.Link.IdleTimeout);
        Assert.Equal("/tmp/x.jsonl", topology.TraceFile);
    }

    [Fact]
    public void CommandLineOverridesReplaceFileValues()
    {
        TopologyDefinition topology = TopologyJson.Read(TwoDevices, new Dictionary<string, string?> { ["Link:Listen"] = "127.0.0.1:9000" });

        Assert.Equal(9000, topology.Link.Listen.Port);
    }

    [Fact]
    public void UnknownModelNamesTheKeyAndTheKnownModels()
    {
        IReadOnlyList<ConfigurationError> errors = TopologyJson.Errors("""
            { "Devices": [
                { "Name": "a", "Model": "cosim-test", "Attachment": { "VfioUser": { "Socket": "/tmp/a.sock" } } },
                { "Name": "b", "Model": "foo", "Attachment": { "VfioUser": { "Socket": "/tmp/b.sock" } } } ] }
            """);

        ConfigurationError error = Assert.Single(errors);
        Assert.Equal("Devices:1:Model", error.KeyPath);
        Assert.Equal("unknown model 'foo'; known: pci-epf-test, edu, nvme, cosim-test, overridable, rtl:pci-epf-test", error.Reason);
    }

    [Fact]
    public void EveryMistakeIsReportedAtOnce()
    {
        IReadOnlyList<ConfigurationError> errors = TopologyJson.Errors("""
            { "Devices": [
                { "Model": "cosim-test", "Attachment": { "VfioUser": { "Socket": "/tmp/a.sock" } } },
                { "Name": "b", "Attachment": { "VfioUser": { "Socket": "/tmp/b.sock" } } } ] }
            """);

        Assert.Equal(["Devices:0:Name", "Devices:1:Model"], errors.Select(e => e.KeyPath));
    }

    [Fact]
    public void IdentityOverridesAndOptionsReachTheDefinition()
    {
        TopologyDefinition topology = TopologyJson.Read("""
            { "Devices": [ { "Name": "a", "Model": "overridable", "Identity": { "VendorId": "0x8086", "SubsystemId": "4660", "ClassCode": "0x010802" },
                             "Options": { "Size": "64K" }, "Attachment": { "Tcp": { } } } ] }
            """);

        DeviceDefinition device = topology.Devices[0];
        Assert.Equal(new IdentityOverrides { VendorId = 0x8086, SubsystemId = 4660, ClassCode = 0x010802 }, device.Identity);
        Assert.Equal("64K", device.Options["size"]);
    }

    [Fact]
    public void DuplicateNamesAreRefused()
    {
        IReadOnlyList<ConfigurationError> errors = TopologyJson.Errors("""
            { "Devices": [
                { "Name": "same", "Model": "cosim-test", "Attachment": { "VfioUser": { "Socket": "/tmp/a.sock" } } },
                { "Name": "SAME", "Model": "cosim-test", "Attachment": { "VfioUser": { "Socket": "/tmp/b.sock" } } } ] }
            """);

        ConfigurationError error = Assert.Single(errors);
        Assert.Equal("Devices:1:Name", error.KeyPath);
        Assert.Contains("duplicate device name 'SAME' (also Devices:0:Name)", error.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void DuplicateSocketsAreRefusedAcrossAttachmentKinds()
    {
        IReadOnlyList<ConfigurationError> errors = TopologyJson.Errors("""
            { "Devices": [
                { "Name": "a", "Model": "cosim-test", "Attachment": { "VfioUser": { "Socket": "/tmp/same.sock" } } },
                { "Name": "b", "Model": "cosim-test", "Attachment": { "Tcp": { "Socket": "/tmp/../tmp/same.sock" } } } ] }
            """);

        ConfigurationError error = Assert.Single(errors);
        Assert.Equal("Devices:1:Attachment:Tcp:Socket", error.KeyPath);
        Assert.Equal("duplicate socket '/tmp/same.sock' (also Devices:0:Attachment:VfioUser:Socket)", error.Reason);
    }

    [Fact]
    public void NoDevicesIsRefused()
    {
        ConfigurationError error = Assert.Single(TopologyJson.Errors("""{ "Link": { "Listen": "127.0.0.1:1" } }"""));

        Assert.Equal("Devices", error.KeyPath);
    }

    [Fact]
    public void DevicesMustBeAnArray()
    {
        ConfigurationError error = Assert.Single(TopologyJson.Errors("""{ "Devices": { "first": { "Name": "a" } } }"""));

        Assert.Equal("Devices:first", error.KeyPath);
        Assert.Contains("JSON array", error.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{ "Name": "a b", "Model": "cosim-test", "Attachment": { "VfioUser": { "Socket": "/tmp/a.sock" } } }""", "Devices:0:Name", "is not a valid name")]
    [InlineData("""{ "Name": "a", "Model": "cosim-test" }""", "Devices:0:Attachment", "missing")]
    [InlineData("""{ "Name": "a", "Model": "cosim-test", "Attachment": { "VfioUser": { "Socket": "/tmp/a.sock" }, "Tcp": { "Socket": "/tmp/b.sock" } } }""", "Devices:0:Attachment", "not both")]
    [InlineData("""{ "Name": "a", "Model": "cosim-test", "Attachment": { } }""", "Devices:0:Attachment", "missing")]
    [InlineData("""{ "Name": "a", "Model": "cosim-test", "Attachment": { "VfioUser": { } } }""", "Devices:0:Attachment:VfioUser:Socket", "missing")]
    [InlineData("""{ "Name": "a", "Model": "cosim-test", "Attachment": { "VfioUser": { "Mode": "0600" } } }""", "Devices:0:Attachment:VfioUser:Socket", "missing")]
    [InlineData("""{ "Name": "a", "Model": "cosim-test", "Attachment": { "VfioUser": { "Socket": "/tmp/a.sock", "Mode": "0800" } } }""", "Devices:0:Attachment:VfioUser:Mode", "not an octal file mode")]
    [InlineData("""{ "Name": "a", "Model": "cosim-test", "Attachment": { "Unix": { "Socket": "/tmp/a.sock" } } }""", "Devices:0:Attachment:Unix", "unknown key")]
    [InlineData("""{ "Name": "a", "Modle": "cosim-test", "Model": "cosim-test", "Attachment": { "Tcp": { } } }""", "Devices:0:Modle", "unknown key; known: Name, Model, Identity, Options, Attachment")]
    [InlineData("""{ "Name": "a", "Model": "overridable", "Options": { "Sise": "4K" }, "Attachment": { "Tcp": { } } }""", "Devices:0:Options:Sise", "model 'overridable' has no option 'Sise'; known: Size")]
    [InlineData("""{ "Name": "a", "Model": "cosim-test", "Identity": { "VendorId": "0x8086" }, "Attachment": { "Tcp": { "Socket": "/tmp/a.sock" } } }""", "Devices:0:Identity", "model 'cosim-test' has a fixed identity and does not accept overrides")]
    [InlineData("""{ "Name": "a", "Model": "overridable", "Identity": { "VendorId": "0x10000" }, "Attachment": { "Tcp": { "Socket": "/tmp/a.sock" } } }""", "Devices:0:Identity:VendorId", "does not fit the register")]
    [InlineData("""{ "Name": "a", "Model": "overridable", "Identity": { "VendorId": "0xffff" }, "Attachment": { "Tcp": { "Socket": "/tmp/a.sock" } } }""", "Devices:0:Identity:VendorId", "not a valid Vendor ID")]
    [InlineData("""{ "Name": "a", "Model": "overridable", "Identity": { "DeviceId": "x" }, "Attachment": { "Tcp": { "Socket": "/tmp/a.sock" } } }""", "Devices:0:Identity:DeviceId", "is not a number")]
    [InlineData("""{ "Name": "a", "Model": "overridable", "Identity": { "Vendor": "1" }, "Attachment": { "Tcp": { "Socket": "/tmp/a.sock" } } }""", "Devices:0:Identity:Vendor", "unknown key")]
    [InlineData("""{ "Name": "a", "Model": "cosim-test", "Options": { "Size": "4K" }, "Attachment": { "Tcp": { "Socket": "/tmp/a.sock" } } }""", "Devices:0:Options:Size", "model 'cosim-test' has no option 'Size'; it takes no options")]
    [InlineData("""{ "Name": "a", "Attachment": { "Tcp": { "Socket": "/tmp/a.sock" } } }""", "Devices:0:Model", "missing; known models: pci-epf-test, edu, nvme, cosim-test, overridable, rtl:pci-epf-test")]
    public void DeviceMistakeNamesItsKeyAndReason(string device, string keyPath, string reason)
    {
        IReadOnlyList<ConfigurationError> errors = TopologyJson.Errors($$"""{ "Devices": [ {{device}} ] }""");

        ConfigurationError error = Assert.Single(errors);
        Assert.Equal(keyPath, error.KeyPath);
        Assert.Contains(reason, error.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{ "Listen": "0.0.0.0:7440" }""", "Link:Listen", "needs Link:AllowRemote=true and a shared secret")]
    [InlineData("""{ "Listen": "0.0.0.0:7440", "AllowRemote": true }""", "Link:Listen", "a shared secret (Link:Secret or Link:SecretFile) is required")]
    [InlineData("""{ "Listen": "127.0.0.1" }""", "Link:Listen", "is not host:port")]
    [InlineData("""{ "Listen": "127.0.0.1:99999" }""", "Link:Listen", "the port must be a number 0-65535")]
    [InlineData("""{ "Listen": "::1:7440" }""", "Link:Listen", "in brackets")]
    [InlineData("""{ "Server": "10.1.2.3:7440" }""", "Link:Server", "needs a shared secret")]
    [InlineData("""{ "Secret": "00112233" }""", "Link:Secret", "it must be at least 16 random bytes")]
    [InlineData("""{ "Secret": "not hex" }""", "Link:Secret", "not a hex string")]
    [InlineData("""{ "Secret": "00112233001122330011223300112233", "SecretFile": "/x" }""", "Link:SecretFile", "not both")]
    [InlineData("""{ "SecretFile": "/nonexistent/cosim.key" }""", "Link:SecretFile", "cannot read '/nonexistent/cosim.key'")]
    [InlineData("""{ "AllowRemote": "yes" }""", "Link:AllowRemote", "is not true or false")]
    [InlineData("""{ "MaxFrameBodyLength": 100 }""", "Link:MaxFrameBodyLength", "out of range 8192-16777216")]
    [InlineData("""{ "ReconnectDelayMilliseconds": 500, "ReconnectMaxDelayMilliseconds": 100 }""", "Link:ReconnectMaxDelayMilliseconds", "must not be below")]
    [InlineData("""{ "Port": 1 }""", "Link:Port", "unknown key")]
    public void LinkMistakeNamesItsKeyAndReason(string link, string keyPath, string reason)
    {
        IReadOnlyList<ConfigurationError> errors = TopologyJson.Errors($$"""
            { "Devices": [ { "Name": "a", "Model": "cosim-test", "Attachment": { "Tcp": { } } } ], "Link": {{link}} }
            """);

        ConfigurationError error = Assert.Single(errors);
        Assert.Equal(keyPath, error.KeyPath);
        Assert.Contains(reason, error.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void RemoteListeningWithAllowRemoteAndSecretIsAccepted()
    {
        TopologyDefinition topology = TopologyJson.Read("""
            { "Devices": [ { "Name": "a", "Model": "cosim-test", "Attachment": { "Tcp": { } } } ],
              "Link": { "Listen": "0.0.0.0:7440", "AllowRemote": true, "Secret": "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f" } }
            """);

        Assert.Equal(32, topology.Link.Secret!.Length);
        Assert.Null(topology.Devices[0].Attachment.SocketPath);
    }

    [Fact]
    public void SecretFileHoldsHexOrRawBytes()
    {
        string hexFile = Path.Combine(Path.GetTempPath(), $"cosim-{Guid.NewGuid():N}.key");
        string rawFile = hexFile + ".raw";
        File.WriteAllText(hexFile, "000102030405060708090a0b0c0d0e0f\n");
        File.WriteAllBytes(rawFile, [.. Enumerable.Range(100, 20).Select(i => (byte)i)]);
        try
        {
            TopologyDefinition hex = TopologyJson.Read($$"""{ "Devices": [ { "Name": "a", "Model": "cosim-test", "Attachment": { "Tcp": { } } } ], "Link": { "SecretFile": "{{hexFile}}" } }""");
            TopologyDefinition raw = TopologyJson.Read($$"""{ "Devices": [ { "Name": "a", "Model": "cosim-test", "Attachment": { "Tcp": { } } } ], "Link": { "SecretFile": "{{rawFile}}" } }""");

            Assert.Equal(Enumerable.Range(0, 16).Select(i => (byte)i), hex.Link.Secret!);
            Assert.Equal(20, raw.Link.Secret!.Length);
        }
        finally
        {
            File.Delete(hexFile);
            File.Delete(rawFile);
        }
    }

    [Fact]
    public void TraceFileMustBeJsonLinesOrPcapng()
    {
        ConfigurationError error = Assert.Single(TopologyJson.Errors("""
            { "Devices": [ { "Name": "a", "Model": "cosim-test", "Attachment": { "Tcp": { } } } ], "Trace": { "File": "/tmp/x.txt" } }
            """));

        Assert.Equal("Trace:File", error.KeyPath);
    }

    [Fact]
    public void DeviceIndexGapsFromOverridesAreRefused()
    {
        var overrides = new Dictionary<string, string?> { ["Devices:2:Name"] = "late" };

        TopologyException exception = Assert.Throws<TopologyException>(() => TopologyJson.Read("""
            { "Devices": [ { "Name": "a", "Model": "cosim-test", "Attachment": { "Tcp": { } } } ] }
            """, overrides));

        Assert.Contains(exception.Errors, e => e.KeyPath == "Devices:2" && e.Reason.Contains("without gaps", StringComparison.Ordinal));
    }
}
