using System.Globalization;
using System.Text.Json;
using Cosim.Hdl.Toolchain;
using Cosim.Tlp;
using Cosim.Tlp.Config;
using Cosim.Tlp.Config.Capabilities;
using Cosim.Tlp.Transactions;

namespace Cosim.Hdl.TlpStream;

/// <summary>
/// What the bridge needs to know about an RTL function, read from the JSON file beside the RTL (schema in
/// docs/rtl-interface.md): the sources to build, and the configuration space the bridge owns for it (identity,
/// BARs, MSI, MSI-X, PCI Express and Power Management capabilities).
/// </summary>
/// <remarks>
/// Numbers are JSON numbers or strings ("0x1af4", "4096", "4 KiB"). Unknown keys are errors, so a typo fails at
/// load and names the key. Every error is an <see cref="RtlConfigurationException"/> with the file and the key.
/// </remarks>
public sealed record RtlDeviceDescription
{
    /// <summary>The RTL to build (source paths resolved against the JSON file's directory).</summary>
    public required RtlDesign Design { get; init; }

    /// <summary>Vendor, device, class, revision, subsystem, interrupt pin.</summary>
    public required FunctionIdentity Identity { get; init; }

    /// <summary>The BARs.</summary>
    public required IReadOnlyList<BarDefinition> Bars { get; init; }

    /// <summary>The capabilities, in list order.</summary>
    public required IReadOnlyList<Capability> Capabilities { get; init; }

    /// <summary>Time units per clock phase for the model (trace timestamps); 1 when the file says nothing.</summary>
    public ulong HalfPeriod { get; init; } = 1;

    /// <summary>Reads and checks a description; throws <see cref="RtlConfigurationException"/> naming the key at fault.</summary>
    public static RtlDeviceDescription Load(string path)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (IOException exception)
        {
            throw new RtlConfigurationException(path, "(file)", exception.Message);
        }

        return Parse(text, path);
    }

    /// <summary>Parses a description; <paramref name="path"/> names the file in errors and anchors relative source paths.</summary>
    public static RtlDeviceDescription Parse(string json, string path)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        }
        catch (JsonException exception)
        {
            throw new RtlConfigurationException(path, "(json)", exception.Message);
        }

        using (document)
        {
            var reader = new Reader(path);
            JsonElement root = document.RootElement;
            reader.Keys(root, "", "rtl", "identity", "bars", "msi", "msix", "pciExpress", "powerManagement", "clock");
            RtlDesign design = reader.ReadDesign(reader.Required(root, "rtl"));
            FunctionIdentity identity = reader.ReadIdentity(reader.Required(root, "identity"));
            List<BarDefinition> bars = reader.ReadBars(root);
            var capabilities = new List<Capability>();
            if (reader.Flag(root, "powerManagement", "powerManagement", defaultValue: true))
            {
                capabilities.Add(new PowerManagementCapability());
            }

            if (root.TryGetProperty("msi", out JsonElement msi))
            {
                capabilities.Add(reader.ReadMsi(msi));
            }

            if (root.TryGetProperty("msix", out JsonElement msix))
            {
                MsixCapability capability = reader.ReadMsix(msix);
                foreach ((int bar, string key) in (ReadOnlySpan<(int, string)>)[(capability.TableBar, "msix.tableBar"), (capability.PbaBar, "msix.pbaBar")])
                {
                    if (!bars.Exists(b => b.Index == bar && b.IsMemory))
                    {
                        throw new RtlConfigurationException(path, key, $"BAR{bar} is not declared as a memory BAR in \"bars\".");
                    }
                }

                capabilities.Add(capability);
            }

            if (!root.TryGetProperty("pciExpress", out JsonElement express) || express.ValueKind != JsonValueKind.False)
            {
                capabilities.Add(reader.ReadPciExpress(express));
            }

            ulong half = 1;
            if (root.TryGetProperty("clock", out JsonElement clock))
            {
                reader.Keys(clock, "clock", "halfPeriod");
                half = reader.Number(clock, "halfPeriod", "clock.halfPeriod", 1, ulong.MaxValue, 1);
            }

            try
            {
                _ = new ConfigSpace(identity, bars, capabilities);
            }
            catch (ArgumentException exception)
            {
                throw new RtlConfigurationException(path, "(configuration space)", exception.Message);
            }

            return new RtlDeviceDescription { Design = design, Identity = identity, Bars = bars, Capabilities = capabilities, HalfPeriod = half };
        }
    }

    /// <summary>Builds a fresh configuration space from the description.</summary>
    public ConfigSpace CreateConfigSpace() => new(Identity, Bars, Capabilities);

    private sealed class Reader(string path)
    {
        private readonly string _path = path;
        private readonly string _directory = Path.GetDirectoryName(Path.GetFullPath(path)) ?? ".";

        internal void Keys(JsonElement element, string at, params ReadOnlySpan<string> allowed)
        {
            if (element.ValueKind != JsonValueKind.Object)
            {
                throw Error(at.Length == 0 ? "(root)" : at, $"must be an object, not {element.ValueKind}.");
            }

            foreach (JsonProperty property in element.EnumerateObject())
            {
                if (!allowed.Contains(property.Name))
                {
                    throw Error(Join(at, property.Name), $"is not a known key here; expected one of: {string.Join(", ", allowed.ToArray())}.");
                }
            }
        }

        internal JsonElement Required(JsonElement element, string name) =>
            element.TryGetProperty(name, out JsonElement value) ? value : throw Error(name, "is required.");

        internal RtlDesign ReadDesign(JsonElement rtl)
        {
            Keys(rtl, "rtl", "top", "sources", "includeDirectories", "defines", "parameters", "trace", "verilatorArguments");
            string top = Text(rtl, "top", "rtl.top") ?? throw Error("rtl.top", "is required.");
            string[] sources = Strings(rtl, "sources", "rtl.sources");
            if (sources.Length == 0)
            {
                throw Error("rtl.sources", "lists no source files.");
            }

            TraceFormat trace = TraceFormat.Fst;
            if (Text(rtl, "trace", "rtl.trace") is { } traceName && !Enum.TryParse(traceName, ignoreCase: true, out trace))
            {
                throw Error("rtl.trace", $"'{traceName}' is not fst, vcd or none.");
            }

            return new RtlDesign
            {
                Top = top,
                Sources = [.. sources.Select(Resolve)],
                IncludeDirectories = [.. Strings(rtl, "includeDirectories", "rtl.includeDirectories").Select(Resolve)],
                Defines = Map(rtl, "defines", "rtl.defines").ToDictionary(p => p.Key, p => (string?)p.Value, StringComparer.Ordinal),
                Parameters = Map(rtl, "parameters", "rtl.parameters"),
                Trace = trace,
                VerilatorArguments = Strings(rtl, "verilatorArguments", "rtl.verilatorArguments"),
            };
        }

        internal FunctionIdentity ReadIdentity(JsonElement identity)
        {
            Keys(identity, "identity", "vendorId", "deviceId", "classCode", "revisionId", "subsystemVendorId", "subsystemId", "interruptPin");
            InterruptPin pin = InterruptPin.None;
            if (Text(identity, "interruptPin", "identity.interruptPin") is { } pinName)
            {
                pin = pinName.ToUpperInvariant() switch
                {
                    "NONE" => InterruptPin.None,
                    "INTA" => InterruptPin.IntA,
                    "INTB" => InterruptPin.IntB,
                    "INTC" => InterruptPin.IntC,
                    "INTD" => InterruptPin.IntD,
                    _ => throw Error("identity.interruptPin", $"'{pinName}' is not none, INTA, INTB, INTC or INTD."),
                };
            }

            var result = new FunctionIdentity(
                VendorId: (ushort)Number(identity, "vendorId", "identity.vendorId", 0, ushort.MaxValue, null),
                DeviceId: (ushort)Number(identity, "deviceId", "identity.deviceId", 0, ushort.MaxValue, null),
                ClassCode: (uint)Number(identity, "classCode", "identity.classCode", 0, FunctionIdentity.MaxClassCode, null),
                RevisionId: (byte)Number(identity, "revisionId", "identity.revisionId", 0, byte.MaxValue, 0),
                SubsystemVendorId: (ushort)Number(identity, "subsystemVendorId", "identity.subsystemVendorId", 0, ushort.MaxValue, 0),
                SubsystemId: (ushort)Number(identity, "subsystemId", "identity.subsystemId", 0, ushort.MaxValue, 0),
                InterruptPin: pin);
            if (result.VendorId == FunctionIdentity.InvalidVendorId)
            {
                throw Error("identity.vendorId", "FFFFh is what a read of an absent function returns; it is not a Vendor ID.");
            }

            return result;
        }

        internal List<BarDefinition> ReadBars(JsonElement root)
        {
            var bars = new List<BarDefinition>();
            if (!root.TryGetProperty("bars", out JsonElement list))
            {
                return bars;
            }

            if (list.ValueKind != JsonValueKind.Array)
            {
                throw Error("bars", "must be an array.");
            }

            int position = 0;
            foreach (JsonElement bar in list.EnumerateArray())
            {
                string at = $"bars[{position++}]";
                Keys(bar, at, "index", "kind", "size", "prefetchable");
                int index = (int)Number(bar, "index", at + ".index", 0, BarDefinition.Count - 1, null);
                ulong size = Number(bar, "size", at + ".size", 1, ulong.MaxValue, null);
                bool prefetchable = Flag(bar, "prefetchable", at + ".prefetchable", defaultValue: false);
                string kind = Text(bar, "kind", at + ".kind") ?? "memory32";
                try
                {
                    bars.Add(kind.ToLowerInvariant() switch
                    {
                        "memory32" => BarDefinition.Memory32(index, size, prefetchable),
                        "memory64" => BarDefinition.Memory64(index, size, prefetchable),
                        "io" => BarDefinition.Io(index, size),
                        _ => throw Error(at + ".kind", $"'{kind}' is not memory32, memory64 or io."),
                    });
                }
                catch (ArgumentException exception)
                {
                    throw Error(at, exception.Message);
                }
            }

            return bars;
        }

        internal MsiCapability ReadMsi(JsonElement msi)
        {
            Keys(msi, "msi", "vectors", "is64Bit", "perVectorMasking");
            try
            {
                return new MsiCapability(
                    (int)Number(msi, "vectors", "msi.vectors", 1, MsiCapability.MaxVectors, 1),
                    Flag(msi, "is64Bit", "msi.is64Bit", defaultValue: true),
                    Flag(msi, "perVectorMasking", "msi.perVectorMasking", defaultValue: false));
            }
            catch (ArgumentException exception)
            {
                throw Error("msi", exception.Message);
            }
        }

        internal MsixCapability ReadMsix(JsonElement msix)
        {
            Keys(msix, "msix", "tableSize", "tableBar", "tableOffset", "pbaBar", "pbaOffset");
            try
            {
                return new MsixCapability(
                    (int)Number(msix, "tableSize", "msix.tableSize", 1, MsixCapability.MaxTableSize, null),
                    (int)Number(msix, "tableBar", "msix.tableBar", 0, BarDefinition.Count - 1, null),
                    (uint)Number(msix, "tableOffset", "msix.tableOffset", 0, uint.MaxValue, null),
                    (int)Number(msix, "pbaBar", "msix.pbaBar", 0, BarDefinition.Count - 1, null),
                    (uint)Number(msix, "pbaOffset", "msix.pbaOffset", 0, uint.MaxValue, null));
            }
            catch (ArgumentException exception)
            {
                throw Error("msix", exception.Message);
            }
        }

        internal PciExpressCapability ReadPciExpress(JsonElement express)
        {
            if (express.ValueKind is JsonValueKind.Undefined or JsonValueKind.True)
            {
                return new PciExpressCapability();
            }

            Keys(express, "pciExpress", "maxPayloadSize", "functionLevelReset", "extendedTag");
            ulong payload = Number(express, "maxPayloadSize", "pciExpress.maxPayloadSize", 128, 4096, 256);
            if (!ulong.IsPow2(payload))
            {
                throw Error("pciExpress.maxPayloadSize", $"{payload} is not 128, 256, 512, 1024, 2048 or 4096.");
            }

            return new PciExpressCapability(
                maxPayloadSizeSupported: (MaxPayloadSize)(System.Numerics.BitOperations.Log2(payload) - 7),
                functionLevelResetCapable: Flag(express, "functionLevelReset", "pciExpress.functionLevelReset", defaultValue: true),
                extendedTagFieldSupported: Flag(express, "extendedTag", "pciExpress.extendedTag", defaultValue: true));
        }

        internal bool Flag(JsonElement element, string name, string at, bool defaultValue) =>
            !element.TryGetProperty(name, out JsonElement value) ? defaultValue : value.ValueKind switch
            {
                JsonValueKind.True => true,
                JsonValueKind.False => false,
                _ => throw Error(at, $"must be true or false, not {value}."),
            };

        /// <summary>A number: JSON number, or a string in decimal, 0x-hex, or with a KiB/MiB/GiB suffix.</summary>
        internal ulong Number(JsonElement element, string name, string at, ulong minimum, ulong maximum, ulong? defaultValue)
        {
            if (!element.TryGetProperty(name, out JsonElement value))
            {
                return defaultValue ?? throw Error(at, "is required.");
            }

            ulong number;
            if (value.ValueKind == JsonValueKind.Number && value.TryGetUInt64(out ulong plain))
            {
                number = plain;
            }
            else if (value.ValueKind == JsonValueKind.String && TryParseNumber(value.GetString()!, out ulong parsed))
            {
                number = parsed;
            }
            else
            {
                throw Error(at, $"'{value}' is not a number (use 4096, \"0x1000\" or \"4 KiB\").");
            }

            return number < minimum || number > maximum
                ? throw Error(at, $"{number} (0x{number:x}) is outside {minimum}..{maximum}.")
                : number;
        }

        private static bool TryParseNumber(string text, out ulong value)
        {
            text = text.Trim().Replace("_", string.Empty, StringComparison.Ordinal);
            ulong scale = 1;
            foreach ((string suffix, ulong factor) in (ReadOnlySpan<(string, ulong)>)[("KiB", 1UL << 10), ("MiB", 1UL << 20), ("GiB", 1UL << 30)])
            {
                if (text.EndsWith(suffix, StringComparison.OrdinalIgnoreCase))
                {
                    scale = factor;
                    text = text[..^suffix.Length].Trim();
                    break;
                }
            }

            bool ok = text.StartsWith("0x", StringComparison.OrdinalIgnoreCase)
                ? ulong.TryParse(text.AsSpan(2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out value)
                : ulong.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value);
            value *= scale;
            return ok;
        }

        private string? Text(JsonElement element, string name, string at) =>
            !element.TryGetProperty(name, out JsonElement value) ? null
                : value.ValueKind == JsonValueKind.String ? value.GetString() : throw Error(at, "must be a string.");

        private string[] Strings(JsonElement element, string name, string at)
        {
            if (!element.TryGetProperty(name, out JsonElement value))
            {
                return [];
            }

            if (value.ValueKind != JsonValueKind.Array || value.EnumerateArray().Any(v => v.ValueKind != JsonValueKind.String))
            {
                throw Error(at, "must be an array of strings.");
            }

            return [.. value.EnumerateArray().Select(v => v.GetString()!)];
        }

        private Dictionary<string, string> Map(JsonElement element, string name, string at)
        {
            var map = new Dictionary<string, string>(StringComparer.Ordinal);
            if (!element.TryGetProperty(name, out JsonElement value))
            {
                return map;
            }

            if (value.ValueKind != JsonValueKind.Object)
            {
                throw Error(at, "must be an object of name: value.");
            }

            foreach (JsonProperty property in value.EnumerateObject())
            {
                map[property.Name] = property.Value.ValueKind switch
                {
                    JsonValueKind.String => property.Value.GetString()!,
                    JsonValueKind.Number => property.Value.GetRawText(),
                    _ => throw Error(Join(at, property.Name), "must be a string or a number."),
                };
            }

            return map;
        }

        private string Resolve(string relative) => Path.GetFullPath(Path.Combine(_directory, relative));

        private static string Join(string at, string name) => at.Length == 0 ? name : $"{at}.{name}";

        private RtlConfigurationException Error(string key, string reason) => new(_path, key, reason);
    }
}
