/*
 * The VSpace side of <kernel/hooks.h> and the ARM cap decoder as the
 * capability-core tests see them: recording stand-ins that count their
 * calls in `hooks` (kernel_env.h), so those tests check the cap core's
 * side of the boundary alone. The VSpace tests link the real
 * src/arch/arm/vspace.c and asid.c instead.
 */
#include <kernel/hooks.h>
#include <object/objecttype.h>

#include "kernel_env.h"

void vspace_unmap_frame(const cap_t *frame_cap)
{
    hooks.unmap_frame++;
    hooks.last_vspace_cap = *frame_cap;
}

void vspace_unmap_page_table(const cap_t *page_table_cap)
{
    hooks.unmap_page_table++;
    hooks.last_vspace_cap = *page_table_cap;
}

void vspace_delete_asid(cap_t *page_directory_cap)
{
    hooks.delete_asid++;
    hooks.last_vspace_cap = *page_directory_cap;
}

void vspace_delete_asid_pool(cap_t *asid_pool_cap)
{
    hooks.delete_asid_pool++;
    hooks.last_vspace_cap = *asid_pool_cap;
}

void vspace_init_object(word_t object_type, pptr_t base, bool is_device)
{
    (void)object_type;
    (void)base;
    (void)is_device;
    hooks.init_object++;
}

result_t arch_decode_invocation(const invocation_args_t *args, cte_t *slot, cap_t cap)
{
    (void)args;
    (void)slot;
    (void)cap;
    return result_error(syscall_error(ERR_ILLEGAL_OPERATION));
}
