using System.Globalization;

namespace Cosim.Cli.Bench;

/// <summary>
/// One job's figures from fio's terse output, version 3 (<c>fio --minimal</c>; fio's HOWTO, "Terse output"):
/// semicolon-separated fields, 1-based as the HOWTO counts them.
/// </summary>
/// <remarks>
/// <code>
///  1 terse version (3)   2 fio version   3 jobname   4 groupid   5 error
///  6 read total (KiB)    7 read bandwidth (KiB/s)    8 read IOPS    9 read runtime (ms)
/// 10-46 read latencies and bandwidth statistics (slat 4, clat 4, clat percentiles 20, lat 4, bw 5)
/// 47 write total (KiB)  48 write bandwidth (KiB/s)  49 write IOPS  50 write runtime (ms)
/// </code>
/// A job that only reads has zeros in the write fields and the other way round; the figures are read plus write.
/// </remarks>
internal readonly record struct FioTerseResult(string JobName, long KibibytesPerSecond, long Iops, long RuntimeMilliseconds)
{
    private const string TerseVersion = "3";
    private const int TerseVersionField = 1;
    private const int JobNameField = 3;
    private const int ErrorField = 5;
    private const int ReadBandwidthField = 7;
    private const int ReadIopsField = 8;
    private const int ReadRuntimeField = 9;
    private const int WriteBandwidthField = 48;
    private const int WriteIopsField = 49;
    private const int WriteRuntimeField = 50;
    private const double BytesPerKibibyte = 1024;
    private const double BytesPerMegabyte = 1e6;

    /// <summary>Bandwidth in MB/s (10^6 bytes per second), as the bench prints it.</summary>
    public double MegabytesPerSecond => KibibytesPerSecond * BytesPerKibibyte / BytesPerMegabyte;

    /// <summary>
    /// Parses one terse v3 line; <paramref name="error"/> says what is wrong with a line that is not one, or that
    /// reports a failed job (error field not 0).
    /// </summary>
    public static bool TryParse(string line, out FioTerseResult result, out string error)
    {
        ArgumentNullException.ThrowIfNull(line);
        result = default;
        string[] fields = line.Split(';');
        if (fields.Length < WriteRuntimeField)
        {
            error = $"{fields.Length} fields, terse v3 has at least {WriteRuntimeField}";
            return false;
        }

        if (Field(fields, TerseVersionField) != TerseVersion)
        {
            error = $"terse version '{Field(fields, TerseVersionField)}', expected {TerseVersion}";
            return false;
        }

        if (Field(fields, ErrorField) != "0")
        {
            error = $"fio reported error {Field(fields, ErrorField)} for job '{Field(fields, JobNameField)}'";
            return false;
        }

        if (!TryLong(fields, ReadBandwidthField, out long readBandwidth) || !TryLong(fields, ReadIopsField, out long readIops)
            || !TryLong(fields, ReadRuntimeField, out long readRuntime) || !TryLong(fields, WriteBandwidthField, out long writeBandwidth)
            || !TryLong(fields, WriteIopsField, out long writeIops) || !TryLong(fields, WriteRuntimeField, out long writeRuntime))
        {
            error = "a bandwidth, IOPS or runtime field is not an integer";
            return false;
        }

        result = new FioTerseResult(Field(fields, JobNameField), readBandwidth + writeBandwidth, readIops + writeIops, Math.Max(readRuntime, writeRuntime));
        error = string.Empty;
        return true;
    }

    private static string Field(string[] fields, int number) => fields[number - 1];

    private static bool TryLong(string[] fields, int number, out long value) =>
        long.TryParse(Field(fields, number), NumberStyles.None, CultureInfo.InvariantCulture, out value);
}
