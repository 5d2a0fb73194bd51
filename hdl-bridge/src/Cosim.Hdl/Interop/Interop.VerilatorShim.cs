using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

internal static partial class Interop
{
    /// <summary>
    /// The <c>vb_*</c> C ABI of native/vb_shim.h. <c>design</c> is a <c>const vb_design*</c> and <c>model</c> a
    /// <c>vb_model*</c>; the owning <see cref="Cosim.Hdl.Interop.VerilatedModelHandle"/> keeps it alive.
    /// </summary>
    /// <remarks>
    /// <see cref="SuppressGCTransitionAttribute"/> is only on the calls that read one field of the model
    /// (measured by RtlBench: about 1 ns each, with or without the attribute); never on calls that evaluate the
    /// RTL, which run for as long as the design needs and may print.
    /// </remarks>
    internal static unsafe partial class VerilatorShim
    {
        [LibraryImport(Libraries.VerilatorShim)]
        internal static partial int vb_abi_version();

        [LibraryImport(Libraries.VerilatorShim)]
        internal static partial byte* vb_last_error();

        [LibraryImport(Libraries.VerilatorShim, StringMarshalling = StringMarshalling.Utf8)]
        internal static partial nint vb_open_design(string path);

        [LibraryImport(Libraries.VerilatorShim)]
        internal static partial byte* vb_design_top(nint design);

        [LibraryImport(Libraries.VerilatorShim)]
        internal static partial byte* vb_design_verilator_version(nint design);

        [LibraryImport(Libraries.VerilatorShim)]
        internal static partial int vb_design_trace_kind(nint design);

        [LibraryImport(Libraries.VerilatorShim)]
        internal static partial int vb_design_port_count(nint design);

        [LibraryImport(Libraries.VerilatorShim)]
        internal static partial int vb_design_port(nint design, int index, out byte* name, out int direction, out int width);

        [LibraryImport(Libraries.VerilatorShim, StringMarshalling = StringMarshalling.Utf8)]
        internal static partial nint vb_create(nint design, string instanceName);

        [LibraryImport(Libraries.VerilatorShim)]
        internal static partial void vb_destroy(nint model);

        [LibraryImport(Libraries.VerilatorShim)]
        internal static partial void* vb_port_ptr(nint model, int index);

        [LibraryImport(Libraries.VerilatorShim)]
        internal static partial int vb_eval(nint model);

        [LibraryImport(Libraries.VerilatorShim)]
        internal static partial int vb_step(nint model, ulong timeStep);

        [LibraryImport(Libraries.VerilatorShim)]
        internal static partial int vb_tick(nint model, int clockIndex, ulong cycles);

        /// <summary>
        /// <c>vb_tick</c> with <see cref="SuppressGCTransitionAttribute"/>, for RtlBench only: it measures what the
        /// attribute would save. Not for models: an evaluation runs as long as the design needs and may print.
        /// </summary>
        [LibraryImport(Libraries.VerilatorShim, EntryPoint = "vb_tick")]
        [SuppressGCTransition]
        internal static partial int vb_tick_suppressed(nint model, int clockIndex, ulong cycles);

        [LibraryImport(Libraries.VerilatorShim)]
        [SuppressGCTransition]
        internal static partial ulong vb_cycle(nint model);

        /// <summary><c>vb_cycle</c> without <see cref="SuppressGCTransitionAttribute"/>: RtlBench measures what the attribute saves.</summary>
        [LibraryImport(Libraries.VerilatorShim, EntryPoint = "vb_cycle")]
        internal static partial ulong vb_cycle_transitioned(nint model);

        [LibraryImport(Libraries.VerilatorShim)]
        [SuppressGCTransition]
        internal static partial ulong vb_time(nint model);

        [LibraryImport(Libraries.VerilatorShim)]
        internal static partial void vb_set_half_period(nint model, ulong halfPeriod);

        [LibraryImport(Libraries.VerilatorShim)]
        internal static partial int vb_time_precision(nint model);

        [LibraryImport(Libraries.VerilatorShim)]
        [SuppressGCTransition]
        internal static partial int vb_finished(nint model);

        [LibraryImport(Libraries.VerilatorShim)]
        [SuppressGCTransition]
        internal static partial int vb_failed(nint model);

        [LibraryImport(Libraries.VerilatorShim, StringMarshalling = StringMarshalling.Utf8)]
        internal static partial int vb_trace_open(nint model, string path, int depth);

        [LibraryImport(Libraries.VerilatorShim)]
        internal static partial int vb_trace_close(nint model);

        [LibraryImport(Libraries.VerilatorShim)]
        internal static partial int vb_trace_flush(nint model);

        [LibraryImport(Libraries.VerilatorShim)]
        internal static partial void vb_set_echo(nint model, int echo);

        [LibraryImport(Libraries.VerilatorShim)]
        internal static partial int vb_read_output(nint model, byte* buffer, int capacity);

        [LibraryImport(Libraries.VerilatorShim)]
        internal static partial int vb_run_cycles(nint model, int clockIndex, int heldIndex, ulong heldValue, ulong cycles, ref ulong seed, ref ulong checksum);

        /// <summary>The message of the last failing call on this thread.</summary>
        internal static string LastError()
        {
            byte* message = vb_last_error();
            return message is null ? string.Empty : Marshal.PtrToStringUTF8((nint)message) ?? string.Empty;
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        internal static string Utf8(byte* text) => Marshal.PtrToStringUTF8((nint)text) ?? string.Empty;
    }
}
