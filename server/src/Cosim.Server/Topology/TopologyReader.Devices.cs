using System.Globalization;
using System.Text.RegularExpressions;
using Cosim.Server.Injection;
using Cosim.Server.Models;
using Cosim.Tlp.Config;
using Microsoft.Extensions.Configuration;

namespace Cosim.Server.Topology;

// Devices: names, models, identity overrides, options and attachments; duplicates of names and sockets.
public static partial class TopologyReader
{
    private const int MaxNameLength = 64;
    private const uint MaxSocketMode = 0x1FF; // 0777

    private static readonly string[] s_deviceKeys =
        [
            TopologyKeys.Name, TopologyKeys.Model, TopologyKeys.Identity, TopologyKeys.Options, TopologyKeys.Attachment,
            TopologyKeys.CheckTlp, TopologyKeys.Inject,
        ];

    private static readonly string[] s_identityKeys =
    [
        TopologyKeys.VendorId, TopologyKeys.DeviceId, TopologyKeys.SubsystemVendorId, TopologyKeys.SubsystemId,
        TopologyKeys.ClassCode, TopologyKeys.RevisionId,
    ];

    private static readonly string[] s_attachmentKeys = [TopologyKeys.VfioUser, TopologyKeys.Tcp];
    private static readonly string[] s_socketKeys = [TopologyKeys.Socket, TopologyKeys.Mode];

    private static IReadOnlyList<DeviceDefinition> ReadDevices(
        IConfigurationSection section,
        ModelRegistry registry,
        bool requireDevices,
        ConfigurationErrors errors)
    {
        var devices = new List<DeviceDefinition>();
        var children = section.GetChildren().ToList();
        if (children.Count == 0)
        {
            if (requireDevices)
            {
                errors.Add(section.Path, "no device is defined; add at least one entry to the Devices array");
            }

            return devices;
        }

        var names = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var sockets = new Dictionary<string, string>(StringComparer.Ordinal);
        int expected = 0;
        foreach (IConfigurationSection child in children.OrderBy(c => int.TryParse(c.Key, CultureInfo.InvariantCulture, out int i) ? i : int.MaxValue))
        {
            if (!int.TryParse(child.Key, NumberStyles.None, CultureInfo.InvariantCulture, out int index))
            {
                errors.Add(child.Path, "Devices is a JSON array of device objects; this key is not an array index");
                continue;
            }

            if (index != expected)
            {
                errors.Add(child.Path, string.Create(CultureInfo.InvariantCulture, $"devices are numbered from 0 without gaps; expected Devices:{expected}"));
                expected = index;
            }

            expected++;
            DeviceDefinition? device = ReadDevice(child, index, registry, errors);
            if (device is null)
            {
                continue;
            }

            if (names.TryGetValue(device.Name, out string? firstPath))
            {
                errors.Add(child.GetSection(TopologyKeys.Name).Path, $"duplicate device name '{device.Name}' (also {firstPath})");
            }
            else
            {
                names.Add(device.Name, child.GetSection(TopologyKeys.Name).Path);
            }

            if (device.Attachment.SocketPath is { } socket)
            {
                string socketPath = $"{child.Path}:{TopologyKeys.Attachment}:{device.Attachment.Kind}:{TopologyKeys.Socket}";
                if (sockets.TryGetValue(socket, out string? firstSocket))
                {
                    errors.Add(socketPath, $"duplicate socket '{socket}' (also {firstSocket})");
                }
                else
                {
                    sockets.Add(socket, socketPath);
                }
            }

            devices.Add(device);
        }

        return devices;
    }

    private static DeviceDefinition? ReadDevice(IConfigurationSection section, int index, ModelRegistry registry, ConfigurationErrors errors)
    {
        int before = errors.Count;
        RefuseUnknownKeys(section, s_deviceKeys, errors);

        IConfigurationSection nameSection = section.GetSection(TopologyKeys.Name);
        string? name = nameSection.Value;
        if (string.IsNullOrWhiteSpace(name))
        {
            errors.Add(nameSection.Path, "missing; every device needs a unique name");
        }
        else if (name.Length > MaxNameLength || !NamePattern().IsMatch(name))
        {
            errors.Add(nameSection.Path, $"'{name}' is not a valid name: 1-{MaxNameLength} letters, digits, '.', '_' or '-', starting with a letter or digit");
        }

        IConfigurationSection modelSection = section.GetSection(TopologyKeys.Model);
        string? modelName = modelSection.Value;
        ModelDescriptor? model = null;
        if (string.IsNullOrWhiteSpace(modelName))
        {
            errors.Add(modelSection.Path, $"missing; known models: {registry.KnownModels()}");
        }
        else if (!registry.TryGet(modelName, out model))
        {
            errors.Add(modelSection.Path, registry.ExplainUnknown(modelName));
        }

        IdentityOverrides identity = ReadIdentity(section.GetSection(TopologyKeys.Identity), model, errors);
        IReadOnlyDictionary<string, string> options = ReadOptions(section.GetSection(TopologyKeys.Options), model, errors);
        DeviceAttachment? attachment = ReadAttachment(section.GetSection(TopologyKeys.Attachment), errors);
        bool? checkTlp = ReadBoolean(section, TopologyKeys.CheckTlp, errors);
        IReadOnlyList<InjectionRule> inject = ReadInjectionRules(section.GetSection(TopologyKeys.Inject), errors);

        if (errors.Count != before || attachment is null)
        {
            return null;
        }

        return new DeviceDefinition(index, name!, model!.Name, identity, options, attachment, checkTlp, inject);
    }

    private static IdentityOverrides ReadIdentity(IConfigurationSection section, ModelDescriptor? model, ConfigurationErrors errors)
    {
        if (!section.Exists())
        {
            return IdentityOverrides.None;
        }

        RefuseUnknownKeys(section, s_identityKeys, errors);
        var identity = new IdentityOverrides
        {
            VendorId = (ushort?)ReadRegister(section, TopologyKeys.VendorId, ushort.MaxValue, errors),
            DeviceId = (ushort?)ReadRegister(section, TopologyKeys.DeviceId, ushort.MaxValue, errors),
            SubsystemVendorId = (ushort?)ReadRegister(section, TopologyKeys.SubsystemVendorId, ushort.MaxValue, errors),
            SubsystemId = (ushort?)ReadRegister(section, TopologyKeys.SubsystemId, ushort.MaxValue, errors),
            ClassCode = (uint?)ReadRegister(section, TopologyKeys.ClassCode, FunctionIdentity.MaxClassCode, errors),
            RevisionId = (byte?)ReadRegister(section, TopologyKeys.RevisionId, byte.MaxValue, errors),
        };

        if (identity.VendorId == FunctionIdentity.InvalidVendorId)
        {
            errors.Add(section.GetSection(TopologyKeys.VendorId).Path, "0xFFFF is what a read of an absent function returns; it is not a valid Vendor ID");
        }

        if (model is not null && !identity.IsEmpty && !model.AcceptsIdentityOverrides)
        {
            errors.Add(section.Path, $"model '{model.Name}' has a fixed identity and does not accept overrides; remove {TopologyKeys.Identity}");
        }

        return identity;
    }

    private static ulong? ReadRegister(IConfigurationSection section, string key, ulong maximum, ConfigurationErrors errors)
    {
        IConfigurationSection value = section.GetSection(key);
        if (value.Value is not { } text)
        {
            return null;
        }

        if (!DeviceOptions.TryParseSize(text, out ulong number))
        {
            errors.Add(value.Path, $"'{text}' is not a number (write hex as 0x1234)");
            return null;
        }

        if (number > maximum)
        {
            errors.Add(value.Path, string.Create(CultureInfo.InvariantCulture, $"0x{number:x} does not fit the register (at most 0x{maximum:x})"));
            return null;
        }

        return number;
    }

    private static IReadOnlyDictionary<string, string> ReadOptions(IConfigurationSection section, ModelDescriptor? model, ConfigurationErrors errors)
    {
        var options = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        if (!section.Exists())
        {
            return options;
        }

        foreach (KeyValuePair<string, string?> pair in section.AsEnumerable(makePathsRelative: true))
        {
            if (pair.Value is not null)
            {
                options[pair.Key] = pair.Value;
            }
        }

        if (model is not null)
        {
            foreach (IConfigurationSection child in section.GetChildren())
            {
                if (!model.OptionKeys.Contains(child.Key, StringComparer.OrdinalIgnoreCase))
                {
                    string known = model.OptionKeys.Count == 0 ? "it takes no options" : $"known: {string.Join(", ", model.OptionKeys)}";
                    errors.Add(child.Path, $"model '{model.Name}' has no option '{child.Key}'; {known}");
                }
            }
        }

        return options;
    }

    private static DeviceAttachment? ReadAttachment(IConfigurationSection section, ConfigurationErrors errors)
    {
        if (!section.Exists() && section.Value is null)
        {
            errors.Add(section.Path, $"missing; give {{\"{TopologyKeys.VfioUser}\": {{\"{TopologyKeys.Socket}\": \"/path\"}}}} or {{\"{TopologyKeys.Tcp}\": {{}}}}");
            return null;
        }

        int before = errors.Count;
        RefuseUnknownKeys(section, s_attachmentKeys, errors);
        IConfigurationSection vfioUser = section.GetSection(TopologyKeys.VfioUser);
        IConfigurationSection tcp = section.GetSection(TopologyKeys.Tcp);

        // A JSON "{}" is a key with a null value: "Tcp": {} shows only among the parent's children, not in Exists().
        bool hasVfioUser = HasChild(section, TopologyKeys.VfioUser);
        bool hasTcp = HasChild(section, TopologyKeys.Tcp);
        if (hasVfioUser == hasTcp)
        {
            if (errors.Count != before && !hasTcp)
            {
                return null;
            }

            errors.Add(section.Path, hasTcp
                ? $"give one attachment, {TopologyKeys.VfioUser} or {TopologyKeys.Tcp}, not both"
                : $"give {TopologyKeys.VfioUser} or {TopologyKeys.Tcp}");
            return null;
        }

        AttachmentKind kind = hasVfioUser ? AttachmentKind.VfioUser : AttachmentKind.Tcp;
        IConfigurationSection chosen = hasVfioUser ? vfioUser : tcp;
        RefuseUnknownKeys(chosen, s_socketKeys, errors);

        IConfigurationSection socketSection = chosen.GetSection(TopologyKeys.Socket);
        string? socket = socketSection.Value;
        if (string.IsNullOrWhiteSpace(socket))
        {
            socket = null;
            if (kind == AttachmentKind.VfioUser)
            {
                errors.Add(socketSection.Path, "missing; the vfio-user socket path QEMU connects to");
                return null;
            }
        }
        else
        {
            socket = Path.GetFullPath(socket);
        }

        UnixFileMode mode = DeviceAttachment.DefaultSocketMode;
        IConfigurationSection modeSection = chosen.GetSection(TopologyKeys.Mode);
        if (modeSection.Value is { } modeText)
        {
            if (!TryParseOctalMode(modeText, out mode))
            {
                errors.Add(modeSection.Path, $"'{modeText}' is not an octal file mode such as \"0600\" or \"0660\"");
                return null;
            }
        }

        return new DeviceAttachment(kind, socket, mode);
    }

    private static bool HasChild(IConfigurationSection section, string key) =>
        section.GetChildren().Any(child => string.Equals(child.Key, key, StringComparison.OrdinalIgnoreCase));

    private static bool TryParseOctalMode(string text, out UnixFileMode mode)
    {
        mode = default;
        string digits = text.Trim();
        if (digits.Length is 0 or > 4)
        {
            return false;
        }

        uint value = 0;
        foreach (char c in digits)
        {
            if (c is < '0' or > '7')
            {
                return false;
            }

            value = (value * 8) + (uint)(c - '0');
        }

        if (value > MaxSocketMode)
        {
            return false;
        }

        mode = (UnixFileMode)value;
        return true;
    }

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._-]*$", RegexOptions.CultureInvariant)]
    private static partial Regex NamePattern();
}
