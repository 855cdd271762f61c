/*
 * What the capability core needs from subsystems that later issues build:
 * the scheduler (threads issue), interrupts (interrupts issue) and the
 * VSpace (VSpace issue). src/kernel/hooks_default.c holds stand-ins, to be
 * deleted one by one as the real ones land; the host tests supply their own.
 */
#pragma once

#include <types.h>
#include <object/structures.h>

struct tcb;

/* ---- Scheduler ---- */
void sched_enqueue(struct tcb *tcb);  /* a thread became runnable */
void sched_dequeue(struct tcb *tcb);  /* a thread stopped being runnable */
void sched_reschedule_required(void); /* pick again before returning */
/* Sets a thread's state; the scheduler notices when the current thread
 * stops being runnable. */
void thread_set_state(struct tcb *tcb, word_t state);
void arch_prepare_thread_delete(struct tcb *tcb); /* e.g. drop FPU ownership */

/* ---- Interrupts ---- */
bool irq_is_pending(void);             /* for preemption points */
void irq_handler_deleting(word_t irq); /* last handler cap is being deleted */
void irq_handler_deleted(word_t irq);  /* ... and is gone: mark the IRQ inactive */

/* ---- VSpace (ARM) ----
 * Each gets the cap being finalised (a local copy) and undoes what it
 * records: the page-table entry, the PD's ASID, the pool's ASIDs. */
void vspace_unmap_frame(const cap_t *frame_cap);
void vspace_unmap_page_table(const cap_t *page_table_cap);
void vspace_delete_asid(cap_t *page_directory_cap);
void vspace_delete_asid_pool(cap_t *asid_pool_cap);
/* A frame, page table or page directory was just created (zeroed unless
 * device memory): copy the kernel's global mappings into a new PD, clean
 * caches so the table walker sees the zeroes. */
void vspace_init_object(word_t object_type, pptr_t base, bool is_device);
