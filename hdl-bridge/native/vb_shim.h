/*
 * vb_shim.h: the C ABI between Cosim.Hdl (C#) and Verilator-built RTL models.
 *
 * Two shared libraries speak it:
 *
 *   libvbridge.so       the bridge: every vb_* function below. Generic, the same for every design, built once
 *                       from vb_bridge.c. C# binds to it with [LibraryImport("vbridge")].
 *   libvb_<top>.so      one per design: the Verilated model, the Verilator runtime and vb_design.cpp. It exports
 *                       exactly one symbol, vb_design_v1(), which returns the design's vb_design table.
 *
 * A model handle remembers its design, so one process can hold models of many designs; each bridge call costs
 * one indirect (tail) jump into the design library.
 *
 * Only fixed-width types cross the boundary. Errors are a negative vb_status; the message is in vb_last_error()
 * (thread-local, valid until the next failing call on the same thread).
 *
 * Port storage (vb_port_ptr) is Verilator's own: 1..8 bits in a uint8_t, 9..16 in a uint16_t, 17..32 in a
 * uint32_t, 33..64 in a uint64_t, wider ports in uint32_t words, least significant word first. Bits above the
 * port's width must stay zero. A pointer is valid until vb_destroy.
 */
#ifndef VB_SHIM_H
#define VB_SHIM_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Bumped whenever a signature, a struct or a code below changes; the bridge refuses a design of another ABI. */
#define VB_ABI_VERSION 2

/* vb_status: the result of every fallible call. Cosim.Hdl's VerilatorStatus mirrors these (a test compares). */
#define VB_OK 0
#define VB_FINISHED 1                 /* the RTL executed $finish; vb_tick stopped after that cycle */
#define VB_ERROR_INVALID_ARGUMENT (-1)
#define VB_ERROR_STOPPED (-2)         /* $stop, $fatal, $error or a failed immediate assertion */
#define VB_ERROR_FATAL (-3)           /* the Verilator runtime gave up (e.g. "did not converge") */
#define VB_ERROR_MODEL_FAILED (-4)    /* an earlier call failed; the model refuses to evaluate again */
#define VB_ERROR_TRACE (-5)           /* tracing not compiled in, already open, or the file cannot be written */
#define VB_ERROR_INTERNAL (-6)        /* an unexpected C++ exception */
#define VB_ERROR_ABI (-7)             /* the design library was built for another ABI version */

/* vb_direction */
#define VB_DIRECTION_INPUT 1
#define VB_DIRECTION_OUTPUT 2
#define VB_DIRECTION_INOUT 3

/* vb_trace_kind */
#define VB_TRACE_NONE 0
#define VB_TRACE_VCD 1
#define VB_TRACE_FST 2

typedef struct vb_design vb_design;
typedef struct vb_model vb_model;

/* ---- bridge exports (libvbridge.so) ---------------------------------------------------------------------------- */

int32_t vb_abi_version(void);
const char* vb_last_error(void);

/* dlopen()s a design library (never closed) and returns its checked vb_design table; NULL on error. */
const vb_design* vb_open_design(const char* path);
/* Checks the design's ABI version; VB_OK or VB_ERROR_ABI. */
int32_t vb_check_design(const vb_design* design);
const char* vb_design_top(const vb_design* design);
const char* vb_design_verilator_version(const vb_design* design);
int32_t vb_design_trace_kind(const vb_design* design);
int32_t vb_design_port_count(const vb_design* design);
/* Name, direction and width in bits of port index (pin order); VB_ERROR_INVALID_ARGUMENT when out of range. */
int32_t vb_design_port(const vb_design* design, int32_t index, const char** name, int32_t* direction, int32_t* width);

/* A new model with its own VerilatedContext, evaluated once with every input zero (so that the first rising
 * edge of a clock is seen as an edge). NULL on error (see vb_last_error). */
vb_model* vb_create(const vb_design* design, const char* instance_name);
/* Runs final blocks, closes the trace, frees the model. Safe on NULL. */
void vb_destroy(vb_model* model);

void* vb_port_ptr(vb_model* model, int32_t index);

/* Evaluates the model at the current time (no trace dump). */
int32_t vb_eval(vb_model* model);
/* Advances time by time_step, evaluates, dumps the trace if open. */
int32_t vb_step(vb_model* model, uint64_t time_step);
/* cycles full periods of the clock port: time += half; clock = 1; eval; dump; time += half; clock = 0; eval; dump.
 * Stops early with VB_FINISHED after the cycle in which $finish ran. */
int32_t vb_tick(vb_model* model, int32_t clock_index, uint64_t cycles);

uint64_t vb_cycle(const vb_model* model);     /* rising edges made by vb_tick and vb_run_cycles */
uint64_t vb_time(vb_model* model);            /* VerilatedContext::time() */
void vb_set_half_period(vb_model* model, uint64_t half_period); /* time units per clock phase; default 1 */
int32_t vb_time_precision(vb_model* model);   /* power of ten of one time unit: -12 = 1 ps */
int32_t vb_finished(const vb_model* model);   /* nonzero once $finish ran */
int32_t vb_failed(const vb_model* model);     /* nonzero once an evaluation failed */

/* Tracing (format fixed at build time): open writes the current values at the current time. */
int32_t vb_trace_open(vb_model* model, const char* path, int32_t depth);
int32_t vb_trace_close(vb_model* model);
int32_t vb_trace_flush(vb_model* model);

/* RTL console output ($display, $write, Verilator messages). echo != 0 also writes it to stdout (the default).
 * vb_read_output moves up to capacity bytes of the retained output (at most 64 KiB, oldest dropped) into buffer
 * and returns how many. */
void vb_set_echo(vb_model* model, int32_t echo);
int32_t vb_read_output(vb_model* model, uint8_t* buffer, int32_t capacity);

/* The reference stimulus, all in C++ (the benchmark's baseline): per cycle, every input port except the clock
 * and the held port gets the next values of an xorshift64 generator (masked to its width, wide ports word by
 * word from the least significant), the held port gets held_value, then one vb_tick cycle, then every output
 * port's words are folded into *checksum (checksum = checksum * 31 + word). held_index may be -1. */
int32_t vb_run_cycles(vb_model* model, int32_t clock_index, int32_t held_index, uint64_t held_value, uint64_t cycles,
                      uint64_t* seed, uint64_t* checksum);

/* ---- the contract between the bridge and a design library (not for C#) ------------------------------------------ */

typedef struct vb_port_desc
{
    const char* name;
    int32_t direction;
    int32_t width;
} vb_port_desc;

/* Services the bridge lends a design: errors reach vb_last_error through set_error. */
typedef struct vb_host
{
    void (*set_error)(const char* message);
} vb_host;

/* The part of every model the bridge reads directly; a design's model starts with it. */
struct vb_model
{
    const vb_design* design;
    void* const* ports;
    uint64_t cycle;
    int32_t finished;
    int32_t failed;
};

struct vb_design
{
    uint32_t abi_version;
    uint32_t size;
    const char* top;
    const char* verilator_version;
    int32_t trace_kind;
    int32_t port_count;
    const vb_port_desc* ports;
    vb_model* (*create)(const vb_host* host, const char* instance_name);
    void (*destroy)(vb_model* model);
    /* Makes the model's VerilatedContext the calling thread's (Verilated::threadContextp). The bridge calls it
     * before an entry point when the thread last entered another model; entry points do not call it themselves. */
    void (*make_current)(vb_model* model);
    int32_t (*eval)(vb_model* model);
    int32_t (*step)(vb_model* model, uint64_t time_step);
    int32_t (*tick)(vb_model* model, int32_t clock_index, uint64_t cycles);
    uint64_t (*time)(vb_model* model);
    void (*set_half_period)(vb_model* model, uint64_t half_period);
    int32_t (*time_precision)(vb_model* model);
    int32_t (*trace_open)(vb_model* model, const char* path, int32_t depth);
    int32_t (*trace_close)(vb_model* model);
    int32_t (*trace_flush)(vb_model* model);
    void (*set_echo)(vb_model* model, int32_t echo);
    int32_t (*read_output)(vb_model* model, uint8_t* buffer, int32_t capacity);
    int32_t (*run_cycles)(vb_model* model, int32_t clock_index, int32_t held_index, uint64_t held_value, uint64_t cycles,
                          uint64_t* seed, uint64_t* checksum);
};

/* The one symbol a design library exports. */
const vb_design* vb_design_v1(void);

#ifdef __cplusplus
}
#endif

#endif /* VB_SHIM_H */
