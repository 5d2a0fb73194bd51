/*
 * vb_bridge.c: libvbridge.so, the generic half of the Verilator bridge (see vb_shim.h).
 *
 * Every model call is one indirect tail jump into the model's design library, so a process can hold models of
 * any number of designs while C# binds to one library name. Build:
 *   cc -O2 -fPIC -shared -fvisibility=hidden -Wl,--version-script=vb_bridge.map -o libvbridge.so vb_bridge.c -ldl -lpthread
 */
#include "vb_shim.h"

#include <dlfcn.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define VB_EXPORT __attribute__((visibility("default")))
#define VB_ERROR_CAPACITY 4096

/* This library's TLS is initial-exec (see t_current) and so must stay tiny: the error text lives on the heap,
 * one buffer per thread that ever failed a call (freed when the thread ends). */
static __thread char* t_last_error __attribute__((tls_model("initial-exec")));
static pthread_key_t s_error_key;
static pthread_once_t s_error_key_once = PTHREAD_ONCE_INIT;

static void create_error_key(void) { pthread_key_create(&s_error_key, free); }

static char* error_buffer(void)
{
    if (!t_last_error)
    {
        t_last_error = calloc(1, VB_ERROR_CAPACITY);
        pthread_once(&s_error_key_once, create_error_key);
        pthread_setspecific(s_error_key, t_last_error);
    }

    return t_last_error;
}

/* The model whose VerilatedContext this thread was last given. Verilator finds a model's context through a
 * thread-local of its runtime (one per design library); setting it costs a __tls_get_addr call in a dlopen()ed
 * library, so the bridge sets it only when the thread switches models. initial-exec: one %fs-relative load (this
 * small library can take static TLS; a design library, with 33 KB of runtime TLS, cannot). */
static __thread vb_model* t_current __attribute__((tls_model("initial-exec")));

static inline void enter(vb_model* model)
{
    if (__builtin_expect(t_current != model, 0))
    {
        model->design->make_current(model);
        t_current = model;
    }
}

static void set_error(const char* message)
{
    snprintf(error_buffer(), VB_ERROR_CAPACITY, "%s", message ? message : "(no message)");
}

static const vb_host s_host = { set_error };

VB_EXPORT int32_t vb_abi_version(void) { return VB_ABI_VERSION; }

VB_EXPORT const char* vb_last_error(void) { return t_last_error ? t_last_error : ""; }

VB_EXPORT int32_t vb_check_design(const vb_design* design)
{
    if (!design)
    {
        set_error("vb_check_design: design is NULL");
        return VB_ERROR_INVALID_ARGUMENT;
    }

    if (design->abi_version != VB_ABI_VERSION || design->size != sizeof(vb_design))
    {
        snprintf(error_buffer(), VB_ERROR_CAPACITY,
                 "the design library was built for vb ABI %u (table size %u); this bridge speaks ABI %d (table size %zu): rebuild the design",
                 design->abi_version, design->size, VB_ABI_VERSION, sizeof(vb_design));
        return VB_ERROR_ABI;
    }

    return VB_OK;
}

VB_EXPORT const vb_design* vb_open_design(const char* path)
{
    /* Never closed: models and port pointers may outlive any handle the caller keeps. */
    void* library = dlopen(path, RTLD_NOW | RTLD_LOCAL);
    if (!library)
    {
        const char* reason = dlerror();
        snprintf(error_buffer(), VB_ERROR_CAPACITY, "cannot load the design library %s: %s", path, reason ? reason : "unknown error");
        return NULL;
    }

    void* entry = dlsym(library, "vb_design_v1");
    if (!entry)
    {
        snprintf(error_buffer(), VB_ERROR_CAPACITY, "%s is not a design library: it does not export vb_design_v1", path);
        return NULL;
    }

    const vb_design* design = ((const vb_design* (*)(void))entry)();
    return vb_check_design(design) == VB_OK ? design : NULL;
}

VB_EXPORT const char* vb_design_top(const vb_design* design) { return design->top; }

VB_EXPORT const char* vb_design_verilator_version(const vb_design* design) { return design->verilator_version; }

VB_EXPORT int32_t vb_design_trace_kind(const vb_design* design) { return design->trace_kind; }

VB_EXPORT int32_t vb_design_port_count(const vb_design* design) { return design->port_count; }

VB_EXPORT int32_t vb_design_port(const vb_design* design, int32_t index, const char** name, int32_t* direction, int32_t* width)
{
    if (index < 0 || index >= design->port_count)
    {
        snprintf(error_buffer(), VB_ERROR_CAPACITY, "port index %d is out of range (the design has %d ports)", index, design->port_count);
        return VB_ERROR_INVALID_ARGUMENT;
    }

    *name = design->ports[index].name;
    *direction = design->ports[index].direction;
    *width = design->ports[index].width;
    return VB_OK;
}

VB_EXPORT vb_model* vb_create(const vb_design* design, const char* instance_name)
{
    if (vb_check_design(design) != VB_OK)
    {
        return NULL;
    }

    /* Creating a model makes its new context the thread's. */
    vb_model* model = design->create(&s_host, instance_name ? instance_name : "TOP");
    t_current = model;
    return model;
}

VB_EXPORT void vb_destroy(vb_model* model)
{
    if (model)
    {
        /* Destroying a model leaves the thread with no context. */
        model->design->destroy(model);
        t_current = NULL;
    }
}

VB_EXPORT void* vb_port_ptr(vb_model* model, int32_t index)
{
    if (index < 0 || index >= model->design->port_count)
    {
        return NULL;
    }

    return model->ports[index];
}

VB_EXPORT int32_t vb_eval(vb_model* model)
{
    enter(model);
    return model->design->eval(model);
}

VB_EXPORT int32_t vb_step(vb_model* model, uint64_t time_step)
{
    enter(model);
    return model->design->step(model, time_step);
}

VB_EXPORT int32_t vb_tick(vb_model* model, int32_t clock_index, uint64_t cycles)
{
    enter(model);
    return model->design->tick(model, clock_index, cycles);
}

VB_EXPORT uint64_t vb_cycle(const vb_model* model) { return model->cycle; }

VB_EXPORT uint64_t vb_time(vb_model* model) { return model->design->time(model); }

VB_EXPORT void vb_set_half_period(vb_model* model, uint64_t half_period) { model->design->set_half_period(model, half_period); }

VB_EXPORT int32_t vb_time_precision(vb_model* model) { return model->design->time_precision(model); }

VB_EXPORT int32_t vb_finished(const vb_model* model) { return model->finished; }

VB_EXPORT int32_t vb_failed(const vb_model* model) { return model->failed; }

VB_EXPORT int32_t vb_trace_open(vb_model* model, const char* path, int32_t depth)
{
    enter(model);
    return model->design->trace_open(model, path, depth);
}

VB_EXPORT int32_t vb_trace_close(vb_model* model) { return model->design->trace_close(model); }

VB_EXPORT int32_t vb_trace_flush(vb_model* model) { return model->design->trace_flush(model); }

VB_EXPORT void vb_set_echo(vb_model* model, int32_t echo) { model->design->set_echo(model, echo); }

VB_EXPORT int32_t vb_read_output(vb_model* model, uint8_t* buffer, int32_t capacity) { return model->design->read_output(model, buffer, capacity); }

VB_EXPORT int32_t vb_run_cycles(vb_model* model, int32_t clock_index, int32_t held_index, uint64_t held_value, uint64_t cycles,
                                uint64_t* seed, uint64_t* checksum)
{
    enter(model);
    return model->design->run_cycles(model, clock_index, held_index, held_value, cycles, seed, checksum);
}
