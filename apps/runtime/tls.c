/*
 * Thread-local storage for root tasks. ARM uses TLS "variant I" (ELF for
 * the ARM Architecture, "Thread Local Storage"): the thread pointer
 * (tpidruro, which user code reads but only the kernel writes) points at an
 * 8-byte thread control block, and the program's TLS block follows it at
 * the block's alignment; compiled code (local-exec model) reaches each
 * variable at a link-time offset from the thread pointer. user.lds lays out
 * the template that blocks are copied from, under picolibc's names.
 */
#include <picolibc.h> /* PICOLIBC_TLS, which <picotls.h> needs */
#include <picotls.h>
#include <stdint.h>
#include <keel/runtime.h>

/* From user.lds: MAX(8, TLS alignment), where the block starts. */
extern char __arm32_tls_tcb_offset[];

static size_t tls_block_offset(void)
{
    return (size_t)(uintptr_t)__arm32_tls_tcb_offset;
}

size_t keel_tls_area_size(void)
{
    return tls_block_offset() + _tls_size();
}

size_t keel_tls_area_align(void)
{
    size_t align = _tls_align();
    return align < 8 ? 8 : align;
}

seL4_Word keel_tls_init(void *area)
{
    /* picolibc's _init_tls copies .tdata and clears .tbss into the block. */
    _init_tls((char *)area + tls_block_offset());
    return (seL4_Word)(uintptr_t)area;
}
