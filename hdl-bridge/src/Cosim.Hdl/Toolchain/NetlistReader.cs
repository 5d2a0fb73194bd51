using System.Globalization;
using System.Text;

namespace Cosim.Hdl.Toolchain;

/// <summary>A top-level port as read from Verilator's netlist dump.</summary>
/// <param name="Name">The Verilog name.</param>
/// <param name="CppName">The member of the Verilated class that stores it (Verilator's encoding of the name).</param>
/// <param name="Direction">Input, output or inout.</param>
/// <param name="Width">Width in bits.</param>
internal sealed record NetlistPort(string Name, string CppName, PortDirection Direction, int Width);

/// <summary>
/// Reads the top module's ports from Verilator's own netlist description (<c>--xml-only</c> or
/// <c>--json-only</c>): names, directions, pin order and packed widths. Packed vectors, typedefs, enums, packed
/// structs and unions and packed arrays are supported; a port of any other type (unpacked array, real, string,
/// interface) is an <see cref="RtlBuildException"/> naming the port.
/// </summary>
internal static partial class NetlistReader
{
    internal const string Step = "port table";

    /// <summary>The C++ member name Verilator gives <paramref name="name"/> (V3Ast's encodeName).</summary>
    internal static string CppName(string name)
    {
        var encoded = new StringBuilder(name.Length);
        for (int i = 0; i < name.Length; i++)
        {
            char c = name[i];
            if (i == 0 ? char.IsAsciiLetter(c) : char.IsAsciiLetterOrDigit(c))
            {
                encoded.Append(c);
            }
            else if (c == '_')
            {
                if (i + 1 < name.Length && name[i + 1] == '_')
                {
                    encoded.Append("___05F");
                    i++;
                }
                else
                {
                    encoded.Append('_');
                }
            }
            else
            {
                encoded.Append("__0").Append(((int)c & 0xFF).ToString("x2", CultureInfo.InvariantCulture));
            }
        }

        return encoded.ToString();
    }

    /// <summary>Parses a Verilog sized constant as Verilator prints it ("32'sh3", "32'h1f", "4'b1010", "7").</summary>
    internal static long ParseConstant(string text)
    {
        int tick = text.IndexOf('\'', StringComparison.Ordinal);
        if (tick < 0)
        {
            return long.Parse(text, CultureInfo.InvariantCulture);
        }

        string rest = text[(tick + 1)..].TrimStart('s', 'S');
        char radix = char.ToLowerInvariant(rest[0]);
        string digits = rest[1..].Replace("_", string.Empty, StringComparison.Ordinal);
        return radix switch
        {
            'h' => long.Parse(digits, NumberStyles.HexNumber, CultureInfo.InvariantCulture),
            'd' => long.Parse(digits, CultureInfo.InvariantCulture),
            'b' => Convert.ToInt64(digits, 2),
            'o' => Convert.ToInt64(digits, 8),
            _ => throw new FormatException($"'{text}' is not a Verilog constant."),
        };
    }

    private static PortDirection ParseDirection(string direction, string port) => direction.ToUpperInvariant() switch
    {
        "INPUT" => PortDirection.Input,
        "OUTPUT" => PortDirection.Output,
        "INOUT" => PortDirection.InOut,
        _ => throw new RtlBuildException(Step, $"port {port} has direction '{direction}', which the shim cannot map."),
    };

    private static int RangeWidth(long left, long right) => checked((int)(Math.Abs(left - right) + 1));

    private static RtlBuildException Unsupported(string port, string type) =>
        new(Step, $"port {port} has type {type}, which the shim cannot map to a bit vector; "
            + "top-level ports must be packed (logic/bit vectors, typedefs, enums, packed structs, unions or arrays). Wrap the design in a top module with packed ports.");
}
