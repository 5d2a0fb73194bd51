/*
 * vb_bridge.c: libvbridge.so, the generic half of the Verilator bridge (see vb_shim.h).
 *
 * Every model call is one indirect tail jump into the model's design library, so a process can hold models of
 * any number of designs while C# binds to one library name. Build:
 *   cc -O2 -fPIC -shared -fvisibility=hidden -Wl,--version-script=vb_bridge.map -o libvbridge.so vb_bridge.c -ldl
 */
#include "vb_shim.h"

#include <dlfcn.h>
#include <stdio.h>
#include <string.h>

#define VB_EXPORT __attribute__((visibility("default")))
#define VB_ERROR_CAPACITY 4096

static _Thread_local char s_last_error[VB_ERROR_CAPACITY];

static void set_error(const char* message)
{
    snprintf(s_last_error, sizeof s_last_error, "%s", message ? message : "(no message)");
}

static const vb_host s_host = { set_error };

VB_EXPORT int32_t vb_abi_version(void) { return VB_ABI_VERSION; }

VB_EXPORT const char* vb_last_error(void) { return s_last_error; }

VB_EXPORT int32_t vb_check_design(const vb_design* design)
{
    if (!design)
    {
        set_error("vb_check_design: design is NULL");
        return VB_ERROR_INVALID_ARGUMENT;
    }

    if (design->abi_version != VB_ABI_VERSION || design->size != sizeof(vb_design))
    {
        snprintf(s_last_error, sizeof s_last_error,
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
        snprintf(s_last_error, sizeof s_last_error, "cannot load the design library %s: %s", path, reason ? reason : "unknown error");
        return NULL;
    }

    void* entry = dlsym(library, "vb_design_v1");
    if (!entry)
    {
        snprintf(s_last_error, sizeof s_last_error, "%s is not a design library: it does not export vb_design_v1", path);
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
        snprintf(s_last_error, sizeof s_last_error, "port index %d is out of range (the design has %d ports)", index, design->port_count);
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

    return design->create(&s_host, instance_name ? instance_name : "TOP");
}

VB_EXPORT void vb_destroy(vb_model* model)
{
    if (model)
    {
        model->design->destroy(model);
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

VB_EXPORT int32_t vb_eval(vb_model* model) { return model->design->eval(model); }

VB_EXPORT int32_t vb_step(vb_model* model, uint64_t time_step) { return model->design->step(model, time_step); }

VB_EXPORT int32_t vb_tick(vb_model* model, int32_t clock_index, uint64_t cycles) { return model->design->tick(model, clock_index, cycles); }

VB_EXPORT uint64_t vb_cycle(const vb_model* model) { return model->cycle; }

VB_EXPORT uint64_t vb_time(vb_model* model) { return model->design->time(model); }

VB_EXPORT void vb_set_half_period(vb_model* model, uint64_t half_period) { model->design->set_half_period(model, half_period); }

VB_EXPORT int32_t vb_time_precision(vb_model* model) { return model->design->time_precision(model); }

VB_EXPORT int32_t vb_finished(const vb_model* model) { return model->finished; }

VB_EXPORT int32_t vb_failed(const vb_model* model) { return model->failed; }

VB_EXPORT int32_t vb_trace_open(vb_model* model, const char* path, int32_t depth) { return model->design->trace_open(model, path, depth); }

VB_EXPORT int32_t vb_trace_close(vb_model* model) { return model->design->trace_close(model); }

VB_EXPORT int32_t vb_trace_flush(vb_model* model) { return model->design->trace_flush(model); }

VB_EXPORT void vb_set_echo(vb_model* model, int32_t echo) { model->design->set_echo(model, echo); }

VB_EXPORT int32_t vb_read_output(vb_model* model, uint8_t* buffer, int32_t capacity) { return model->design->read_output(model, buffer, capacity); }

VB_EXPORT int32_t vb_run_cycles(vb_model* model, int32_t clock_index, int32_t held_index, uint64_t held_value, uint64_t cycles,
                                uint64_t* seed, uint64_t* checksum)
{
    return model->design->run_cycles(model, clock_index, held_index, held_value, cycles, seed, checksum);
}
