/*
 * bench: the benchmarks. Each starts its threads (below the root thread,
 * which waits for bench_done()), then reports. With a counter, threads
 * stamp every iteration, so one-way costs come out as differences of
 * stamps taken in different threads; with the RTC, the driving thread
 * counts round trips in a one-second window.
 *
 * Stamps: stamps[0] the driving thread just before its system call,
 * stamps[1] the partner thread just after its system call returns,
 * stamps[2] the partner just before it answers (Call only),
 * stamps[3] the driving thread just after its system call returns.
 */
#include <stdio.h>
#include "bench.h"

/* Not a system call number (seL4's are negative). */
#define BENCH_UNKNOWN_SYSCALL 0x42u

/* What the current benchmark's threads share. */
static struct {
    seL4_CPtr ep, ntfn, frame;
    seL4_Word words;
    volatile uint32_t count; /* RTC: iterations in the window */
    volatile unsigned index; /* counter: the iteration being stamped */
} run;

static const char *space_suffix(enum bench_space space)
{
    return space == BENCH_SPACE_OTHER ? "_2as" : "";
}

/* ---- Call and ReplyRecv ---- */

static void ipc_server(seL4_Word unused)
{
    (void)unused;
    seL4_MessageInfo_t reply = seL4_MessageInfo_new(0, 0, 0, run.words);
    seL4_Recv(run.ep, NULL);
    if (clock_has_counter()) {
        for (unsigned i = 0; i < BENCH_RUNS; i++) {
            stamps[1][i] = bench_now();
            stamps[2][i] = bench_now();
            seL4_ReplyRecv(run.ep, reply, NULL);
        }
    }
    for (;;) {
        seL4_ReplyRecv(run.ep, reply, NULL);
    }
}

static void ipc_client(seL4_Word unused)
{
    (void)unused;
    seL4_MessageInfo_t info = seL4_MessageInfo_new(0, 0, 0, run.words);
    for (seL4_Word i = 0; i < run.words; i++) {
        seL4_SetMR(i, i);
    }
    if (clock_has_counter()) {
        uint32_t seed = 1;
        for (unsigned i = 0; i < BENCH_RUNS; i++) {
            bench_dither(&seed);
            stamps[0][i] = bench_now();
            seL4_Call(run.ep, info);
            stamps[3][i] = bench_now();
        }
    } else {
        BENCH_WINDOW(run.count, seL4_Call(run.ep, info));
    }
    bench_done();
}

/* A client in the root address space calls a server of equal priority in
 * the same or the other address space; the server echoes `words` words.
 * server_core: the server's core (SMP builds; the client stays on core 0),
 * which names the figures "_xcore" when it is not 0. */
static void bench_ipc_on(unsigned words, enum bench_space server_space, seL4_Word server_core)
{
    char name[40];
    const char *space = server_core != 0 ? "_xcore" : space_suffix(server_space);

    run.ep = env_new(seL4_EndpointObject, 0);
    run.words = words;
    seL4_CPtr server = bench_thread(0, server_space, ipc_server, 0, BENCH_PRIO, seL4_CapNull);
    bench_thread_set_core(server, server_core);
    bench_thread(1, BENCH_SPACE_ROOT, ipc_client, 0, BENCH_PRIO, seL4_CapNull);
    bench_wait();
    bench_stop();
    if (clock_has_counter()) {
        snprintf(name, sizeof name, "call_%u%s", words, space);
        report_samples(name, 0, 1);
        snprintf(name, sizeof name, "replyrecv_%u%s", words, space);
        report_samples(name, 2, 3);
    }
    snprintf(name, sizeof name, "ipc_roundtrip_%u%s", words, space);
    if (clock_has_counter()) {
        report_samples(name, 0, 3);
    } else {
        report_window(name, run.count, 1);
    }
}

void bench_ipc(unsigned words, enum bench_space server_space)
{
    bench_ipc_on(words, server_space, 0);
}

void bench_ipc_cross_core(unsigned words)
{
    bench_ipc_on(words, BENCH_SPACE_ROOT, 1);
}

/* ---- Send and Signal to a higher-priority thread ---- */

/* The driving thread of Send and Signal: `op` wakes the partner, which
 * runs at once, stamps, blocks again and so lets this thread go on. */
#define WAKE_DRIVER(op)                                 \
    do {                                                \
        if (clock_has_counter()) {                      \
            uint32_t seed = 1;                          \
            for (unsigned i = 0; i < BENCH_RUNS; i++) { \
                run.index = i;                          \
                bench_dither(&seed);                    \
                stamps[0][i] = bench_now();             \
                op;                                     \
                stamps[3][i] = bench_now();             \
            }                                           \
        } else {                                        \
            BENCH_WINDOW(run.count, op);                \
        }                                               \
        bench_done();                                   \
    } while (0)

static void send_receiver(seL4_Word unused)
{
    (void)unused;
    if (clock_has_counter()) {
        for (;;) {
            seL4_Recv(run.ep, NULL);
            stamps[1][run.index] = bench_now();
        }
    }
    for (;;) {
        seL4_Recv(run.ep, NULL);
    }
}

static void send_driver(seL4_Word unused)
{
    (void)unused;
    WAKE_DRIVER(seL4_Send(run.ep, seL4_MessageInfo_new(0, 0, 0, 0)));
}

static void signal_waiter(seL4_Word unused)
{
    (void)unused;
    if (clock_has_counter()) {
        for (;;) {
            seL4_Wait(run.ntfn, NULL);
            stamps[1][run.index] = bench_now();
        }
    }
    for (;;) {
        seL4_Wait(run.ntfn, NULL);
    }
}

static void signal_driver(seL4_Word unused)
{
    (void)unused;
    WAKE_DRIVER(seL4_Signal(run.ntfn));
}

/* The partner (BENCH_PRIO + 1) blocks first; then the driver runs. */
static void bench_wake(const char *name, void (*partner)(seL4_Word), void (*driver)(seL4_Word))
{
    char roundtrip[40];

    bench_thread(0, BENCH_SPACE_ROOT, partner, 0, BENCH_PRIO + 1, seL4_CapNull);
    bench_thread(1, BENCH_SPACE_ROOT, driver, 0, BENCH_PRIO, seL4_CapNull);
    bench_wait();
    bench_stop();
    snprintf(roundtrip, sizeof roundtrip, "%s_roundtrip", name);
    if (clock_has_counter()) {
        report_samples(name, 0, 1);
        report_samples(roundtrip, 0, 3);
    } else {
        report_window(roundtrip, run.count, 1);
    }
}

void bench_send(void)
{
    run.ep = env_new(seL4_EndpointObject, 0);
    bench_wake("send", send_receiver, send_driver);
}

void bench_signal(void)
{
    run.ntfn = env_new(seL4_NotificationObject, 0);
    bench_wake("signal", signal_waiter, signal_driver);
}

/* ---- Yield between two threads of equal priority ---- */

/* Both threads run this: each return from Yield is the end of the other
 * thread's Yield. The first thread's first sample is not a Yield's, but
 * it is a warm-up sample. */
static void yield_stamper(seL4_Word seed)
{
    uint32_t dither = (uint32_t)seed;
    for (;;) {
        uint32_t now = bench_now();
        unsigned i = run.index;
        stamps[1][i] = now;
        run.index = ++i;
        if (i == BENCH_RUNS) {
            bench_done();
            return;
        }
        bench_dither(&dither);
        stamps[0][i] = bench_now();
        seL4_Yield();
    }
}

static void yield_counter(seL4_Word unused)
{
    (void)unused;
    BENCH_WINDOW(run.count, seL4_Yield());
    bench_done();
}

static void yield_partner(seL4_Word unused)
{
    (void)unused;
    for (;;) {
        seL4_Yield();
    }
}

void bench_yield(void)
{
    run.index = 0;
    if (clock_has_counter()) {
        bench_thread(0, BENCH_SPACE_ROOT, yield_stamper, 1, BENCH_PRIO, seL4_CapNull);
        bench_thread(1, BENCH_SPACE_ROOT, yield_stamper, 2, BENCH_PRIO, seL4_CapNull);
    } else {
        bench_thread(0, BENCH_SPACE_ROOT, yield_counter, 0, BENCH_PRIO, seL4_CapNull);
        bench_thread(1, BENCH_SPACE_ROOT, yield_partner, 0, BENCH_PRIO, seL4_CapNull);
    }
    bench_wait();
    bench_stop();
    if (clock_has_counter()) {
        report_samples("yield", 0, 1);
    } else {
        report_window("yield", run.count, 2); /* an iteration: there and back */
    }
}

/* ---- Fault round trips ---- */

/* A handler of equal priority gets the fault on run.ep; its reply lets
 * the faulting thread go on. The driver stamps around the faulting
 * instruction, so the figure is the whole round trip. */
#define FAULT_DRIVER(fault)                             \
    do {                                                \
        if (clock_has_counter()) {                      \
            uint32_t seed = 1;                          \
            for (unsigned i = 0; i < BENCH_RUNS; i++) { \
                bench_dither(&seed);                    \
                stamps[0][i] = bench_now();             \
                fault;                                  \
                stamps[3][i] = bench_now();             \
            }                                           \
        } else {                                        \
            BENCH_WINDOW(run.count, fault);             \
        }                                               \
        bench_done();                                   \
    } while (0)

/* swi with a number the kernel does not know: an UnknownSyscall fault.
 * The handler's reply writes back r0-r7 as they were sent. */
static inline void unknown_syscall(void)
{
    register seL4_Word r7 __asm__("r7") = BENCH_UNKNOWN_SYSCALL;
    __asm__ volatile("swi #0" : "+r"(r7) : : "r0", "r1", "r2", "r3", "r4", "r5", "memory");
}

static void unknown_syscall_driver(seL4_Word unused)
{
    (void)unused;
    FAULT_DRIVER(unknown_syscall());
}

/* Replies with the registers up to FaultIP, which moves past the swi. */
static void unknown_syscall_handler(seL4_Word unused)
{
    (void)unused;
    seL4_MessageInfo_t reply = seL4_MessageInfo_new(0, 0, 0, seL4_UnknownSyscall_FaultIP + 1);
    seL4_Recv(run.ep, NULL);
    for (;;) {
        seL4_SetMR(seL4_UnknownSyscall_FaultIP, seL4_GetMR(seL4_UnknownSyscall_FaultIP) + 4);
        seL4_ReplyRecv(run.ep, reply, NULL);
    }
}

/* Loads from two unmapped pages in turn. */
static void vm_fault_driver(seL4_Word unused)
{
    (void)unused;
    seL4_Word page = BENCH_FAULT_VADDR;
    FAULT_DRIVER({
        (void)*(volatile seL4_Word *)page;
        page ^= 1u << seL4_PageBits;
    });
}

/* A one-frame pager: moves its frame to the faulting page and replies
 * with no words, which restarts the faulting load. */
static void vm_fault_handler(seL4_Word unused)
{
    (void)unused;
    seL4_Recv(run.ep, NULL);
    for (;;) {
        seL4_Word page = seL4_GetMR(seL4_VMFault_Addr) & ~((1u << seL4_PageBits) - 1);
        env_unmap(run.frame);
        env_map(run.frame, seL4_CapInitThreadVSpace, page);
        seL4_ReplyRecv(run.ep, seL4_MessageInfo_new(0, 0, 0, 0), NULL);
    }
}

static void bench_fault(const char *name, void (*handler)(seL4_Word), void (*driver)(seL4_Word))
{
    run.ep = env_new(seL4_EndpointObject, 0);
    bench_thread(0, BENCH_SPACE_ROOT, handler, 0, BENCH_PRIO, seL4_CapNull);
    bench_thread(1, BENCH_SPACE_ROOT, driver, 0, BENCH_PRIO, run.ep);
    bench_wait();
    bench_stop();
    if (clock_has_counter()) {
        report_samples(name, 0, 3);
    } else {
        report_window(name, run.count, 1);
    }
}

void bench_fault_unknown_syscall(void)
{
    bench_fault("fault_unknown_syscall", unknown_syscall_handler, unknown_syscall_driver);
}

void bench_fault_vm(void)
{
    run.frame = env_new(seL4_ARM_SmallPageObject, 0);
    bench_fault("fault_vm", vm_fault_handler, vm_fault_driver);
}
