namespace Cosim.Server.Topology;

/// <summary>The configuration keys Cosim reads (case-insensitive, as Microsoft.Extensions.Configuration is).</summary>
public static class TopologyKeys
{
    /// <summary>The device list (a JSON array).</summary>
    public const string Devices = "Devices";

    /// <summary>Device: unique name.</summary>
    public const string Name = "Name";

    /// <summary>Device: registered model name.</summary>
    public const string Model = "Model";

    /// <summary>Device: identity register overrides.</summary>
    public const string Identity = "Identity";

    /// <summary>Device: model options.</summary>
    public const string Options = "Options";

    /// <summary>Device: how QEMU reaches it.</summary>
    public const string Attachment = "Attachment";

    /// <summary>Attachment: vfio-user socket in the hosting process.</summary>
    public const string VfioUser = "VfioUser";

    /// <summary>Attachment: served over the Cosim link.</summary>
    public const string Tcp = "Tcp";

    /// <summary>Attachment: vfio-user socket path.</summary>
    public const string Socket = "Socket";

    /// <summary>Attachment: socket file permissions, octal.</summary>
    public const string Mode = "Mode";

    /// <summary>The Cosim link section.</summary>
    public const string Link = "Link";

    /// <summary>Link: address the server listens on.</summary>
    public const string Listen = "Listen";

    /// <summary>Link: allow a non-loopback listen address.</summary>
    public const string AllowRemote = "AllowRemote";

    /// <summary>Link: address the endpoint connects to.</summary>
    public const string Server = "Server";

    /// <summary>Link: shared secret, hex.</summary>
    public const string Secret = "Secret";

    /// <summary>Link: file holding the shared secret.</summary>
    public const string SecretFile = "SecretFile";

    /// <summary>Link: idle timeout in seconds.</summary>
    public const string IdleTimeoutSeconds = "IdleTimeoutSeconds";

    /// <summary>Link: largest frame body accepted.</summary>
    public const string MaxFrameBodyLength = "MaxFrameBodyLength";

    /// <summary>Link: handshake timeout in seconds.</summary>
    public const string HandshakeTimeoutSeconds = "HandshakeTimeoutSeconds";

    /// <summary>Link: first reconnect delay of the endpoint.</summary>
    public const string ReconnectDelayMilliseconds = "ReconnectDelayMilliseconds";

    /// <summary>Link: longest reconnect delay of the endpoint.</summary>
    public const string ReconnectMaxDelayMilliseconds = "ReconnectMaxDelayMilliseconds";

    /// <summary>The trace section.</summary>
    public const string Trace = "Trace";

    /// <summary>Trace: output file (.jsonl or .pcapng).</summary>
    public const string File = "File";

    /// <summary>Identity: Vendor ID.</summary>
    public const string VendorId = "VendorId";

    /// <summary>Identity: Device ID.</summary>
    public const string DeviceId = "DeviceId";

    /// <summary>Identity: Subsystem Vendor ID.</summary>
    public const string SubsystemVendorId = "SubsystemVendorId";

    /// <summary>Identity: Subsystem ID.</summary>
    public const string SubsystemId = "SubsystemId";

    /// <summary>Identity: Class Code.</summary>
    public const string ClassCode = "ClassCode";

    /// <summary>Identity: Revision ID.</summary>
    public const string RevisionId = "RevisionId";

    /// <summary>Top level or device: run the TLP protocol checker on device links (boolean, or an object at top level).</summary>
    public const string CheckTlp = "CheckTlp";

    /// <summary>CheckTlp: on or off (the object form of the top-level key).</summary>
    public const string Enabled = "Enabled";

    /// <summary>CheckTlp: how long a non-posted request may wait for its completions.</summary>
    public const string CompletionTimeoutMilliseconds = "CompletionTimeoutMilliseconds";

    /// <summary>Device: error injection rules (a JSON array).</summary>
    public const string Inject = "Inject";

    /// <summary>Inject rule: the request type matched, MemRd or MemWr.</summary>
    public const string Request = "Request";

    /// <summary>Inject rule: the address range matched, FIRST-LAST inclusive.</summary>
    public const string Address = "Address";

    /// <summary>Inject rule: the first matching request acted on (1-based).</summary>
    public const string Nth = "Nth";

    /// <summary>Inject rule: how many matching requests are acted on.</summary>
    public const string Count = "Count";

    /// <summary>Inject rule: CA, UR, Poison, Drop or Delay.</summary>
    public const string Action = "Action";

    /// <summary>Inject rule: the extra latency of Delay.</summary>
    public const string DelayMilliseconds = "DelayMilliseconds";
}
