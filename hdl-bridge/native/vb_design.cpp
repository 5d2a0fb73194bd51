/*
 * vb_design.cpp: the design half of the Verilator bridge, compiled into every libvb_<top>.so (see vb_shim.h).
 *
 * Generic: the only per-design input is vb_ports.inc, generated from Verilator's own netlist description
 * (--xml-only or --json-only), one line per top-level port in pin order:
 *     VB_PORT(cpp_member, "verilog_name", VB_DIRECTION_INPUT, width)
 *
 * The generator also writes vb_config.h: VB_TOP_NAME, VB_VERILATOR_VERSION and VB_TRACE_KIND (VB_TRACE_NONE,
 * VB_TRACE_VCD or VB_TRACE_FST, matching the Verilator trace option).
 *
 * Compile every object (the Verilator runtime too) with -DVL_USER_FATAL -DVL_USER_STOP -DVL_USER_STOP_MAYBE
 * -DVL_USER_FINISH (this file replaces vl_fatal/vl_stop/vl_finish, which would abort or exit the host process)
 * and -include vb_prelude.h.
 */
#include "vb_config.h"

#include "Vtop.h"
#include "verilated.h"

#include "vb_shim.h"

#ifndef VB_TRACE_KIND
#error "VB_TRACE_KIND must be defined (0 none, 1 VCD, 2 FST)"
#endif

#if VB_TRACE_KIND == VB_TRACE_FST
#include "verilated_fst_c.h"
typedef VerilatedFstC vb_trace_file;
#elif VB_TRACE_KIND == VB_TRACE_VCD
#include "verilated_vcd_c.h"
typedef VerilatedVcdC vb_trace_file;
#endif

#include <cerrno>
#include <cstdarg>
#include <cstddef>
#include <cstdio>
#include <cstring>
#include <exception>
#include <new>
#include <mutex>
#include <string>
#include <unordered_map>

#define VB_EXPORT extern "C" __attribute__((visibility("default")))

namespace
{

constexpr int storage_bytes(int width)
{
    return width <= 8 ? 1 : width <= 16 ? 2 : width <= 32 ? 4 : width <= 64 ? 8 : ((width + 31) / 32) * 4;
}

const vb_port_desc k_ports[] = {
#define VB_PORT(member, name, direction, width) { name, direction, width },
#include "vb_ports.inc"
#undef VB_PORT
    { nullptr, 0, 0 },
};

constexpr int32_t k_port_count = static_cast<int32_t>(sizeof k_ports / sizeof k_ports[0]) - 1;
constexpr size_t k_output_capacity = 64 * 1024;
constexpr size_t k_error_output_tail = 512;

/* Thrown by the vl_* hooks; caught at every entry point, which fails the model. */
struct SimulationError
{
    int32_t status;
    std::string message;
};

/* Standard layout: the bridge reads `base` through a vb_model*. */
struct Model
{
    vb_model base;
    Vtop* top;
    VerilatedContext* context;
    const vb_host* host;
    void* ports[k_port_count + 1];
    uint64_t half_period;
    std::string* output;        /* retained console output, at most k_output_capacity bytes */
    uint64_t output_written;    /* bytes ever written, so an entry point can tell what it printed */
    int32_t echo;
#if VB_TRACE_KIND != VB_TRACE_NONE
    vb_trace_file* trace;
#endif
};

/* Which model owns a VerilatedContext: vl_finish and vb_printf find "their" model through the thread's context
 * (Verilated::threadContextp(), set by every entry point). Looked up only on those rare paths, so the hot path
 * pays no lookup; a thread_local of our own would cost a __tls_get_addr call per entry in a dlopen()ed library. */
std::mutex s_registry_mutex;
std::unordered_map<const VerilatedContext*, Model*> s_registry;

Model* model_of_this_thread()
{
    const VerilatedContext* context = Verilated::threadContextp();
    std::lock_guard<std::mutex> lock(s_registry_mutex);
    auto found = s_registry.find(context);
    return found == s_registry.end() ? nullptr : found->second;
}

inline Model* as_model(vb_model* model) { return reinterpret_cast<Model*>(model); }

/* Makes a model's context the thread's: the Verilator runtime finds "its" context through
 * Verilated::threadContextp() (scope tables, %t formatting, and our hooks). With several contexts in a process
 * it must be right on every entry, or a model's destructor would erase its scopes from whichever context the
 * thread used last (possibly a deleted one). The bridge calls this (vb_design.make_current) when a thread
 * switches models; create and destroy set the context themselves. */
void make_current(vb_model* base)
{
    Model* model = as_model(base);
    if (model->context != nullptr)
    {
        Verilated::threadContextp(model->context);
    }
}

inline void dump(Model* model)
{
#if VB_TRACE_KIND != VB_TRACE_NONE
    if (VL_UNLIKELY(model->trace != nullptr))
    {
        model->trace->dump(model->context->time());
    }
#else
    (void)model;
#endif
}

void set_error(Model* model, const std::string& message)
{
    model->host->set_error(message.c_str());
}

/* The last line the RTL printed since output_mark (the $display of a $fatal or a failed assertion). */
std::string last_output_line(const Model* model, uint64_t output_mark)
{
    if (model->output_written <= output_mark || model->output->empty())
    {
        return std::string();
    }

    uint64_t printed = model->output_written - output_mark;
    size_t available = model->output->size();
    size_t length = printed < available ? static_cast<size_t>(printed) : available;
    std::string text = model->output->substr(available - length);
    while (!text.empty() && (text.back() == '\n' || text.back() == '\r'))
    {
        text.pop_back();
    }

    size_t newline = text.rfind('\n');
    std::string line = newline == std::string::npos ? text : text.substr(newline + 1);
    if (line.size() > k_error_output_tail)
    {
        line = line.substr(line.size() - k_error_output_tail);
    }

    return line;
}

int32_t fail(Model* model, const SimulationError& error, uint64_t output_mark)
{
    model->base.failed = 1;
    std::string message = error.message;
    std::string printed = last_output_line(model, output_mark);
    if (!printed.empty())
    {
        message += " | RTL output: " + printed;
    }

    set_error(model, message);
    return error.status;
}

int32_t refuse(Model* model)
{
    set_error(model, "the model failed earlier (an RTL $stop, $fatal, failed assertion or runtime error); it cannot be evaluated again");
    return VB_ERROR_MODEL_FAILED;
}

/* Runs body with the model current and every failure turned into a status. */
template <typename Body>
int32_t guarded(Model* model, Body body)
{
    uint64_t output_mark = model->output_written;
    try
    {
        return body();
    }
    catch (const SimulationError& error)
    {
        return fail(model, error, output_mark);
    }
    catch (const std::exception& exception)
    {
        return fail(model, SimulationError{ VB_ERROR_INTERNAL, std::string("C++ exception: ") + exception.what() }, output_mark);
    }
    catch (...)
    {
        return fail(model, SimulationError{ VB_ERROR_INTERNAL, "unknown C++ exception" }, output_mark);
    }
}

bool is_clock(int32_t index)
{
    return index >= 0 && index < k_port_count && k_ports[index].width == 1 && k_ports[index].direction != VB_DIRECTION_OUTPUT;
}

int32_t bad_clock(Model* model, int32_t index)
{
    set_error(model, "clock port index " + std::to_string(index) + " is not a 1-bit input of " + std::string(vb_design_v1()->top));
    return VB_ERROR_INVALID_ARGUMENT;
}

int32_t tick_cycles(Model* model, CData* clock, uint64_t cycles)
{
    Vtop* top = model->top;
    VerilatedContext* context = model->context;
    uint64_t half = model->half_period;
    for (uint64_t i = 0; i < cycles; ++i)
    {
        context->timeInc(half);
        *clock = 1;
        top->eval();
        dump(model);
        context->timeInc(half);
        *clock = 0;
        top->eval();
        dump(model);
        ++model->base.cycle;
        if (VL_UNLIKELY(model->base.finished))
        {
            return VB_FINISHED;
        }
    }

    return VB_OK;
}

void append_output(const char* text, size_t length)
{
    Model* model = model_of_this_thread();
    if (model == nullptr)
    {
        fwrite(text, 1, length, stdout);
        fflush(stdout);
        return;
    }

    if (model->echo)
    {
        fwrite(text, 1, length, stdout);
        fflush(stdout);
    }

    model->output->append(text, length);
    model->output_written += length;
    if (model->output->size() > k_output_capacity)
    {
        model->output->erase(0, model->output->size() - k_output_capacity);
    }
}

std::string where(const char* filename, int line, const char* hier)
{
    std::string text = (filename && filename[0]) ? std::string(filename) + ":" + std::to_string(line) : std::string("(unknown location)");
    if (hier && hier[0])
    {
        text += " (" + std::string(hier) + ")";
    }

    return text;
}

/* ---- vb_design entry points --------------------------------------------------------------------------------------- */

void destroy_parts(Model* model)
{
    if (model->context != nullptr)
    {
        Verilated::threadContextp(model->context);
    }

#if VB_TRACE_KIND != VB_TRACE_NONE
    if (model->trace != nullptr)
    {
        model->trace->close();
        delete model->trace;
        model->trace = nullptr;
    }
#endif
    delete model->top;
    if (model->context != nullptr)
    {
        {
            std::lock_guard<std::mutex> lock(s_registry_mutex);
            s_registry.erase(model->context);
        }

        delete model->context;
        /* No thread may keep using the deleted context; every entry point sets its own again. */
        Verilated::threadContextp(nullptr);
    }

    delete model->output;
    delete model;
}

vb_model* create(const vb_host* host, const char* instance_name)
{
    Model* model = new (std::nothrow) Model();
    if (model == nullptr)
    {
        host->set_error("out of memory creating the model");
        return nullptr;
    }

    model->base.design = vb_design_v1();
    model->base.ports = model->ports;
    model->host = host;
    model->half_period = 1;
    model->echo = 1;
    model->output = new std::string();
    int32_t status = guarded(model, [&]() -> int32_t {
        model->context = new VerilatedContext();
        model->context->fatalOnError(false);
#if VB_TRACE_KIND != VB_TRACE_NONE
        model->context->traceEverOn(true);
#endif
        {
            std::lock_guard<std::mutex> lock(s_registry_mutex);
            s_registry[model->context] = model;
        }

        model->top = new Vtop(model->context, instance_name);
        Vtop* top = model->top;
        int32_t index = 0;
#define VB_PORT(member, name, direction, width)                                                                         \
        static_assert(sizeof(top->member) == storage_bytes(width), "port " name ": storage size does not match its width"); \
        model->ports[index++] = static_cast<void*>(&top->member);
#include "vb_ports.inc"
#undef VB_PORT
        (void)index;
        /* Evaluate once with every input at zero: Verilator takes a clock's previous value from the first eval,
         * so without this the first rising edge would be lost. */
        top->eval();
        return VB_OK;
    });
    if (status != VB_OK)
    {
        destroy_parts(model);
        return nullptr;
    }

    return &model->base;
}

void destroy(vb_model* base)
{
    Model* model = as_model(base);
    make_current(base);
    if (!model->base.failed)
    {
        /* final blocks may $display or even $stop; a failure here is not reported: the model is going away. */
        guarded(model, [&]() -> int32_t {
            model->top->final();
            return VB_OK;
        });
    }

    destroy_parts(model);
}

int32_t eval(vb_model* base)
{
    Model* model = as_model(base);
    if (VL_UNLIKELY(model->base.failed))
    {
        return refuse(model);
    }

    return guarded(model, [&]() -> int32_t {
        model->top->eval();
        return model->base.finished ? VB_FINISHED : VB_OK;
    });
}

int32_t step(vb_model* base, uint64_t time_step)
{
    Model* model = as_model(base);
    if (VL_UNLIKELY(model->base.failed))
    {
        return refuse(model);
    }

    return guarded(model, [&]() -> int32_t {
        model->context->timeInc(time_step);
        model->top->eval();
        dump(model);
        return model->base.finished ? VB_FINISHED : VB_OK;
    });
}

int32_t tick(vb_model* base, int32_t clock_index, uint64_t cycles)
{
    Model* model = as_model(base);
    if (VL_UNLIKELY(model->base.failed))
    {
        return refuse(model);
    }

    if (VL_UNLIKELY(!is_clock(clock_index)))
    {
        return bad_clock(model, clock_index);
    }

    CData* clock = static_cast<CData*>(model->ports[clock_index]);
    return guarded(model, [&]() -> int32_t { return tick_cycles(model, clock, cycles); });
}

uint64_t current_time(vb_model* base) { return as_model(base)->context->time(); }

void set_half_period(vb_model* base, uint64_t half_period) { as_model(base)->half_period = half_period; }

int32_t time_precision(vb_model* base) { return as_model(base)->context->timeprecision(); }

int32_t trace_open(vb_model* base, const char* path, int32_t depth)
{
    Model* model = as_model(base);
#if VB_TRACE_KIND == VB_TRACE_NONE
    (void)path;
    (void)depth;
    set_error(model, std::string("tracing is not compiled into the design library of ") + vb_design_v1()->top + "; build it with a trace format");
    return VB_ERROR_TRACE;
#else
    if (model->trace != nullptr)
    {
        set_error(model, "a trace file is already open; close it first");
        return VB_ERROR_TRACE;
    }

    if (path == nullptr || path[0] == '\0' || depth < 0)
    {
        set_error(model, "vb_trace_open: the path is empty or the depth negative");
        return VB_ERROR_INVALID_ARGUMENT;
    }

    /* Probe the path first: Verilator's writers report an unwritable file through vl_fatal or not at all. */
    FILE* probe = fopen(path, "wb");
    if (probe == nullptr)
    {
        set_error(model, std::string("cannot write the trace file ") + path + ": " + strerror(errno));
        return VB_ERROR_TRACE;
    }

    fclose(probe);
    return guarded(model, [&]() -> int32_t {
        vb_trace_file* trace = new vb_trace_file();
        model->top->trace(trace, depth == 0 ? 99 : depth);
        trace->open(path);
        if (!trace->isOpen())
        {
            delete trace;
            throw SimulationError{ VB_ERROR_TRACE, std::string("cannot open the trace file ") + path };
        }

        model->trace = trace;
        trace->dump(model->context->time());
        return VB_OK;
    });
#endif
}

int32_t trace_close(vb_model* base)
{
    Model* model = as_model(base);
#if VB_TRACE_KIND != VB_TRACE_NONE
    if (model->trace != nullptr)
    {
        model->trace->close();
        delete model->trace;
        model->trace = nullptr;
    }
#else
    (void)model;
#endif
    return VB_OK;
}

int32_t trace_flush(vb_model* base)
{
    Model* model = as_model(base);
#if VB_TRACE_KIND != VB_TRACE_NONE
    if (model->trace != nullptr)
    {
        model->trace->flush();
    }
#else
    (void)model;
#endif
    return VB_OK;
}

void set_echo(vb_model* base, int32_t echo) { as_model(base)->echo = echo; }

int32_t read_output(vb_model* base, uint8_t* buffer, int32_t capacity)
{
    Model* model = as_model(base);
    if (capacity <= 0 || buffer == nullptr)
    {
        return 0;
    }

    size_t count = model->output->size() < static_cast<size_t>(capacity) ? model->output->size() : static_cast<size_t>(capacity);
    memcpy(buffer, model->output->data(), count);
    model->output->erase(0, count);
    return static_cast<int32_t>(count);
}

inline uint64_t next_random(uint64_t& state)
{
    state ^= state << 13;
    state ^= state >> 7;
    state ^= state << 17;
    return state;
}

inline uint64_t width_mask(int32_t width) { return width >= 64 ? ~0ULL : (1ULL << width) - 1; }

void drive(void* storage, int32_t width, uint64_t& state)
{
    switch (storage_bytes(width))
    {
        case 1: *static_cast<uint8_t*>(storage) = static_cast<uint8_t>(next_random(state) & width_mask(width)); break;
        case 2: *static_cast<uint16_t*>(storage) = static_cast<uint16_t>(next_random(state) & width_mask(width)); break;
        case 4: *static_cast<uint32_t*>(storage) = static_cast<uint32_t>(next_random(state) & width_mask(width)); break;
        case 8: *static_cast<uint64_t*>(storage) = next_random(state) & width_mask(width); break;
        default:
        {
            uint32_t* words = static_cast<uint32_t*>(storage);
            int32_t count = (width + 31) / 32;
            for (int32_t w = 0; w < count; ++w)
            {
                words[w] = static_cast<uint32_t>(next_random(state));
            }

            if (width % 32 != 0)
            {
                words[count - 1] &= static_cast<uint32_t>(width_mask(width % 32));
            }

            break;
        }
    }
}

void hold(void* storage, int32_t width, uint64_t value)
{
    switch (storage_bytes(width))
    {
        case 1: *static_cast<uint8_t*>(storage) = static_cast<uint8_t>(value & width_mask(width)); break;
        case 2: *static_cast<uint16_t*>(storage) = static_cast<uint16_t>(value & width_mask(width)); break;
        case 4: *static_cast<uint32_t*>(storage) = static_cast<uint32_t>(value & width_mask(width)); break;
        case 8: *static_cast<uint64_t*>(storage) = value & width_mask(width); break;
        default: break;
    }
}

uint64_t fold(const void* storage, int32_t width, uint64_t checksum)
{
    switch (storage_bytes(width))
    {
        case 1: return checksum * 31 + *static_cast<const uint8_t*>(storage);
        case 2: return checksum * 31 + *static_cast<const uint16_t*>(storage);
        case 4: return checksum * 31 + *static_cast<const uint32_t*>(storage);
        case 8: return checksum * 31 + *static_cast<const uint64_t*>(storage);
        default:
        {
            const uint32_t* words = static_cast<const uint32_t*>(storage);
            int32_t count = (width + 31) / 32;
            for (int32_t w = 0; w < count; ++w)
            {
                checksum = checksum * 31 + words[w];
            }

            return checksum;
        }
    }
}

int32_t run_cycles(vb_model* base, int32_t clock_index, int32_t held_index, uint64_t held_value, uint64_t cycles, uint64_t* seed,
                   uint64_t* checksum)
{
    Model* model = as_model(base);
    if (VL_UNLIKELY(model->base.failed))
    {
        return refuse(model);
    }

    if (!is_clock(clock_index))
    {
        return bad_clock(model, clock_index);
    }

    if (held_index >= k_port_count || seed == nullptr || checksum == nullptr || *seed == 0)
    {
        set_error(model, "vb_run_cycles: held port out of range, or seed/checksum NULL, or seed zero");
        return VB_ERROR_INVALID_ARGUMENT;
    }

    CData* clock = static_cast<CData*>(model->ports[clock_index]);
    return guarded(model, [&]() -> int32_t {
        uint64_t state = *seed;
        uint64_t sum = *checksum;
        int32_t status = VB_OK;
        for (uint64_t i = 0; i < cycles && status == VB_OK; ++i)
        {
            for (int32_t p = 0; p < k_port_count; ++p)
            {
                if (p == clock_index || k_ports[p].direction == VB_DIRECTION_OUTPUT)
                {
                    continue;
                }

                if (p == held_index)
                {
                    hold(model->ports[p], k_ports[p].width, held_value);
                }
                else
                {
                    drive(model->ports[p], k_ports[p].width, state);
                }
            }

            status = tick_cycles(model, clock, 1);
            for (int32_t p = 0; p < k_port_count; ++p)
            {
                if (k_ports[p].direction != VB_DIRECTION_INPUT)
                {
                    sum = fold(model->ports[p], k_ports[p].width, sum);
                }
            }
        }

        *seed = state;
        *checksum = sum;
        return status;
    });
}

}  // namespace

/* ---- Verilator's user hooks: never exit or abort the host ----------------------------------------------------------- */

void vl_finish(const char* filename, int linenum, const char* hier)
{
    (void)filename;
    (void)linenum;
    (void)hier;
    Model* model = model_of_this_thread();
    if (model != nullptr)
    {
        model->base.finished = 1;
        model->context->gotFinish(true);
    }
}

void vl_stop(const char* filename, int linenum, const char* hier)
{
    throw SimulationError{ VB_ERROR_STOPPED, "RTL $stop at " + where(filename, linenum, hier) };
}

void vl_stop_maybe(const char* filename, int linenum, const char* hier, bool maybe)
{
    (void)maybe;
    vl_stop(filename, linenum, hier);
}

void vl_fatal(const char* filename, int linenum, const char* hier, const char* msg)
{
    throw SimulationError{ VB_ERROR_FATAL, "Verilator fatal error at " + where(filename, linenum, hier) + ": " + (msg ? msg : "") };
}

int vb_vprintf(const char* format, va_list arguments)
{
    char small[512];
    va_list copy;
    va_copy(copy, arguments);
    int length = vsnprintf(small, sizeof small, format, copy);
    va_end(copy);
    if (length < 0)
    {
        return length;
    }

    if (static_cast<size_t>(length) < sizeof small)
    {
        append_output(small, static_cast<size_t>(length));
        return length;
    }

    std::string large(static_cast<size_t>(length) + 1, '\0');
    vsnprintf(&large[0], large.size(), format, arguments);
    append_output(large.data(), static_cast<size_t>(length));
    return length;
}

int vb_printf(const char* format, ...)
{
    va_list arguments;
    va_start(arguments, format);
    int length = vb_vprintf(format, arguments);
    va_end(arguments);
    return length;
}

/* ---- the one export ------------------------------------------------------------------------------------------------- */

static_assert(offsetof(Model, base) == 0, "the bridge reads vb_model at the start of a model");

VB_EXPORT const vb_design* vb_design_v1(void)
{
    static const vb_design design = {
        VB_ABI_VERSION,
        sizeof(vb_design),
        VB_TOP_NAME,
        VB_VERILATOR_VERSION,
        VB_TRACE_KIND,
        k_port_count,
        k_ports,
        create,
        destroy,
        make_current,
        eval,
        step,
        tick,
        current_time,
        set_half_period,
        time_precision,
        trace_open,
        trace_close,
        trace_flush,
        set_echo,
        read_output,
        run_cycles,
    };
    return &design;
}
