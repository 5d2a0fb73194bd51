using System.Globalization;
using Cosim.Server.Checking;
using Cosim.Server.Models;
using Cosim.Tlp.Link;
using Microsoft.Extensions.Configuration;

namespace Cosim.Server.Topology;

/// <summary>
/// Reads and validates the topology from configuration (JSON file, environment, command line merged by
/// Microsoft.Extensions.Configuration). Every mistake is collected with its key path and reason; if there is any,
/// <see cref="Read"/> throws one <see cref="TopologyException"/> listing them all. Unknown keys inside the sections
/// Cosim owns are mistakes too (a misspelt key would otherwise be silently ignored).
/// </summary>
public static partial class TopologyReader
{
    private static readonly string[] s_linkKeys =
    [
        TopologyKeys.Listen, TopologyKeys.AllowRemote, TopologyKeys.Server, TopologyKeys.Secret, TopologyKeys.SecretFile,
        TopologyKeys.IdleTimeoutSeconds, TopologyKeys.MaxFrameBodyLength, TopologyKeys.HandshakeTimeoutSeconds,
        TopologyKeys.ReconnectDelayMilliseconds, TopologyKeys.ReconnectMaxDelayMilliseconds,
    ];

    private static readonly string[] s_traceKeys = [TopologyKeys.File];

    /// <summary>
    /// Reads <c>Devices</c>, <c>Link</c>, <c>Trace</c> and <c>CheckTlp</c>. With <paramref name="requireDevices"/> an empty device list is
    /// a mistake (run and serve); the endpoint may take its one device from the command line instead.
    /// </summary>
    /// <exception cref="TopologyException">The configuration has mistakes; each names its key.</exception>
    public static TopologyDefinition Read(IConfiguration configuration, ModelRegistry registry, bool requireDevices = true)
    {
        var errors = new ConfigurationErrors();
        IReadOnlyList<DeviceDefinition> devices = ReadDevices(configuration.GetSection(TopologyKeys.Devices), registry, requireDevices, errors);
        LinkSettings link = ReadLink(configuration.GetSection(TopologyKeys.Link), errors);
        string? traceFile = ReadTrace(configuration.GetSection(TopologyKeys.Trace), errors);
        CheckTlpSettings checkTlp = ReadCheckTlp(configuration.GetSection(TopologyKeys.CheckTlp), errors);
        errors.ThrowIfAny();
        return new TopologyDefinition(devices, link, traceFile, checkTlp);
    }

    private static LinkSettings ReadLink(IConfigurationSection section, ConfigurationErrors errors)
    {
        var link = new LinkSettings();
        if (!section.Exists())
        {
            return link;
        }

        RefuseUnknownKeys(section, s_linkKeys, errors);
        string listenPath = section.GetSection(TopologyKeys.Listen).Path;
        link = link with
        {
            Listen = ReadAddress(section, TopologyKeys.Listen, errors) ?? link.Listen,
            AllowRemote = ReadBoolean(section, TopologyKeys.AllowRemote, errors) ?? false,
            Server = ReadAddress(section, TopologyKeys.Server, errors) ?? link.Server,
            Secret = ReadSecret(section, errors),
        };

        if (ReadInteger(section, TopologyKeys.IdleTimeoutSeconds, 0, int.MaxValue / 1000, errors) is { } idle)
        {
            link = link with { IdleTimeout = TimeSpan.FromSeconds(idle) };
        }

        if (ReadInteger(section, TopologyKeys.MaxFrameBodyLength, LinkFrameHeader.MinimumMaxBodyLength, LinkFrameHeader.MaximumMaxBodyLength, errors) is { } frame)
        {
            link = link with { MaxFrameBodyLength = (int)frame };
        }

        if (ReadInteger(section, TopologyKeys.HandshakeTimeoutSeconds, 1, 3600, errors) is { } handshake)
        {
            link = link with { HandshakeTimeout = TimeSpan.FromSeconds(handshake) };
        }

        if (ReadInteger(section, TopologyKeys.ReconnectDelayMilliseconds, 1, 3_600_000, errors) is { } delay)
        {
            link = link with { ReconnectDelay = TimeSpan.FromMilliseconds(delay) };
        }

        if (ReadInteger(section, TopologyKeys.ReconnectMaxDelayMilliseconds, 1, 3_600_000, errors) is { } maxDelay)
        {
            link = link with { ReconnectMaxDelay = TimeSpan.FromMilliseconds(maxDelay) };
        }

        if (link.ReconnectMaxDelay < link.ReconnectDelay)
        {
            errors.Add(section.GetSection(TopologyKeys.ReconnectMaxDelayMilliseconds).Path, "must not be below ReconnectDelayMilliseconds");
        }

        // docs/wire-protocol.md §11: another address needs an explicit option AND a shared secret.
        if (!link.Listen.IsLoopback)
        {
            if (!link.AllowRemote)
            {
                errors.Add(listenPath, $"{link.Listen} is not a loopback address; listening on it needs {TopologyKeys.Link}:{TopologyKeys.AllowRemote}=true and a shared secret");
            }
            else if (link.Secret is null)
            {
                errors.Add(listenPath, $"{link.Listen} is not a loopback address; a shared secret ({TopologyKeys.Link}:{TopologyKeys.Secret} or {TopologyKeys.Link}:{TopologyKeys.SecretFile}) is required");
            }
        }

        if (!link.Server.IsLoopback && link.Secret is null && section.GetSection(TopologyKeys.Server).Value is not null)
        {
            errors.Add(section.GetSection(TopologyKeys.Server).Path, $"{link.Server} is not a loopback address; connecting to it needs a shared secret ({TopologyKeys.Link}:{TopologyKeys.Secret} or {TopologyKeys.Link}:{TopologyKeys.SecretFile})");
        }

        return link;
    }

    private static byte[]? ReadSecret(IConfigurationSection section, ConfigurationErrors errors)
    {
        IConfigurationSection hexSection = section.GetSection(TopologyKeys.Secret);
        IConfigurationSection fileSection = section.GetSection(TopologyKeys.SecretFile);
        if (hexSection.Value is not null && fileSection.Value is not null)
        {
            errors.Add(fileSection.Path, $"give {TopologyKeys.Secret} or {TopologyKeys.SecretFile}, not both");
            return null;
        }

        byte[]? secret = null;
        string? path = null;
        if (hexSection.Value is { } hex)
        {
            path = hexSection.Path;
            if (!TryDecodeHex(hex, out secret))
            {
                errors.Add(path, "not a hex string (use 64 hex digits, e.g. from `openssl rand -hex 32`)");
                return null;
            }
        }
        else if (fileSection.Value is { } file)
        {
            path = fileSection.Path;
            try
            {
                byte[] content = File.ReadAllBytes(file);
                string text = System.Text.Encoding.ASCII.GetString(content).Trim();
                secret = TryDecodeHex(text, out byte[]? decoded) ? decoded : content;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                errors.Add(path, $"cannot read '{file}': {e.Message}");
                return null;
            }
        }

        if (secret is null)
        {
            return null;
        }

        if (secret.Length < LinkAuthenticator.MinimumSecretBytes)
        {
            errors.Add(path!, string.Create(CultureInfo.InvariantCulture, $"the shared secret is {secret.Length} bytes; it must be at least {LinkAuthenticator.MinimumSecretBytes} random bytes (32 recommended)"));
            return null;
        }

        return secret;
    }

    private static string? ReadTrace(IConfigurationSection section, ConfigurationErrors errors)
    {
        if (!section.Exists())
        {
            return null;
        }

        RefuseUnknownKeys(section, s_traceKeys, errors);
        string? file = section.GetSection(TopologyKeys.File).Value;
        if (string.IsNullOrWhiteSpace(file))
        {
            return null;
        }

        if (!file.EndsWith(".jsonl", StringComparison.OrdinalIgnoreCase) && !file.EndsWith(".pcapng", StringComparison.OrdinalIgnoreCase))
        {
            errors.Add(section.GetSection(TopologyKeys.File).Path, $"'{file}': the trace file name ends in .jsonl (JSON lines) or .pcapng (Wireshark)");
            return null;
        }

        return Path.GetFullPath(file);
    }

    private static void RefuseUnknownKeys(IConfigurationSection section, IReadOnlyCollection<string> known, ConfigurationErrors errors)
    {
        foreach (IConfigurationSection child in section.GetChildren())
        {
            bool isKnown = false;
            foreach (string key in known)
            {
                if (string.Equals(key, child.Key, StringComparison.OrdinalIgnoreCase))
                {
                    isKnown = true;
                    break;
                }
            }

            if (!isKnown)
            {
                errors.Add(child.Path, $"unknown key; known: {string.Join(", ", known)}");
            }
        }
    }

    private static LinkAddress? ReadAddress(IConfigurationSection section, string key, ConfigurationErrors errors)
    {
        IConfigurationSection value = section.GetSection(key);
        if (value.Value is not { } text)
        {
            return null;
        }

        if (!LinkAddress.TryParse(text, out LinkAddress address, out string reason))
        {
            errors.Add(value.Path, reason);
            return null;
        }

        return address;
    }

    private static bool? ReadBoolean(IConfigurationSection section, string key, ConfigurationErrors errors)
    {
        IConfigurationSection value = section.GetSection(key);
        if (value.Value is not { } text)
        {
            return null;
        }

        if (!bool.TryParse(text, out bool result))
        {
            errors.Add(value.Path, $"'{text}' is not true or false");
            return null;
        }

        return result;
    }

    private static long? ReadInteger(IConfigurationSection section, string key, long minimum, long maximum, ConfigurationErrors errors)
    {
        IConfigurationSection value = section.GetSection(key);
        if (value.Value is not { } text)
        {
            return null;
        }

        if (!DeviceOptions.TryParseSize(text, out ulong number) || number > long.MaxValue)
        {
            errors.Add(value.Path, $"'{text}' is not a number");
            return null;
        }

        if ((long)number < minimum || (long)number > maximum)
        {
            errors.Add(value.Path, string.Create(CultureInfo.InvariantCulture, $"{number} is out of range {minimum}-{maximum}"));
            return null;
        }

        return (long)number;
    }

    private static bool TryDecodeHex(string text, out byte[]? bytes)
    {
        bytes = null;
        string trimmed = text.Trim();
        if (trimmed.Length == 0 || trimmed.Length % 2 != 0 || !trimmed.All(Uri.IsHexDigit))
        {
            return false;
        }

        bytes = Convert.FromHexString(trimmed);
        return true;
    }
}
