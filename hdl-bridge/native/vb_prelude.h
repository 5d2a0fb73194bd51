/*
 * vb_prelude.h: force-included (-include) into every C++ file of a design library, the Verilator runtime included.
 *
 * - Verilator prints $display, $write and its own messages through VL_PRINTF; routing it to vb_printf lets the
 *   shim keep the RTL's console output per model and quote it in the error of a $fatal or a failed assertion.
 * - With -DVL_USER_STOP_MAYBE, verilated.cpp calls vl_stop_maybe without declaring it; vb_design.cpp defines it.
 */
#ifndef VB_PRELUDE_H
#define VB_PRELUDE_H

#include <cstdarg>

extern int vb_printf(const char* format, ...) __attribute__((format(printf, 1, 2)));
extern int vb_vprintf(const char* format, va_list arguments);
extern void vl_stop_maybe(const char* filename, int linenum, const char* hier, bool maybe);

#define VL_PRINTF vb_printf
#define VL_VPRINTF vb_vprintf

#endif /* VB_PRELUDE_H */
