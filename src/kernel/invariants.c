/*
 * The checked kernel's invariants (see <kernel/invariants.h>,
 * docs/reliability.md). Cheap checks (threads, ready queues, IPC queues
 * reached from blocked threads) run on every kernel exit; the CDT and what
 * needs every cap (object queues, reply caps, the ASID table) every
 * CDT_CHECK_PERIOD exits. Threads are found through the list of every TCB
 * (thread_debug_add), which the idle thread is always on. The ASID pool
 * check uses ARMv7's <arch/asid.h>, Keel's only architecture.
 */
#include <arch/asid.h>
#include <kernel/boot.h>
#include <kernel/cdt_check.h>
#include <kernel/invariants.h>
#include <kernel/printf.h>
#include <kernel/sched.h>
#include <kernel/smp.h>
#include <kernel/thread.h>
#include <object/endpoint.h>
#include <object/notification.h>

#ifdef CONFIG_KEEL_CHECKED

/* The whole CDT is checked on every CDT_CHECK_PERIOD-th exit: it is
 * quadratic in the number of caps (docs/reliability.md gives the cost). */
#define CDT_CHECK_PERIOD 128u
#define MAX_THREADS 4096u /* the checker's limit, not the kernel's */

sword_t invariants_last_syscall;
static word_t exits;        /* kernel exits checked, this one included */
static pptr_t resumed_last; /* the thread the previous exit resumed */
static cap_t roots[MAX_THREADS];

static NORETURN void violated(const char *what, pptr_t object)
{
    kprintf("\nKeel checked kernel: invariant violated: %s\n", what);
    kprintf("  object 0x%08x; kernel exit %u; last system call %d\n", (unsigned)object,
            (unsigned)exits, (int)invariants_last_syscall);
    if (resumed_last != 0) {
        const tcb_t *t = tcb_ptr(resumed_last);
        kprintf("  the kernel was entered from thread 0x%08x (%s): r7 %d, pc 0x%08x\n",
                (unsigned)resumed_last, t->name[0] ? t->name : "-", (int)t->context.regs[REG_R7],
                (unsigned)t->context.regs[REG_PC]);
    }
    thread_debug_dump();
    kernel_halt();
}

static void require(bool holds, const char *what, pptr_t object)
{
    if (!holds) {
        violated(what, object);
    }
}

/* ---- Threads ---- */

static tcb_t *first_thread(void)
{
    tcb_t *t = ks_idle_thread;
    for (word_t n = 0; t->debug_prev != 0; n++) {
        require(n < MAX_THREADS, "TCB list: loops or longer than the checker allows", tcb_ref(t));
        t = tcb_ptr(t->debug_prev);
    }
    return t;
}

/* The list links are symmetric; returns how many threads there are. */
static word_t check_thread_list(void)
{
    word_t n = 0;
    for (tcb_t *t = first_thread(); t != NULL; t = tcb_ptr(t->debug_next)) {
        require(++n <= MAX_THREADS, "TCB list: loops or longer than the checker allows",
                tcb_ref(t));
        require(t->debug_next == 0 || tcb_ptr(t->debug_next)->debug_prev == tcb_ref(t),
                "TCB list: links not symmetric", tcb_ref(t));
        require(t->state <= THREAD_IDLE, "thread state: unknown value", tcb_ref(t));
        /* (several cores: each has an idle thread; this core's is ks_idle_thread) */
        bool idle_here = t->state == THREAD_IDLE && tcb_core(t) == smp_this_core();
        require(idle_here == (t == ks_idle_thread), "thread state: idle state iff the idle thread",
                tcb_ref(t));
    }
    return n;
}

/* ---- Ready queues ---- */

static bool same_queue(const tcb_t *a, const tcb_t *b)
{
    return a->domain == b->domain && a->priority == b->priority && tcb_core(a) == tcb_core(b);
}

static void check_queued_thread(const tcb_t *t)
{
    pptr_t ref = tcb_ref(t);
    require(thread_is_runnable(t), "ready queue: thread not runnable", ref);
    require(t != ks_cur_thread, "ready queue: the current thread is queued", ref);
    require(tcb_core(t) == smp_this_core() || smp_core_current(tcb_core(t)) != t,
            "ready queue: another core's current thread is queued", ref);
    require(t->domain < NUM_DOMAINS && t->priority < NUM_PRIORITIES,
            "ready queue: thread's domain or priority out of range", ref);
    const tcb_t *next = tcb_ptr(t->sched_next), *prev = tcb_ptr(t->sched_prev);
    require(next == NULL ||
                (next->in_ready_queue && next->sched_prev == ref && same_queue(t, next)),
            "ready queue: next link not symmetric or into another queue", ref);
    require(prev == NULL ||
                (prev->in_ready_queue && prev->sched_next == ref && same_queue(t, prev)),
            "ready queue: prev link not symmetric or into another queue", ref);
}

/* Each (domain, priority) queue has one head, every queued thread is
 * reached from one, and the bitmap's best priority in the current domain
 * is that of the best queued thread there. */
static void check_ready_queues(void)
{
    word_t queued = 0, reached = 0;
    sword_t best = -1;
    for (tcb_t *t = first_thread(); t != NULL; t = tcb_ptr(t->debug_next)) {
        if (!t->in_ready_queue) {
            require(t->sched_prev == 0 && t->sched_next == 0,
                    "ready queue: links in a thread not queued", tcb_ref(t));
            continue;
        }
        check_queued_thread(t);
        queued++;
        if (t->domain == ks_cur_domain && tcb_core(t) == smp_this_core() &&
            (sword_t)t->priority > best) {
            best = (sword_t)t->priority;
        }
        if (t->sched_prev != 0) {
            continue;
        }
        for (tcb_t *u = tcb_ptr(t->debug_next); u != NULL; u = tcb_ptr(u->debug_next)) {
            require(!(u->in_ready_queue && u->sched_prev == 0 && same_queue(t, u)),
                    "ready queue: two heads for one domain and priority", tcb_ref(u));
        }
        for (const tcb_t *u = t; u != NULL && reached <= MAX_THREADS; u = tcb_ptr(u->sched_next)) {
            reached++;
        }
    }
    require(reached == queued, "ready queue: queued thread not reached from a queue head", 0);
    require(sched_highest_priority() == best,
            "ready queue: bitmap's best priority is not the best queued thread's", 0);
    tcb_t *cur = ks_cur_thread;
    require(cur == ks_idle_thread || thread_is_runnable(cur),
            "scheduler: the thread resumed is not runnable", tcb_ref(cur));
    require(cur == ks_idle_thread || NUM_DOMAINS == 1 || cur->domain == ks_cur_domain,
            "scheduler: the thread resumed is not in the current domain", tcb_ref(cur));
}

/* ---- Endpoint and notification queues ---- */

/* Every thread in `queue` waits on `object` in `state`; links are
 * symmetric and end at the tail; returns whether `member` is in it. */
static bool check_ipc_queue(tcb_queue_t queue, pptr_t object, word_t state, const tcb_t *member)
{
    bool found = false;
    word_t n = 0;
    const tcb_t *last = NULL;
    require(queue.head == 0 || tcb_ptr(queue.head)->queue_prev == 0,
            "IPC queue: head has a prev link", object);
    for (const tcb_t *t = tcb_ptr(queue.head); t != NULL; t = tcb_ptr(t->queue_next)) {
        require(++n <= MAX_THREADS, "IPC queue: loops", object);
        require(t->state == state, "IPC queue: queued thread in the wrong state", tcb_ref(t));
        require(t->blocking_object == object, "IPC queue: queued thread blocked on another object",
                tcb_ref(t));
        require(t->queue_next == 0 || tcb_ptr(t->queue_next)->queue_prev == tcb_ref(t),
                "IPC queue: links not symmetric", tcb_ref(t));
        found = found || t == member;
        last = t;
    }
    require(queue.tail == tcb_ref(last), "IPC queue: tail is not the last thread", object);
    return found;
}

static void check_endpoint(pptr_t object, const tcb_t *member)
{
    const endpoint_t *ep = endpoint_ptr(object);
    require(ep->state <= EP_RECV, "endpoint: unknown state", object);
    require((ep->state == EP_IDLE) == (ep->queue.head == 0),
            "endpoint: idle iff its queue is empty", object);
    word_t state = ep->state == EP_SEND ? THREAD_BLOCKED_ON_SEND : THREAD_BLOCKED_ON_RECEIVE;
    bool found = check_ipc_queue(ep->queue, object, state, member);
    require(member == NULL || found, "endpoint: blocked thread not in its queue", tcb_ref(member));
}

static void check_notification(pptr_t object, const tcb_t *member)
{
    notification_t *ntfn = notification_ptr(object);
    word_t state = ntfn_get_state(*ntfn);
    tcb_queue_t queue = notification_get_queue(*ntfn);
    require(state <= NTFN_ACTIVE, "notification: unknown state", object);
    require((state == NTFN_WAITING) == (queue.head != 0),
            "notification: waiting iff its queue is not empty", object);
    bool found = check_ipc_queue(queue, object, THREAD_BLOCKED_ON_NOTIFICATION, member);
    require(member == NULL || found, "notification: blocked thread not in its queue",
            tcb_ref(member));
    pptr_t bound = ntfn_get_bound_tcb(*ntfn);
    require(bound == 0 || tcb_ptr(bound)->bound_notification == object,
            "notification: bound TCB not bound to it", object);
}

static void check_blocked_threads(void)
{
    for (tcb_t *t = first_thread(); t != NULL; t = tcb_ptr(t->debug_next)) {
        switch (t->state) {
        case THREAD_BLOCKED_ON_SEND:
        case THREAD_BLOCKED_ON_RECEIVE:
            require(t->blocking_object != 0, "thread state: blocked on no endpoint", tcb_ref(t));
            check_endpoint(t->blocking_object, t);
            break;
        case THREAD_BLOCKED_ON_NOTIFICATION:
            require(t->blocking_object != 0, "thread state: blocked on no notification",
                    tcb_ref(t));
            check_notification(t->blocking_object, t);
            break;
        default:
            require(t->queue_prev == 0 && t->queue_next == 0,
                    "thread state: IPC queue links in a thread not blocked on an IPC object",
                    tcb_ref(t));
            break;
        }
        if (t->bound_notification != 0) {
            require(ntfn_get_bound_tcb(*notification_ptr(t->bound_notification)) == tcb_ref(t),
                    "thread: bound notification not bound to it", tcb_ref(t));
        }
    }
}

/* ---- What needs every cap ---- */

static bool thread_on_list(pptr_t tcb)
{
    for (const tcb_t *t = first_thread(); t != NULL; t = tcb_ptr(t->debug_next)) {
        if (tcb_ref(t) == tcb) {
            return true;
        }
    }
    return false;
}

/* A master reply cap sits in its own thread's reply slot, which no
 * CSpace reaches; a one-shot reply cap exists only for a thread waiting
 * for that reply, and only one. */
static void check_reply_cap(word_t i, const cte_t *slot)
{
    cap_t cap = slot->cap;
    pptr_t tcb = cap_reply_get_tcb(cap);
    if (cap_reply_get_master(cap)) {
        require(slot == tcb_slot(tcb_ptr(tcb), TCB_REPLY),
                "reply cap: master not in its thread's reply slot", cte_ref(slot));
        return;
    }
    require(tcb_ptr(tcb)->state == THREAD_BLOCKED_ON_REPLY,
            "reply cap: its thread is not blocked on reply", tcb);
    for (word_t j = i + 1; j < cdt_check_cap_count(); j++) {
        cap_t other = cdt_check_cap(j)->cap;
        require(cap_get_type(other) != CAP_REPLY || cap_reply_get_master(other) ||
                    cap_reply_get_tcb(other) != tcb,
                "reply cap: two for one thread", tcb);
    }
}

static bool pd_cap_has_asid(pptr_t pd, word_t asid)
{
    for (word_t j = 0; j < cdt_check_cap_count(); j++) {
        cap_t cap = cdt_check_cap(j)->cap;
        if (cap_get_type(cap) == CAP_PAGE_DIRECTORY && cap_page_directory_get_base(cap) == pd &&
            cap_page_directory_get_is_mapped(cap) && cap_page_directory_get_asid(cap) == asid) {
            return true;
        }
    }
    return false;
}

/* Each pool entry names a page directory whose cap says that ASID, and
 * the ASID table leads to this pool. (Not the other way: as in seL4, a
 * page directory cap keeps its ASID when the pool is deleted, and lookups
 * through it then fail.) */
static void check_asid_pool(cap_t cap)
{
    pptr_t pool = cap_asid_pool_get_ptr(cap);
    word_t base = cap_asid_pool_get_asid_base(cap);
    for (word_t i = 0; i < BIT(ASID_LOW_BITS); i++) {
        pptr_t pd = asid_entry_get_pd(asid_pool_ptr(pool)->entries[i]);
        if (pd == 0) {
            continue;
        }
        require(ptr_to_pptr(asid_find_pd(base + i)) == pd,
                "ASID table: pool entry not reached through the ASID table", pool);
        require(pd_cap_has_asid(pd, base + i),
                "ASID table: entry names a page directory no cap of which has that ASID", pd);
    }
}

static void check_caps(void)
{
    for (word_t i = 0; i < cdt_check_cap_count(); i++) {
        const cte_t *slot = cdt_check_cap(i);
        cap_t cap = slot->cap;
        switch (cap_get_type(cap)) {
        case CAP_ENDPOINT:
            check_endpoint(cap_endpoint_get_ptr(cap), NULL);
            break;
        case CAP_NOTIFICATION:
            check_notification(cap_notification_get_ptr(cap), NULL);
            break;
        case CAP_REPLY:
            check_reply_cap(i, slot);
            break;
        case CAP_THREAD:
            require(thread_on_list(cap_thread_get_tcb(cap)), "thread cap: TCB not on the TCB list",
                    cap_thread_get_tcb(cap));
            break;
        case CAP_ASID_POOL:
            check_asid_pool(cap);
            break;
        default:
            break;
        }
    }
}

static void check_cdt(word_t threads)
{
    word_t n = 0;
    for (const tcb_t *t = first_thread(); t != NULL && n < threads; t = tcb_ptr(t->debug_next)) {
        roots[n++] = cap_thread_new(tcb_ref(t));
    }
    cdt_check_result_t r = cdt_check_kernel(roots, n);
    require(r.problem == NULL, r.problem, r.slot);
    check_caps();
}

void kernel_check_invariants(void)
{
    exits++;
    word_t threads = check_thread_list();
    check_ready_queues();
    check_blocked_threads();
    if (exits % CDT_CHECK_PERIOD == 0) {
        check_cdt(threads);
    }
    resumed_last = tcb_ref(ks_cur_thread);
}

#endif /* CONFIG_KEEL_CHECKED */
