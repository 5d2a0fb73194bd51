using System.Buffers;
using System.Text;
using Shim = global::Interop.VerilatorShim;

namespace Cosim.Hdl;

/// <summary>The RTL's console output: <c>$display</c>, <c>$write</c> and Verilator's own messages.</summary>
public sealed partial class VerilatedModel
{
    private const int OutputChunk = 4096;

    private bool _echoOutput = true;

    /// <summary>
    /// Whether the RTL's output is also written to the process's standard output (true by default, as a
    /// Verilator executable does). The output is kept either way (the last 64 KiB) for <see cref="ReadOutput"/>.
    /// </summary>
    public bool EchoOutput
    {
        get => _echoOutput;
        set
        {
            ThrowIfDisposed();
            Shim.vb_set_echo(NativeModel, value ? 1 : 0);
            _echoOutput = value;
        }
    }

    /// <summary>Takes the output the RTL printed since the last call (at most the last 64 KiB).</summary>
    public unsafe string ReadOutput()
    {
        ThrowIfDisposed();
        var bytes = new ArrayBufferWriter<byte>();
        int read;
        do
        {
            fixed (byte* chunk = bytes.GetSpan(OutputChunk))
            {
                read = Shim.vb_read_output(NativeModel, chunk, OutputChunk);
            }

            bytes.Advance(read);
        }
        while (read > 0);

        return Encoding.UTF8.GetString(bytes.WrittenSpan);
    }
}
