/*
 * The end of a program built as a process (keel_process in
 * apps/CMakeLists.txt): it tells its parent and suspends itself instead of
 * stopping the system (see keel_runtime_exit in <keel/runtime.h>).
 */
#include <stdio.h>
#include <sel4/sel4.h>
#include <keel/runtime.h>

_Noreturn void keel_runtime_exit(int status)
{
    printf(KEEL_PROCESS_EXIT_MESSAGE, status);
    seL4_SetMR(0, (seL4_Word)status);
    seL4_Send(KEEL_PROCESS_EXIT_SLOT, seL4_MessageInfo_new(KEEL_PROCESS_EXIT_LABEL, 0, 0, 1));
    for (;;) {
        seL4_TCB_Suspend(seL4_CapInitThreadTCB);
    }
}
