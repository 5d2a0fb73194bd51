using System.Globalization;
using System.Net;

namespace Cosim.Server.Topology;

/// <summary>A TCP address as <c>host:port</c> (<c>127.0.0.1:7440</c>, <c>[::1]:7440</c>, <c>localhost:7440</c>, <c>sim-host:7440</c>).</summary>
/// <param name="Host">IP address or host name.</param>
/// <param name="Port">TCP port (0 = any free port, for listeners).</param>
public sealed record LinkAddress(string Host, int Port)
{
    /// <summary>Cosim's default link port.</summary>
    public const int DefaultPort = 7440;

    /// <summary>The default listen address: IPv4 loopback, <see cref="DefaultPort"/>.</summary>
    public static readonly LinkAddress DefaultListen = new("127.0.0.1", DefaultPort);

    /// <summary>True for a loopback IP address or the name <c>localhost</c>.</summary>
    public bool IsLoopback =>
        string.Equals(Host, "localhost", StringComparison.OrdinalIgnoreCase)
        || (IPAddress.TryParse(Host, out IPAddress? address) && IPAddress.IsLoopback(address));

    /// <summary>Parses <c>host:port</c>; on failure <paramref name="reason"/> says why.</summary>
    public static bool TryParse(string text, out LinkAddress address, out string reason)
    {
        address = DefaultListen;
        int colon = text.LastIndexOf(':');
        if (colon <= 0 || colon == text.Length - 1)
        {
            reason = $"'{text}' is not host:port (for example 127.0.0.1:{DefaultPort})";
            return false;
        }

        string host = text[..colon];
        if (host.StartsWith('[') && host.EndsWith(']'))
        {
            host = host[1..^1];
        }
        else if (host.Contains(':', StringComparison.Ordinal))
        {
            reason = $"'{text}': write an IPv6 address in brackets, as [::1]:{DefaultPort}";
            return false;
        }

        if (!int.TryParse(text.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out int port) || port > IPEndPoint.MaxPort)
        {
            reason = $"'{text}': the port must be a number 0-65535";
            return false;
        }

        if (host.Length == 0)
        {
            reason = $"'{text}': the host is missing";
            return false;
        }

        address = new LinkAddress(host, port);
        reason = string.Empty;
        return true;
    }

    /// <summary>Formats as <c>host:port</c>, IPv6 addresses in brackets.</summary>
    public override string ToString() =>
        Host.Contains(':', StringComparison.Ordinal)
            ? string.Create(CultureInfo.InvariantCulture, $"[{Host}]:{Port}")
            : string.Create(CultureInfo.InvariantCulture, $"{Host}:{Port}");
}
