/*
 * Tests of the root-task C runtime (apps/runtime) and the kernel calls it
 * rests on: the TLS block and tpidruro (seL4_SetTLSBase), the IPC buffer
 * pointer, and picolibc's formatted output, errno and heap.
 */
#include <errno.h>
#include <limits.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <keel/runtime.h>
#include "keeltest.h"

/* Initialised, so that they live in .tdata and the template is not empty.
 * Only runtime_tls_template_is_copied touches the first. */
static __thread seL4_Word tls_untouched = 0x1d1e;
static __thread seL4_Word tls_probe = 0x7e57da7a;

/* From the runtime's linker script. */
extern char __heap_start[], __heap_end[];

/* tpidruro, read afresh each time (the compiler may reuse a thread
 * pointer it read before, which a test that moves it must avoid). */
static char *thread_pointer(void)
{
    char *tp;
    __asm__ volatile("mrc p15, 0, %0, c13, c0, 3" : "=r"(tp));
    return tp;
}

static bool in_tls_area(const void *p)
{
    const char *tp = thread_pointer();
    return (const char *)p >= tp && (const char *)p < tp + keel_tls_area_size();
}

KEEL_TEST(runtime_ipc_buffer_pointer_is_thread_local,
          "__sel4_ipc_buffer is the BootInfo's IPC buffer in the initial thread, the "
          "thread's own in another, and lives in the TLS block")
{
    CHECK_EQ((seL4_Word)env->root_ipc_buffer, (seL4_Word)env->bootinfo->ipcBuffer);
    CHECK_EQ((seL4_Word)seL4_GetIPCBuffer(), (seL4_Word)env->ipc_buffer);
    CHECK(in_tls_area(&__sel4_ipc_buffer));
    CHECK(seL4_GetBootInfo() == env->bootinfo);
}

KEEL_TEST(runtime_tls_template_is_copied,
          "initialised thread-locals start with their initial values; the block is aligned")
{
    CHECK(in_tls_area(&tls_untouched));
    CHECK_EQ((seL4_Word)thread_pointer() % keel_tls_area_align(), 0);
    CHECK_EQ(tls_untouched, 0x1d1e);
}

KEEL_TEST(runtime_tls_init_makes_a_fresh_block,
          "keel_tls_init fills a new area with the template: initial values, zeroed .tbss")
{
    static char area[512] __attribute__((aligned(64)));
    ptrdiff_t probe_offset = (char *)&tls_probe - thread_pointer();
    ptrdiff_t ipc_offset = (char *)&__sel4_ipc_buffer - thread_pointer();

    CHECK(keel_tls_area_size() <= sizeof(area));
    memset(area, 0xa5, sizeof(area));
    tls_probe = 1;
    CHECK_EQ(keel_tls_init(area), (seL4_Word)area);
    seL4_Word probe_copy, ipc_copy;
    memcpy(&probe_copy, area + probe_offset, sizeof(probe_copy));
    memcpy(&ipc_copy, area + ipc_offset, sizeof(ipc_copy));
    CHECK_EQ(probe_copy, 0x7e57da7a);
    CHECK_EQ(ipc_copy, 0);
    CHECK_EQ(tls_probe, 1);
}

KEEL_TEST(runtime_set_tls_base_moves_the_thread_pointer,
          "seL4_SetTLSBase sets tpidruro, and thread-locals follow it")
{
    static char area[512] __attribute__((aligned(64)));
    char *original = thread_pointer();
    ptrdiff_t probe_offset = (char *)&tls_probe - original;

    tls_probe = 5;
    seL4_Word tp = keel_tls_init(area);
    seL4_SetTLSBase(tp);
    /* On the fresh block now: read the probe as compiled code would, at
     * its offset from the thread pointer, and touch nothing else
     * thread-local until the original pointer is back. */
    char *now = thread_pointer();
    seL4_Word seen = *(volatile seL4_Word *)(now + probe_offset);
    seL4_SetTLSBase((seL4_Word)original);
    CHECK(now == area);
    CHECK_EQ(seen, 0x7e57da7a);
    CHECK(thread_pointer() == original);
    CHECK_EQ(tls_probe, 5);
}

KEEL_TEST(runtime_errno_is_thread_local, "picolibc's errno works and lives in the TLS block")
{
    errno = 0;
    CHECK_EQ(strtoul("99999999999999999999", NULL, 10), ULONG_MAX);
    CHECK_EQ(errno, ERANGE);
    CHECK(in_tls_area(&errno));
}

KEEL_TEST(runtime_printf_formats, "picolibc's snprintf formats integers, strings and padding")
{
    char buf[64];
    int n = snprintf(buf, sizeof(buf), "%s %d %u %08x %llu %-3s|", "keel", -42, 42u, 0xbeefu,
                     18446744073709551615ull, "a");
    CHECK_EQ(n, (int)strlen(buf));
    CHECK(strcmp(buf, "keel -42 42 0000beef 18446744073709551615 a  |") == 0);
}

KEEL_TEST(runtime_malloc_uses_the_heap,
          "malloc returns writable memory inside the runtime's heap, and free takes it back")
{
    char *p = malloc(3000);
    CHECK(p != NULL);
    CHECK(p >= __heap_start && p + 3000 <= __heap_end);
    memset(p, 0x3c, 3000);
    CHECK_EQ(p[2999], 0x3c);
    free(p);
    char *q = malloc(1 << 30);
    CHECK(q == NULL);
}

KEEL_TEST(runtime_ipc_buffer_message_registers,
          "seL4_SetMR/GetMR reach the thread's IPC buffer, as mapped at TCB_Configure")
{
    for (int i = 0; i < seL4_MsgMaxLength; i++) {
        seL4_SetMR(i, 0x1000u + (seL4_Word)i);
    }
    for (int i = 0; i < seL4_MsgMaxLength; i++) {
        CHECK_EQ(env->ipc_buffer->msg[i], 0x1000u + (seL4_Word)i);
    }
}
