/*
 * The only state libsel4 keeps out of line: each thread's IPC-buffer pointer
 * (thread-local, found through tpidruro) and the root task's boot-info
 * pointer. Link the sel4_globals library once per program that needs them.
 */
#include <sel4/sel4.h>

LIBSEL4_THREAD_LOCAL seL4_IPCBuffer *__sel4_ipc_buffer;

static seL4_BootInfo *boot_info;

void seL4_InitBootInfo(seL4_BootInfo *bi)
{
    boot_info = bi;
}

seL4_BootInfo *seL4_GetBootInfo(void)
{
    return boot_info;
}
