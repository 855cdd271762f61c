/*
 * Start-up and exit of a root task (see <keel/runtime.h>). crt0.S calls
 * keel_runtime_start with the BootInfo pointer the kernel passed in r0 and
 * a stack; nothing here may touch a thread-local variable (including
 * errno) before the TLS base is set.
 */
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
#include <sel4/sel4.h>
#include <keel/runtime.h>

int main(int argc, char *argv[]);
void __libc_init_array(void);
_Noreturn void keel_runtime_start(seL4_BootInfo *bootinfo);

/* The initial thread's TLS area; a program with more thread-locals than
 * fit stops at start-up with a message saying so. */
#define INITIAL_TLS_BYTES 512
#define INITIAL_TLS_ALIGN 64
static char initial_tls[INITIAL_TLS_BYTES] __attribute__((aligned(INITIAL_TLS_ALIGN)));

static char *no_arguments[] = { NULL };

/*
 * The end of the program. A debug build halts the machine (seL4_DebugHalt,
 * which powers QEMU off). A release build has no debug system calls, as on
 * seL4, so the initial thread suspends itself and the machine idles ("parks")
 * until it is stopped from outside.
 */
static _Noreturn void runtime_stop(void)
{
    for (;;) {
#ifdef CONFIG_DEBUG_BUILD
        seL4_DebugHalt();
#else
        seL4_TCB_Suspend(seL4_CapInitThreadTCB);
#endif
    }
}

/* Output that needs neither TLS nor stdio (none without CONFIG_PRINTING). */
static _Noreturn void start_failed(const char *why)
{
#ifdef CONFIG_PRINTING
    seL4_DebugPutString("runtime: cannot start: ");
    seL4_DebugPutString((char *)why);
    seL4_DebugPutChar('\n');
#else
    (void)why;
#endif
    runtime_stop();
}

_Noreturn void keel_runtime_start(seL4_BootInfo *bootinfo)
{
    if (keel_tls_area_size() > sizeof(initial_tls) || keel_tls_area_align() > INITIAL_TLS_ALIGN) {
        start_failed("thread-local data larger than the initial TLS area");
    }
    /* tpidruro is read-only at user level: seL4 sets it by system call. */
    seL4_SetTLSBase(keel_tls_init(initial_tls));
    if (bootinfo == NULL) {
        start_failed("no BootInfo pointer in r0");
    }
    seL4_SetIPCBuffer(bootinfo->ipcBuffer);
    seL4_InitBootInfo(bootinfo);
    __libc_init_array();
    exit(main(0, no_arguments));
}

/* How a root task ends. A program built as a process (keel_process in
 * apps/CMakeLists.txt) links process_exit.c, whose definition replaces
 * this weak one. */
__attribute__((weak)) _Noreturn void keel_runtime_exit(int status)
{
    printf(KEEL_EXIT_MESSAGE, status);
    runtime_stop();
}

/* picolibc's exit() ends here, after atexit handlers and destructors. */
_Noreturn void _exit(int status)
{
    keel_runtime_exit(status);
}
