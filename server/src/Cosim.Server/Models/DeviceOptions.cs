using System.Globalization;
using Cosim.Server.Topology;

namespace Cosim.Server.Models;

/// <summary>
/// What a <see cref="ModelFactory"/> gets: the device's name and index, the identity overrides, and its option values
/// as strings with typed readers that throw <see cref="ModelOptionException"/> naming the key.
/// </summary>
public sealed class DeviceOptions
{
    private readonly IReadOnlyDictionary<string, string> _values;

    /// <summary>Options for device <paramref name="name"/>; <paramref name="values"/> keys are relative to its Options section.</summary>
    public DeviceOptions(string name, int index, IdentityOverrides identity, IReadOnlyDictionary<string, string> values)
    {
        Name = name;
        Index = index;
        Identity = identity;
        _values = new Dictionary<string, string>(values, StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>The device's name (for logs).</summary>
    public string Name { get; }

    /// <summary>The device's index in the topology.</summary>
    public int Index { get; }

    /// <summary>Identity overrides; a model registered with <see cref="ModelDescriptor.AcceptsIdentityOverrides"/> applies them.</summary>
    public IdentityOverrides Identity { get; }

    /// <summary>Every option value, keys relative to Options (nested keys joined by ':').</summary>
    public IReadOnlyDictionary<string, string> Values => _values;

    /// <summary>The string value of <paramref name="key"/>, or <paramref name="defaultValue"/>.</summary>
    public string? GetString(string key, string? defaultValue = null) =>
        _values.TryGetValue(key, out string? value) ? value : defaultValue;

    /// <summary>A boolean (<c>true</c>/<c>false</c>).</summary>
    public bool GetBoolean(string key, bool defaultValue)
    {
        if (!_values.TryGetValue(key, out string? text))
        {
            return defaultValue;
        }

        return bool.TryParse(text, out bool value)
            ? value
            : throw new ModelOptionException(key, $"'{text}' is not true or false");
    }

    /// <summary>
    /// An unsigned integer in <paramref name="minimum"/>..<paramref name="maximum"/>: decimal, <c>0x</c> hex, or with
    /// a binary size suffix (<c>K</c>, <c>M</c>, <c>G</c>: 64K = 65536).
    /// </summary>
    public ulong GetUInt64(string key, ulong defaultValue, ulong minimum = 0, ulong maximum = ulong.MaxValue)
    {
        if (!_values.TryGetValue(key, out string? text))
        {
            return defaultValue;
        }

        if (!TryParseSize(text, out ulong value))
        {
            throw new ModelOptionException(key, $"'{text}' is not a number (decimal, 0x hex, or with a K/M/G suffix)");
        }

        if (value < minimum || value > maximum)
        {
            throw new ModelOptionException(key, string.Create(CultureInfo.InvariantCulture, $"{value} is out of range {minimum}-{maximum}"));
        }

        return value;
    }

    /// <summary>An <see cref="int"/> in <paramref name="minimum"/>..<paramref name="maximum"/> (same syntax as <see cref="GetUInt64"/>).</summary>
    public int GetInt32(string key, int defaultValue, int minimum = 0, int maximum = int.MaxValue) =>
        (int)GetUInt64(key, (ulong)defaultValue, (ulong)minimum, (ulong)maximum);

    internal static bool TryParseSize(string text, out ulong value)
    {
        value = 0;
        ReadOnlySpan<char> span = text.AsSpan().Trim();
        int shift = 0;
        if (span.Length > 1)
        {
            shift = char.ToUpperInvariant(span[^1]) switch
            {
                'K' => 10,
                'M' => 20,
                'G' => 30,
                _ => 0,
            };
            if (shift != 0)
            {
                span = span[..^1];
            }
        }

        bool parsed = span.StartsWith("0x", StringComparison.OrdinalIgnoreCase)
            ? ulong.TryParse(span[2..], NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out value)
            : ulong.TryParse(span, NumberStyles.None, CultureInfo.InvariantCulture, out value);
        if (!parsed || (shift != 0 && value > ulong.MaxValue >> shift))
        {
            return false;
        }

        value <<= shift;
        return true;
    }
}
