using System.Globalization;
using Cosim.Tlp;

namespace Cosim.Server.Tracing;

/// <summary>
/// Prints trace records as a table, one TLP per line, times relative to the first record shown; the <c>cycle</c>
/// column is the simulation cycle of an RTL device (empty for other devices).
/// </summary>
public static class TraceTable
{
    /// <summary>Writes the records <paramref name="filter"/> keeps; returns how many.</summary>
    public static int Write(IEnumerable<TraceRecord> records, TraceFilter filter, TextWriter output)
    {
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{"time(us)",13}  {"cycle",12}  {"dir",-4}  {"device",-12}  {"type",-8}  {"requester",-9} {"tag",-5}  {"target",-37}  {"len",4}  payload"));
        long? start = null;
        int count = 0;
        foreach (TraceRecord record in records)
        {
            if (!filter.Matches(record))
            {
                continue;
            }

            start ??= record.Nanoseconds;
            TlpHeader header = record.Header;
            string line = string.Create(
                CultureInfo.InvariantCulture,
                $"{(record.Nanoseconds - start.Value) / 1000.0,13:F3}  {record.Cycle,12}  {(record.Direction == TlpDirection.Downstream ? "down" : "up"),-4}  {Truncate(record.Device, 12),-12}  {TlpMnemonic.Of(header.Kind),-8}  {header.RequesterId,-9} 0x{header.Tag:x3}  {Target(header),-37}  {header.Length,4}  {Convert.ToHexStringLower(record.PayloadPreview)}");
            output.WriteLine(line.TrimEnd());
            count++;
        }

        return count;
    }

    private static string Target(in TlpHeader header)
    {
        IFormatProvider invariant = CultureInfo.InvariantCulture;
        if (header.IsCompletion)
        {
            return string.Create(invariant, $"cpl {header.CompleterId} {TlpMnemonic.Of(header.Status)} bc={header.ByteCount} la=0x{header.LowerAddress:x2}");
        }

        if (header.IsMessage)
        {
            return string.Create(invariant, $"{header.MessageCode} ({header.Routing})");
        }

        if (header.IsConfigRequest)
        {
            return string.Create(invariant, $"{header.DestinationId} reg 0x{header.Address:x3} be {header.FirstDwByteEnables:x}");
        }

        return string.Create(invariant, $"0x{header.Address:x} be {header.LastDwByteEnables:x}/{header.FirstDwByteEnables:x}");
    }

    private static string Truncate(string text, int length) => text.Length <= length ? text : text[..length];
}
