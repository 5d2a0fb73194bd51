using System.Globalization;
using System.Text;
using Cosim.Tlp;
using Cosim.Tlp.Transactions;

namespace Cosim.Hdl.TlpStream;

/// <summary>
/// An RTL broke the TLP-stream interface: when (<see cref="Cycle"/>), where (<see cref="Channel"/>), what
/// (<see cref="Kind"/>, <see cref="Message"/>) and on which TLP (the header DWs as sent, and the decoded header when
/// it could be decoded). The TLP was not passed on.
/// </summary>
public sealed record RtlProtocolError
{
    /// <summary>The simulation cycle at which the error was seen.</summary>
    public required ulong Cycle { get; init; }

    /// <summary>The stream, or <see cref="TlpChannel.Bridge"/> for sideband signals.</summary>
    public required TlpChannel Channel { get; init; }

    /// <summary>The kind of error.</summary>
    public required RtlProtocolErrorKind Kind { get; init; }

    /// <summary>What was wrong, in a sentence.</summary>
    public required string Message { get; init; }

    /// <summary>The decoded header, when the DWs formed one.</summary>
    public TlpHeader? Header { get; init; }

    /// <summary>The first (up to four) DWs of the TLP as the RTL sent them.</summary>
    public IReadOnlyList<uint> HeaderDwords { get; init; } = [];

    /// <summary>For <see cref="RtlProtocolErrorKind.MalformedTlp"/>: the broken formation rule.</summary>
    public TlpRule? Rule { get; init; }

    /// <summary>For <see cref="RtlProtocolErrorKind.CompletionMismatch"/>: how the completion differs from its request.</summary>
    public CompletionMismatch? Mismatch { get; init; }

    /// <inheritdoc />
    public override string ToString()
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"cycle {Cycle}, {Channel}: {Kind}: {Message}");
        if (Header is { } header)
        {
            text.Append("; header ").Append(header.ToString());
        }

        if (HeaderDwords.Count > 0)
        {
            text.Append("; DWs ").Append(string.Join(' ', HeaderDwords.Select(d => d.ToString("x8", CultureInfo.InvariantCulture))));
        }

        return text.ToString();
    }
}
