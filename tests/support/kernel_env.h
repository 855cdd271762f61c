/*
 * Host-test surroundings of the kernel code (see kernel_env.c): counters of
 * the hook calls, and control over preemption.
 */
#pragma once

#include <object/structures.h>

typedef struct hook_log {
    unsigned sched_enqueue, sched_dequeue, reschedule, prepare_thread_delete;
    unsigned irq_polls, irq_deleting, irq_deleted;
    word_t last_irq;
    unsigned unmap_frame, unmap_page_table, delete_asid, delete_asid_pool, init_object;
    cap_t last_vspace_cap;
    unsigned possible_switch_to, set_priority; /* scheduler calls of the TCB code */
    struct tcb *last_switch_to;
    unsigned kprintf; /* lines the kernel printed */
} hook_log_t;

extern hook_log_t hooks;

/* The domain schedule the stand-ins of sched_domain_*() keep. */
typedef struct host_domain_entry {
    word_t domain;
    uint64_t duration;
} host_domain_entry_t;
extern host_domain_entry_t host_domain_schedule[CONFIG_NUM_DOMAIN_SCHEDULES];
extern word_t host_domain_start;

/* What the kernel printed since the last host_console_clear() (the fixture
 * clears it before every test), NUL-terminated; when it fills up, it is
 * cleared before the next line. */
#define HOST_CONSOLE_SIZE 16384u
extern char host_console[HOST_CONSOLE_SIZE];
void host_console_clear(void);

/* Makes irq_is_pending() true on every n-th poll (0: never). */
void test_preempt_every(unsigned polls);
