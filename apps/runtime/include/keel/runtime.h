/*
 * Keel's C runtime for root tasks (apps/runtime): what happens before main()
 * and after it returns, and the thread-local storage helpers a program needs
 * once it starts threads of its own.
 *
 * Before main(): the stack, a TLS block for the initial thread (tpidruro set
 * with seL4_SetTLSBase), __sel4_ipc_buffer = the BootInfo's IPC buffer,
 * seL4_GetBootInfo() ready, stdin/stdout/stderr on the kernel's debug
 * console (seL4_DebugPutChar; output is dropped in builds without
 * CONFIG_PRINTING), constructors run. main() may be `int main(void)`; it
 * gets argc = 0 and argv = { NULL }. When it returns (or exit() is called),
 * the runtime prints the status and stops the system with seL4_DebugHalt()
 * in a debug build; a release build, which lacks that call, suspends the
 * initial thread instead and leaves the machine idle. A program built as a
 * process (keel_process) ends on its own instead: see keel_runtime_exit.
 */
#pragma once

#include <stddef.h>
#include <sel4/sel4.h>

/* Bytes and alignment of one thread's TLS area: ARM's 8-byte thread
 * control block (unused by this runtime), then the program's TLS block. */
size_t keel_tls_area_size(void);
size_t keel_tls_area_align(void);

/*
 * Fill a TLS area (keel_tls_area_size() bytes, aligned to
 * keel_tls_area_align()) with a fresh copy of the program's thread-locals
 * and return the thread-pointer value for it: pass that to
 * seL4_SetTLSBase() from the thread itself, or to seL4_TCB_SetTLSBase().
 */
seL4_Word keel_tls_init(void *area);

/* The line the runtime prints when the program ends; the boot tests of the
 * manifest look for it. */
#define KEEL_EXIT_MESSAGE "Root task exited with status %d\n"

/*
 * How the program ends after exit() or main's return. A root task's ends
 * the system, as above. A process's (a program built with keel_process
 * and started by another, e.g. with rootlib_process_start) ends only the
 * process: it prints KEEL_PROCESS_EXIT_MESSAGE, sends its status in MR0
 * with label KEEL_PROCESS_EXIT_LABEL on the cap in its slot
 * KEEL_PROCESS_EXIT_SLOT (where rootlib puts the process's fault endpoint:
 * its parent hears of the exit where it hears of its faults), and suspends
 * itself (its own TCB cap in slot seL4_CapInitThreadTCB, as in a root
 * task). Label 0 is seL4_Fault_NullFault, which the kernel never sends, so
 * the parent tells an exit from a fault. A process without a cap in that
 * slot takes a cap fault instead, which ends it as well.
 */
_Noreturn void keel_runtime_exit(int status);
#define KEEL_PROCESS_EXIT_MESSAGE "Process exited with status %d\n"
#define KEEL_PROCESS_EXIT_SLOT 4u
#define KEEL_PROCESS_EXIT_LABEL 0u
