namespace Cosim.Hdl;

/// <summary>The result of a shim call (<c>vb_status</c> in native/vb_shim.h).</summary>
public enum VerilatorStatus
{
    /// <summary><c>VB_OK</c>.</summary>
    Ok = 0,

    /// <summary><c>VB_FINISHED</c>: the RTL executed <c>$finish</c>; a tick stops after that cycle.</summary>
    Finished = 1,

    /// <summary><c>VB_ERROR_INVALID_ARGUMENT</c>: a port index, clock or argument the design cannot take.</summary>
    InvalidArgument = -1,

    /// <summary><c>VB_ERROR_STOPPED</c>: <c>$stop</c>, <c>$fatal</c>, <c>$error</c> or a failed immediate assertion.</summary>
    Stopped = -2,

    /// <summary><c>VB_ERROR_FATAL</c>: the Verilator runtime gave up (for example "did not converge").</summary>
    Fatal = -3,

    /// <summary><c>VB_ERROR_MODEL_FAILED</c>: an earlier call failed; the model refuses to evaluate again.</summary>
    ModelFailed = -4,

    /// <summary><c>VB_ERROR_TRACE</c>: tracing is not compiled in, a trace is already open, or the file cannot be written.</summary>
    Trace = -5,

    /// <summary><c>VB_ERROR_INTERNAL</c>: an unexpected C++ exception in the shim or the model.</summary>
    Internal = -6,

    /// <summary><c>VB_ERROR_ABI</c>: the design library was built for another shim ABI version.</summary>
    AbiMismatch = -7,
}
