/*
 * Stand-ins for the hooks of <kernel/hooks.h> until the subsystems behind
 * them exist: delete each one when its real implementation lands. Not part
 * of the host tests, which bring their own recording versions.
 */
#include <kernel/hooks.h>

/* No scheduler yet: nothing to (de)queue. */
void sched_enqueue(struct tcb *tcb)
{
    (void)tcb;
}

void sched_dequeue(struct tcb *tcb)
{
    (void)tcb;
}

void sched_reschedule_required(void)
{
}

void arch_prepare_thread_delete(struct tcb *tcb)
{
    (void)tcb;
}

/* No interrupt controller yet: long operations run to completion. */
bool irq_is_pending(void)
{
    return false;
}

void irq_handler_deleting(word_t irq)
{
    (void)irq;
}

void irq_handler_deleted(word_t irq)
{
    (void)irq;
}

/* No page tables yet: a mapping exists only as the fields of its cap. */
void vspace_unmap_frame(cap_t *frame_cap)
{
    *frame_cap = frame_cap_set_mapping(*frame_cap, ASID_INVALID, 0);
}

void vspace_unmap_page_table(cap_t *page_table_cap)
{
    *page_table_cap = cap_page_table_set_is_mapped(*page_table_cap, false);
}

void vspace_delete_asid(cap_t *page_directory_cap)
{
    *page_directory_cap = cap_page_directory_set_is_mapped(*page_directory_cap, false);
}

void vspace_delete_asid_pool(cap_t *asid_pool_cap)
{
    (void)asid_pool_cap;
}

void vspace_init_object(word_t object_type, pptr_t base, bool is_device)
{
    (void)object_type;
    (void)base;
    (void)is_device;
}
