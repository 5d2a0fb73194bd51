using System.Globalization;
using System.Xml.Linq;

namespace Cosim.Hdl.Toolchain;

/// <summary>
/// The <c>--xml-only</c> form (Verilator ≤ 5.044):
/// <code>
/// &lt;module name="regfile" topModule="1"&gt;
///   &lt;var name="clk" dtype_id="1" dir="input" pinIndex="1" .../&gt;
/// &lt;typetable&gt;
///   &lt;basicdtype id="1" name="logic"/&gt;                          1 bit
///   &lt;basicdtype id="4" name="logic" left="127" right="0"/&gt;     128 bits
///   &lt;refdtype id="15" name="byte_t" sub_dtype_id="2"/&gt;         typedef
///   &lt;structdtype id="3"&gt;&lt;memberdtype sub_dtype_id="9"/&gt;...     packed struct: sum of members
///   &lt;packarraydtype id="4" sub_dtype_id="2"&gt;&lt;range&gt;&lt;const name="32'sh3"/&gt;&lt;const name="32'sh0"/&gt;
///   &lt;unpackarraydtype .../&gt;                                    not supported
/// </code>
/// </summary>
internal static partial class NetlistReader
{
    internal static IReadOnlyList<NetlistPort> ReadXml(string xml, string top)
    {
        XDocument document = XDocument.Parse(xml);
        XElement module = document.Descendants("module").FirstOrDefault(m => (string?)m.Attribute("topModule") == "1")
            ?? document.Descendants("module").FirstOrDefault(m => (string?)m.Attribute("name") == top)
            ?? throw new RtlBuildException(Step, $"the XML netlist has no top module '{top}'.");
        var types = new Dictionary<string, XElement>(StringComparer.Ordinal);
        foreach (XElement table in document.Descendants("typetable"))
        {
            foreach (XElement type in table.Descendants())
            {
                if (type.Attribute("id") is { } id)
                {
                    types[id.Value] = type;
                }
            }
        }

        var ports = new List<(int Pin, NetlistPort Port)>();
        foreach (XElement variable in module.Elements("var"))
        {
            if (variable.Attribute("dir") is not { } direction)
            {
                continue;
            }

            string name = (string?)variable.Attribute("name") ?? throw new RtlBuildException(Step, "a port in the XML netlist has no name.");
            int pin = int.Parse((string?)variable.Attribute("pinIndex") ?? "0", CultureInfo.InvariantCulture);
            int width = XmlWidth(types, (string?)variable.Attribute("dtype_id"), name, depth: 0);
            ports.Add((pin, new NetlistPort(name, CppName(name), ParseDirection(direction.Value, name), width)));
        }

        return [.. ports.OrderBy(p => p.Pin).Select(p => p.Port)];
    }

    private static int XmlWidth(Dictionary<string, XElement> types, string? id, string port, int depth)
    {
        const int MaxTypeDepth = 64;
        if (id is null || !types.TryGetValue(id, out XElement? type) || depth > MaxTypeDepth)
        {
            throw new RtlBuildException(Step, $"port {port}: type id '{id}' is not in the netlist's type table.");
        }

        string? sub = (string?)type.Attribute("sub_dtype_id");
        switch (type.Name.LocalName)
        {
            case "basicdtype":
                string keyword = (string?)type.Attribute("name") ?? "logic";
                if (keyword is "string" or "real" or "realtime" or "shortreal" or "chandle" or "event")
                {
                    throw Unsupported(port, keyword);
                }

                return type.Attribute("left") is { } left
                    ? RangeWidth(long.Parse(left.Value, CultureInfo.InvariantCulture), long.Parse((string?)type.Attribute("right") ?? "0", CultureInfo.InvariantCulture))
                    : 1;
            case "refdtype" or "enumdtype" or "memberdtype" or "typedef":
                return XmlWidth(types, sub, port, depth + 1);
            case "structdtype":
                return type.Elements("memberdtype").Sum(m => XmlWidth(types, (string?)m.Attribute("sub_dtype_id"), port, depth + 1));
            case "uniondtype":
                return type.Elements("memberdtype").Max(m => XmlWidth(types, (string?)m.Attribute("sub_dtype_id"), port, depth + 1));
            case "packarraydtype":
                XElement range = type.Element("range") ?? throw Unsupported(port, "a packed array without a range");
                long[] bounds = [.. range.Elements("const").Select(c => ParseConstant((string?)c.Attribute("name") ?? "0"))];
                if (bounds.Length != 2)
                {
                    throw Unsupported(port, "a packed array with a non-constant range");
                }

                return checked(RangeWidth(bounds[0], bounds[1]) * XmlWidth(types, sub, port, depth + 1));
            default:
                throw Unsupported(port, type.Name.LocalName switch
                {
                    "unpackarraydtype" => "an unpacked array",
                    "ifacerefdtype" => "an interface",
                    string other => other,
                });
        }
    }
}
