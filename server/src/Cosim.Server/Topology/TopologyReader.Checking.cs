using System.Globalization;
using Cosim.Server.Checking;
using Cosim.Server.Injection;
using Cosim.Server.Models;
using Microsoft.Extensions.Configuration;

namespace Cosim.Server.Topology;

// CheckTlp (top level) and Devices:N:Inject (error injection rules).
public static partial class TopologyReader
{
    private const long MaxCompletionTimeoutMilliseconds = 3_600_000;
    private const long MaxDelayMilliseconds = 3_600_000;

    private static readonly string[] s_checkTlpKeys = [TopologyKeys.Enabled, TopologyKeys.CompletionTimeoutMilliseconds];

    private static readonly string[] s_injectKeys =
    [
        TopologyKeys.Request, TopologyKeys.Address, TopologyKeys.Nth, TopologyKeys.Count, TopologyKeys.Action,
        TopologyKeys.DelayMilliseconds,
    ];

    private static readonly (string Name, InjectionAction Action)[] s_actions =
    [
        ("CA", InjectionAction.CompleterAbort), ("CompleterAbort", InjectionAction.CompleterAbort),
        ("UR", InjectionAction.UnsupportedRequest), ("UnsupportedRequest", InjectionAction.UnsupportedRequest),
        ("Poison", InjectionAction.Poison), ("Drop", InjectionAction.Drop), ("Delay", InjectionAction.Delay),
    ];

    /// <summary>
    /// <c>CheckTlp</c>: <c>true</c>/<c>false</c>, or <c>{"Enabled": bool, "CompletionTimeoutMilliseconds": n}</c>.
    /// <c>--check-tlp</c> sets <c>CheckTlp:Enabled</c>, which wins over the plain value.
    /// </summary>
    private static CheckTlpSettings ReadCheckTlp(IConfigurationSection section, ConfigurationErrors errors)
    {
        bool enabled = false;
        if (section.Value is { } text)
        {
            if (bool.TryParse(text, out bool value))
            {
                enabled = value;
            }
            else
            {
                errors.Add(section.Path, $"'{text}' is not true or false (or an object with {TopologyKeys.Enabled} and {TopologyKeys.CompletionTimeoutMilliseconds})");
            }
        }

        if (!section.GetChildren().Any())
        {
            return enabled ? CheckTlpSettings.On : CheckTlpSettings.Off;
        }

        RefuseUnknownKeys(section, s_checkTlpKeys, errors);
        enabled = ReadBoolean(section, TopologyKeys.Enabled, errors) ?? (section.Value is null || enabled);
        TimeSpan timeout = CheckTlpSettings.DefaultCompletionTimeout;
        if (ReadInteger(section, TopologyKeys.CompletionTimeoutMilliseconds, 1, MaxCompletionTimeoutMilliseconds, errors) is { } milliseconds)
        {
            timeout = TimeSpan.FromMilliseconds(milliseconds);
        }

        return new CheckTlpSettings(enabled, timeout);
    }

    private static IReadOnlyList<InjectionRule> ReadInjectionRules(IConfigurationSection section, ConfigurationErrors errors)
    {
        if (!section.Exists())
        {
            return [];
        }

        if (section.Value is not null)
        {
            errors.Add(section.Path, "Inject is a JSON array of rules such as {\"Request\": \"MemRd\", \"Action\": \"CA\"}");
            return [];
        }

        var rules = new List<InjectionRule>();
        int expected = 0;
        foreach (IConfigurationSection child in section.GetChildren().OrderBy(c => int.TryParse(c.Key, CultureInfo.InvariantCulture, out int i) ? i : int.MaxValue))
        {
            if (!int.TryParse(child.Key, NumberStyles.None, CultureInfo.InvariantCulture, out int index))
            {
                errors.Add(child.Path, "Inject is a JSON array of rules; this key is not an array index");
                continue;
            }

            if (index != expected)
            {
                errors.Add(child.Path, string.Create(CultureInfo.InvariantCulture, $"rules are numbered from 0 without gaps; expected {section.Path}:{expected}"));
                expected = index;
            }

            expected++;
            if (ReadInjectionRule(child, errors) is { } rule)
            {
                rules.Add(rule);
            }
        }

        return rules;
    }

    private static InjectionRule? ReadInjectionRule(IConfigurationSection section, ConfigurationErrors errors)
    {
        int before = errors.Count;
        RefuseUnknownKeys(section, s_injectKeys, errors);

        IConfigurationSection requestSection = section.GetSection(TopologyKeys.Request);
        InjectionRequestKind request = InjectionRequestKind.MemoryRead;
        if (requestSection.Value is { } requestText)
        {
            if (string.Equals(requestText, "MemWr", StringComparison.OrdinalIgnoreCase))
            {
                request = InjectionRequestKind.MemoryWrite;
            }
            else if (!string.Equals(requestText, "MemRd", StringComparison.OrdinalIgnoreCase))
            {
                errors.Add(requestSection.Path, $"'{requestText}' is not a request type the device sends to the host; give MemRd (DMA reads, the default) or MemWr (DMA writes)");
            }
        }

        (ulong first, ulong last) = ReadAddressRange(section.GetSection(TopologyKeys.Address), errors);
        long nth = ReadInteger(section, TopologyKeys.Nth, 1, long.MaxValue, errors) ?? 1;
        long? count = ReadInteger(section, TopologyKeys.Count, 1, long.MaxValue, errors);
        if (count is null && section.GetSection(TopologyKeys.Nth).Value is not null)
        {
            count = 1; // "Nth": 3 alone means the third matching request, only that one.
        }

        IConfigurationSection actionSection = section.GetSection(TopologyKeys.Action);
        InjectionAction? action = null;
        if (actionSection.Value is not { } actionText)
        {
            errors.Add(actionSection.Path, "missing; give CA, UR, Poison, Drop or Delay");
        }
        else
        {
            foreach ((string name, InjectionAction value) in s_actions)
            {
                if (string.Equals(name, actionText, StringComparison.OrdinalIgnoreCase))
                {
                    action = value;
                }
            }

            if (action is null)
            {
                errors.Add(actionSection.Path, $"'{actionText}' is not an action; give CA, UR, Poison, Drop or Delay");
            }
        }

        IConfigurationSection delaySection = section.GetSection(TopologyKeys.DelayMilliseconds);
        TimeSpan delay = TimeSpan.Zero;
        if (action == InjectionAction.Delay)
        {
            if (delaySection.Value is null)
            {
                errors.Add(delaySection.Path, "missing; Delay needs the extra latency in milliseconds");
            }
            else if (ReadInteger(section, TopologyKeys.DelayMilliseconds, 1, MaxDelayMilliseconds, errors) is { } milliseconds)
            {
                delay = TimeSpan.FromMilliseconds(milliseconds);
            }
        }
        else if (delaySection.Value is not null && action is not null)
        {
            errors.Add(delaySection.Path, $"only the Delay action takes a delay; this rule's action is {actionSection.Value}");
        }

        if (errors.Count != before || action is null)
        {
            return null;
        }

        return new InjectionRule(section.Path, request, first, last, nth, count, action.Value, delay);
    }

    // "0x1000-0x1fff" (inclusive) or one address; absent: every address.
    private static (ulong First, ulong Last) ReadAddressRange(IConfigurationSection section, ConfigurationErrors errors)
    {
        if (section.Value is not { } text)
        {
            return (0, ulong.MaxValue);
        }

        int dash = text.IndexOf('-', StringComparison.Ordinal);
        string firstText = dash < 0 ? text : text[..dash];
        string lastText = dash < 0 ? text : text[(dash + 1)..];
        if (!DeviceOptions.TryParseSize(firstText.Trim(), out ulong first) || !DeviceOptions.TryParseSize(lastText.Trim(), out ulong last))
        {
            errors.Add(section.Path, $"'{text}' is not an address range; write FIRST-LAST, inclusive, e.g. 0x10000000-0x1000ffff");
            return (0, ulong.MaxValue);
        }

        if (last < first)
        {
            errors.Add(section.Path, $"'{text}': the last address is below the first");
            return (0, ulong.MaxValue);
        }

        return (first, last);
    }
}
