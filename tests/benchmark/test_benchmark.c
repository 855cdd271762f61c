/*
 * The benchmark configuration's kernel logic (src/api/benchmark.c): which
 * calls each of seL4's configurations has, the utilisation bookkeeping,
 * the kernel log and its buffer check, and the system calls as a thread
 * of the IPC fixture makes them. The cycle counter and the caches are
 * fakes here; the host configuration has no benchmarks, so the calls are
 * run through benchmark_syscall_perform directly.
 */
#include <string.h>
#include <api/benchmark.h>
#include <api/syscall_numbers.h>
#include <arch/benchmark.h>

#include "ipc_fixture.h"

/* ---- Fakes: the cycle counter, the caches, the idle thread ---- */

static word_t fake_now;
static struct {
    unsigned all, l1;
    word_t l1_type;
} flushes;
tcb_t *ks_idle_thread;

word_t arch_benchmark_timestamp(void)
{
    return fake_now;
}

void arch_benchmark_clean_invalidate_caches(void)
{
    flushes.all++;
}

void arch_benchmark_clean_invalidate_l1_caches(word_t type)
{
    flushes.l1++;
    flushes.l1_type = type;
}

void arch_benchmark_init(void)
{
}

/* ---- Which calls a configuration has (seL4 16.0.0 handleUnknownSyscall) ---- */

static word_t exists_mask(word_t features)
{
    word_t mask = 0;
    for (sword_t n = SysBenchmarkFlushCaches; n >= SysBenchmarkResetAllThreadsUtilisation; n--) {
        if (benchmark_syscall_exists(n, features)) {
            mask |= BIT(-n - 18); /* bit 0: -18 FlushCaches ... bit 8: -26 */
        }
    }
    return mask;
}

TEST(benchmark_calls_exist_as_in_each_seL4_configuration)
{
    const word_t calls = BENCHMARK_HAS_CALLS, log = BENCHMARK_HAS_LOG_BUFFER;
    const word_t util = BENCHMARK_HAS_UTILISATION, debug = BENCHMARK_HAS_DEBUG;
    /* none: not one, whatever else is set */
    CHECK_EQ(exists_mask(debug), 0);
    /* generic: FlushCaches, ResetLog, FinalizeLog, NullSyscall */
    CHECK_EQ(exists_mask(calls | debug), 0x17u);
    /* tracepoints: and SetLogBuffer */
    CHECK_EQ(exists_mask(calls | log | debug), 0x1fu);
    /* track_utilisation: Get/ResetThreadUtilisation; the all-threads two in
     * debug builds only */
    CHECK_EQ(exists_mask(calls | util), 0x77u);
    CHECK_EQ(exists_mask(calls | util | debug), 0x1f7u);
    /* numbers around them are never benchmark calls */
    CHECK(!benchmark_syscall_exists(SysBenchmarkFlushCaches + 1, calls | log | util | debug));
    CHECK(!benchmark_syscall_exists(SysBenchmarkResetAllThreadsUtilisation - 1,
                                    calls | log | util | debug));
    /* and the host build, without benchmarks, hands none of them over */
    CHECK(!benchmark_syscall(thread_a(), SysBenchmarkNullSyscall));
}

/* ---- Utilisation bookkeeping ---- */

TEST(benchmark_util_switch_counts_only_between_reset_and_finalise)
{
    benchmark_totals_t t = { 0 };
    benchmark_util_t a = { 0 }, b = { 0 }, idle = { 0 };
    benchmark_util_switch(&t, &a, &b, 100);
    CHECK_EQ(a.utilisation, 0);
    CHECK_EQ(b.number_schedules, 0);
    CHECK_EQ(b.schedule_start_time, 0);

    idle.utilisation = 7;
    benchmark_util_start(&t, &a, &idle, 1000); /* ResetLog by a */
    CHECK(t.enabled);
    CHECK_EQ(idle.utilisation, 0);
    CHECK_EQ(a.schedule_start_time, 1000);
    CHECK_EQ(a.number_schedules, 1);
    CHECK_EQ(t.number_schedules, 1);
    CHECK_EQ(t.start_time, 1000);

    benchmark_util_switch(&t, &a, &b, 1500);
    benchmark_util_switch(&t, &b, &a, 1800);
    CHECK_EQ(a.utilisation, 500);
    CHECK_EQ(b.utilisation, 300);
    CHECK_EQ(b.number_schedules, 1);
    CHECK_EQ(a.number_schedules, 2);
    CHECK_EQ(t.number_schedules, 3);

    benchmark_util_finalise(&t, &a, &idle, 2000); /* FinalizeLog by a */
    CHECK(!t.enabled);
    CHECK_EQ(a.utilisation, 700);
    CHECK_EQ(idle.number_schedules, 1);
    CHECK_EQ(idle.schedule_start_time, 2000);
    CHECK_EQ(t.end_time, 2000);
    benchmark_util_switch(&t, &idle, &b, 9000);
    CHECK_EQ(idle.utilisation, 0);
    CHECK_EQ(b.utilisation, 300);
}

TEST(benchmark_util_cycles_are_counted_modulo_2_32)
{
    benchmark_totals_t t = { 0 };
    benchmark_util_t a = { 0 }, idle = { 0 };
    benchmark_util_start(&t, &a, &idle, 0xfffffff0u);
    benchmark_util_finalise(&t, &a, &idle, 0x10u); /* the counter wrapped */
    CHECK_EQ(a.utilisation, 0x20);
    uint64_t values[BENCHMARK_UTIL_VALUES];
    benchmark_util_report(&t, &a, &idle, values);
    CHECK_EQ(values[BENCHMARK_TOTAL_UTILISATION], 0x20);
}

TEST(benchmark_util_report_puts_each_value_at_seL4s_index)
{
    benchmark_totals_t t = { .start_time = 10,
                             .end_time = 110,
                             .number_schedules = 11,
                             .kernel_time = 12,
                             .kernel_number_entries = 13 };
    benchmark_util_t tcb = { .utilisation = 1ull << 40,
                             .number_schedules = 2,
                             .kernel_utilisation = 3,
                             .number_kernel_entries = 4 };
    benchmark_util_t idle = {
        .utilisation = 5, .number_schedules = 6, .kernel_utilisation = 7, .number_kernel_entries = 8
    };
    uint64_t v[BENCHMARK_UTIL_VALUES];
    benchmark_util_report(&t, &tcb, &idle, v);
    /* seL4's enum benchmark_track_util_ipc_index, in order */
    const uint64_t expected[] = { 1ull << 40, 2, 3, 4, 5, 5, 6, 7, 8, 100, 11, 12, 13 };
    CHECK_EQ(BENCHMARK_UTIL_VALUES, 13);
    for (unsigned i = 0; i < BENCHMARK_UTIL_VALUES; i++) {
        CHECK_EQ(v[i], expected[i]);
    }
}

TEST(benchmark_util_kernel_exit_charges_the_current_thread)
{
    benchmark_totals_t t = { 0 };
    benchmark_util_t a = { 0 }, idle = { 0 };
    t.kernel_enter = 40;
    benchmark_util_kernel_exit(&t, &a, 50); /* not counting yet */
    CHECK_EQ(a.number_kernel_entries, 0);
    benchmark_util_start(&t, &a, &idle, 100);
    t.kernel_enter = 200;
    benchmark_util_kernel_exit(&t, &a, 230);
    CHECK_EQ(a.number_kernel_entries, 1);
    CHECK_EQ(a.kernel_utilisation, 30);
    CHECK_EQ(t.kernel_number_entries, 1);
    CHECK_EQ(t.kernel_time, 30);
}

/* ---- The kernel log ---- */

TEST(benchmark_log_buffer_is_a_section_of_ram)
{
    CHECK_EQ(benchmark_log_buffer_check(
                 cap_frame_new(FRAME_SECTION, UNTYPED_PPTR, VM_READ_WRITE, false)),
             ERR_NONE);
    CHECK_EQ(benchmark_log_buffer_check(
                 cap_frame_new(FRAME_SECTION, UNTYPED_PPTR, VM_READ_ONLY, false)),
             ERR_NONE);
    word_t wrong_sizes[] = { FRAME_SMALL, FRAME_LARGE, FRAME_SUPER_SECTION };
    for (unsigned i = 0; i < 3; i++) {
        CHECK_EQ(benchmark_log_buffer_check(
                     cap_frame_new(wrong_sizes[i], UNTYPED_PPTR, VM_READ_WRITE, false)),
                 ERR_ILLEGAL_OPERATION);
    }
    CHECK_EQ(benchmark_log_buffer_check(
                 cap_frame_new(FRAME_SECTION, DEVICE_UNTYPED_PPTR, VM_READ_WRITE, true)),
             ERR_ILLEGAL_OPERATION);
    CHECK_EQ(benchmark_log_buffer_check(cap_null_new()), ERR_ILLEGAL_OPERATION);
    CHECK_EQ(benchmark_log_buffer_check(slot(SLOT_A)->cap), ERR_ILLEGAL_OPERATION);
}

TEST(benchmark_trace_points_log_durations_and_count_past_the_end)
{
    benchmark_log_t log = { 0 };
    benchmark_log_trace_start(&log, 0, 10);
    benchmark_log_trace_stop(&log, 0, 15); /* no buffer: nothing, and still started */
    CHECK_EQ(log.index, 0);

    word_t entries = BIT(BENCHMARK_LOG_BUFFER_BITS) / sizeof(benchmark_tracepoint_entry_t);
    static benchmark_tracepoint_entry_t
        buffer[BIT(BENCHMARK_LOG_BUFFER_BITS) / sizeof(benchmark_tracepoint_entry_t)];
    log.buffer = buffer;
    benchmark_log_trace_stop(&log, 0, 20);
    CHECK_EQ(log.index, 1);
    CHECK_EQ(buffer[0].duration, 10);
    benchmark_log_trace_stop(&log, 0, 30); /* stopped already */
    CHECK_EQ(log.index, 1);
    benchmark_log_trace_start(&log, 0, 100);
    benchmark_log_trace_stop(&log, 0, 175);
    CHECK_EQ(log.index, 2);
    CHECK_EQ(buffer[1].id, 0);
    CHECK_EQ(buffer[1].duration, 75);

    log.index = entries; /* full: the index goes on, nothing is written */
    benchmark_log_trace_start(&log, 0, 200);
    benchmark_log_trace_stop(&log, 0, 201);
    CHECK_EQ(log.index, entries + 1);
}

/* ---- The calls, as thread A makes them ---- */

/* Thread t makes the call (C stands in for the idle thread). */
static void call(tcb_t *t, sword_t syscall, word_t r0, word_t r1)
{
    ks_idle_thread = thread_c();
    t->context.regs[REG_R0] = r0;
    t->context.regs[REG_R1] = r1;
    benchmark_syscall_perform(t, syscall);
}

static uint64_t buffer_value(tcb_t *t, unsigned index)
{
    word_t *b = ipc_buffer_of(t);
    return b[IPC_BUFFER_MSG + 2 * index] | (uint64_t)b[IPC_BUFFER_MSG + 2 * index + 1] << 32;
}

TEST(benchmark_get_thread_utilisation_writes_64_bit_values_after_the_tag)
{
    benchmark_util_t *u = benchmark_util_of(thread_b());
    u->utilisation = 0x123456789aull;
    u->number_schedules = 3;
    benchmark_util_of(thread_c())->utilisation = 44; /* the idle thread here */
    word_t *buffer = ipc_buffer_of(thread_a());
    buffer[0] = 0xdead; /* the tag word stays */
    call(thread_a(), SysBenchmarkGetThreadUtilisation, SLOT_B, 0);
    CHECK_EQ(buffer[0], 0xdead);
    CHECK_EQ(buffer[IPC_BUFFER_MSG], 0x3456789a);
    CHECK_EQ(buffer[IPC_BUFFER_MSG + 1], 0x12);
    CHECK_EQ(buffer_value(thread_a(), BENCHMARK_TCB_NUMBER_SCHEDULES), 3);
    CHECK_EQ(buffer_value(thread_a(), BENCHMARK_IDLE_LOCALCPU_UTILISATION), 44);
    CHECK_EQ(buffer_value(thread_a(), BENCHMARK_IDLE_TCBCPU_UTILISATION), 44);
    CHECK_EQ(thread_a()->context.regs[REG_R0], SLOT_B); /* no result register */
}

TEST(benchmark_thread_calls_on_a_cap_that_is_not_a_tcb_change_nothing)
{
    benchmark_util_of(thread_b())->utilisation = 9;
    word_t *buffer = ipc_buffer_of(thread_a());
    buffer[IPC_BUFFER_MSG] = 0xfeed;
    call(thread_a(), SysBenchmarkGetThreadUtilisation, SLOT_EP, 0);
    call(thread_a(), SysBenchmarkGetThreadUtilisation, SLOT_SPARE, 0); /* empty */
    call(thread_a(), SysBenchmarkResetThreadUtilisation, SLOT_NTFN, 0);
    CHECK_EQ(buffer[IPC_BUFFER_MSG], 0xfeed);
    CHECK_EQ(benchmark_util_of(thread_b())->utilisation, 9);
    CHECK_EQ(thread_b()->state, THREAD_RUNNING); /* and no fault */
    CHECK_EQ(thread_a()->state, THREAD_RUNNING);
}

TEST(benchmark_reset_thread_utilisation_zeroes_that_thread_only)
{
    benchmark_util_of(thread_b())->utilisation = 9;
    benchmark_util_of(thread_b())->number_schedules = 2;
    benchmark_util_of(thread_a())->utilisation = 5;
    call(thread_a(), SysBenchmarkResetThreadUtilisation, SLOT_B, 0);
    CHECK_EQ(benchmark_util_of(thread_b())->utilisation, 0);
    CHECK_EQ(benchmark_util_of(thread_b())->number_schedules, 0);
    CHECK_EQ(benchmark_util_of(thread_a())->utilisation, 5);
}

TEST(benchmark_utilisation_counters_sit_outside_tcb_t_and_the_slots)
{
    uintptr_t base = (uintptr_t)pptr_to_ptr(tcb_ref(thread_a()));
    uintptr_t util = (uintptr_t)benchmark_util_of(thread_a());
    CHECK(util >= base + BIT(TCB_CNODE_RADIX) * sizeof(cte_t));
    CHECK(util + sizeof(benchmark_util_t) <= (uintptr_t)thread_a());
    CHECK_EQ(util % 8, 0);
}

TEST(benchmark_flush_caches_takes_all_or_the_l1_caches_r1_names)
{
    memset(&flushes, 0, sizeof flushes);
    call(thread_a(), SysBenchmarkFlushCaches, 0, 0);
    CHECK_EQ(flushes.all, 1);
    CHECK_EQ(flushes.l1, 0);
    call(thread_a(), SysBenchmarkFlushCaches, 1, ARCH_BENCHMARK_CACHE_D);
    CHECK_EQ(flushes.l1, 1);
    CHECK_EQ(flushes.l1_type, ARCH_BENCHMARK_CACHE_D);
    CHECK_EQ(flushes.all, 1);
}

TEST(benchmark_null_syscall_leaves_every_register)
{
    for (word_t i = 0; i < 8; i++) {
        thread_a()->context.regs[REG_R0 + i] = 0x50 + i;
    }
    benchmark_syscall_perform(thread_a(), SysBenchmarkNullSyscall);
    for (word_t i = 0; i < 8; i++) {
        CHECK_EQ(thread_a()->context.regs[REG_R0 + i], 0x50 + i);
    }
}

TEST(benchmark_set_log_buffer_errors_as_seL4)
{
    CHECK_OK(do_retype(SLOT_UNTYPED, OBJ_ARM_SECTION, 0, SLOT_SPARE, 1));
    CHECK_OK(do_retype(SLOT_UNTYPED, OBJ_ARM_SMALL_PAGE, 0, SLOT_SPARE + 1, 1));
    word_t bad[] = { 0, SLOT_SPARE + 1, SLOT_A, SLOT_SPARE + 2 /* empty */ };
    for (unsigned i = 0; i < 4; i++) {
        call(thread_a(), SysBenchmarkSetLogBuffer, bad[i], 0);
        CHECK_EQ(thread_a()->context.regs[REG_R0], ERR_ILLEGAL_OPERATION);
    }
    call(thread_a(), SysBenchmarkSetLogBuffer, SLOT_SPARE, 0);
    CHECK_EQ(thread_a()->context.regs[REG_R0], ERR_NONE);
}

TEST(benchmark_reset_and_finalize_log_without_a_log_leave_r0_alone_or_clear_it)
{
    /* the host configuration has no kernel log: ResetLog succeeds (r0 = 0)
     * and FinalizeLog writes nothing */
    call(thread_a(), SysBenchmarkResetLog, 0x77, 0);
    CHECK_EQ(thread_a()->context.regs[REG_R0], ERR_NONE);
    call(thread_a(), SysBenchmarkFinalizeLog, 0x77, 0);
    CHECK_EQ(thread_a()->context.regs[REG_R0], 0x77);
}
