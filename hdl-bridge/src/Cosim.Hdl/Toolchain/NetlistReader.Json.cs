using System.Text.Json;

namespace Cosim.Hdl.Toolchain;

/// <summary>
/// The <c>--json-only</c> form (Verilator ≥ 5.024), written to <c>&lt;prefix&gt;.tree.json</c>:
/// <code>
/// {"type":"NETLIST", "modulesp":[
///    {"type":"MODULE","name":"regfile","level":1,"stmtsp":[
///       {"type":"VAR","name":"clk","dtypep":"(G)","direction":"INPUT","varType":"PORT",...}, ...]}],
///  "miscsp":[{"type":"TYPETABLE","typesp":[                  (newer releases: "typeTablep":[{...}])
///       {"type":"BASICDTYPE","addr":"(G)","keyword":"logic"},                   1 bit
///       {"type":"BASICDTYPE","addr":"(S)","keyword":"logic","range":"31:0"},    32 bits
///       {"type":"REFDTYPE","addr":"(WB)","refDTypep":"(K)"},                    typedef
///       {"type":"PACKARRAYDTYPE","declRange":"[3:0]","refDTypep":"(J)"}, ...]}]}
/// </code>
/// Types are found by "addr" anywhere in the document; ports are the module's VARs with a direction, in order.
/// </summary>
internal static partial class NetlistReader
{
    internal static IReadOnlyList<NetlistPort> ReadJson(string json, string top)
    {
        using JsonDocument document = JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = 4096 });
        var types = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        var modules = new List<JsonElement>();
        Collect(document.RootElement, types, modules);
        JsonElement module = modules.FirstOrDefault(m => Text(m, "name") == top);
        if (module.ValueKind != JsonValueKind.Object)
        {
            throw new RtlBuildException(Step, $"the JSON netlist has no module '{top}'.");
        }

        var ports = new List<NetlistPort>();
        if (module.TryGetProperty("stmtsp", out JsonElement statements))
        {
            foreach (JsonElement statement in statements.EnumerateArray())
            {
                if (Text(statement, "type") != "VAR"
                    || Text(statement, "direction") is not ("INPUT" or "OUTPUT" or "INOUT") || IsTrue(statement, "isFuncLocal"))
                {
                    continue;
                }

                string name = Text(statement, "name") ?? throw new RtlBuildException(Step, "a port in the JSON netlist has no name.");
                int width = JsonWidth(types, statement, name, depth: 0);
                ports.Add(new NetlistPort(name, CppName(name), ParseDirection(Text(statement, "direction")!, name), width));
            }
        }

        return ports;
    }

    private static void Collect(JsonElement element, Dictionary<string, JsonElement> types, List<JsonElement> modules)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                string? type = Text(element, "type");
                if (type is not null && type.EndsWith("DTYPE", StringComparison.Ordinal) && Text(element, "addr") is { } address)
                {
                    types.TryAdd(address, element);
                }

                if (type == "MODULE")
                {
                    modules.Add(element);
                }

                foreach (JsonProperty property in element.EnumerateObject())
                {
                    if (property.Value.ValueKind is JsonValueKind.Object or JsonValueKind.Array)
                    {
                        Collect(property.Value, types, modules);
                    }
                }

                break;
            case JsonValueKind.Array:
                foreach (JsonElement item in element.EnumerateArray())
                {
                    Collect(item, types, modules);
                }

                break;
            default:
                break;
        }
    }

    /// <summary>The width of a VAR's or a type's data type: inline child first, then the referenced type.</summary>
    private static int JsonWidth(Dictionary<string, JsonElement> types, JsonElement node, string port, int depth)
    {
        const int MaxTypeDepth = 64;
        if (depth > MaxTypeDepth)
        {
            throw Unsupported(port, "a type nested too deeply");
        }

        if (node.TryGetProperty("childDTypep", out JsonElement children) && children.ValueKind == JsonValueKind.Array && children.GetArrayLength() > 0)
        {
            return TypeWidth(types, children[0], port, depth + 1);
        }

        string? own = Text(node, "addr");
        foreach (string reference in (string[])["refDTypep", "subDTypep", "dtypep"])
        {
            if (Text(node, reference) is { } address && address != own && address != "UNLINKED")
            {
                return types.TryGetValue(address, out JsonElement referenced)
                    ? TypeWidth(types, referenced, port, depth + 1)
                    : throw new RtlBuildException(Step, $"port {port}: type {address} is not in the JSON netlist.");
            }
        }

        throw Unsupported(port, Text(node, "type") ?? "an unknown type");
    }

    private static int TypeWidth(Dictionary<string, JsonElement> types, JsonElement type, string port, int depth)
    {
        switch (Text(type, "type"))
        {
            case "BASICDTYPE":
                string keyword = Text(type, "keyword") ?? Text(type, "name") ?? "logic";
                if (keyword is "string" or "real" or "realtime" or "shortreal" or "chandle" or "event")
                {
                    throw Unsupported(port, keyword);
                }

                return Text(type, "range") is { } range ? ParseRange(range) : 1;
            case "REFDTYPE" or "ENUMDTYPE" or "MEMBERDTYPE":
                return JsonWidth(types, type, port, depth);
            case "STRUCTDTYPE" or "UNIONDTYPE":
                if (!IsTrue(type, "packed"))
                {
                    throw Unsupported(port, "an unpacked struct");
                }

                var members = new List<int>();
                if (type.TryGetProperty("membersp", out JsonElement memberList))
                {
                    foreach (JsonElement member in memberList.EnumerateArray())
                    {
                        members.Add(JsonWidth(types, member, port, depth + 1));
                    }
                }

                return Text(type, "type") == "STRUCTDTYPE" ? members.Sum() : members.DefaultIfEmpty(0).Max();
            case "PACKARRAYDTYPE":
                string declared = Text(type, "declRange") ?? throw Unsupported(port, "a packed array without a range");
                return checked(ParseRange(declared.Trim('[', ']')) * JsonWidth(types, type, port, depth));
            case "UNPACKARRAYDTYPE":
                throw Unsupported(port, "an unpacked array");
            case "IFACEREFDTYPE":
                throw Unsupported(port, "an interface");
            case string other:
                throw Unsupported(port, other);
            default:
                throw Unsupported(port, "an unknown type");
        }
    }

    private static int ParseRange(string range)
    {
        string[] bounds = range.Split(':');
        return bounds.Length == 2
            ? RangeWidth(ParseConstant(bounds[0].Trim()), ParseConstant(bounds[1].Trim()))
            : throw new RtlBuildException(Step, $"cannot read the range '{range}'.");
    }

    private static string? Text(JsonElement element, string property) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(property, out JsonElement value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;

    private static bool IsTrue(JsonElement element, string property) =>
        element.TryGetProperty(property, out JsonElement value) && value.ValueKind == JsonValueKind.True;
}
