/*
 * keeltest's driver: runs every test registered with KEEL_TEST, one after
 * the other in a single boot, and reports each (see keeltest.h).
 *
 * Isolation: before a test, the driver retypes a fresh untyped of the size
 * the test asked for from the largest RAM untyped (the "parent") and picks
 * a window of empty slots and a range of free virtual addresses. After it,
 * whether it passed or not, the driver deletes every cap in the window,
 * revokes and deletes the test's untyped, and checks that the window is
 * empty again. A window that cannot be cleaned is retired and the test
 * fails. Because the parent then has no children, the kernel resets it
 * (clears and rewinds it) on the next retype, so each test starts from the
 * same, zeroed memory.
 *
 * Each test body runs in a thread of its own (child.c), made from a second,
 * per-test "harness" untyped (from another RAM untyped, so the test's own
 * untyped is exactly what it asked for), with its caps in a few slots the
 * driver keeps for itself and its stack, TLS and IPC buffer below the test
 * windows. It shares the root CNode and VSpace, which every test names its
 * objects and mappings in. The driver, at the highest priority, is its fault
 * handler: a test that faults is failed with the fault described, and a
 * test whose threads all block for good is failed by a watchdog thread at
 * the lowest priority. The driver then revokes the harness untyped, which
 * takes the test's thread with it, and cleans up as above.
 *
 * Output, line by line (tools/run_tests.py parses it):
 *     Running N tests
 *     Starting test I/N: NAME - DESCRIPTION
 *         file.c:LINE: why it failed          (only on failure)
 *     Test NAME passed | Test NAME failed
 *     N passed, M failed
 * Then main returns and the runtime ends the program: a debug build halts
 * the machine (seL4_DebugHalt powers QEMU off); a release build has no such
 * call and parks it, so tools/run_tests.py stops QEMU at the summary line.
 */
#include <stdio.h>
#include "keeltest.h"

/* The linker set of tests (KEEL_TEST). */
extern const struct test_case *const __start_keel_tests[];
extern const struct test_case *const __stop_keel_tests[];

#define WINDOW_SLOTS 512u
#define MAX_WINDOWS 16u
/* Each test gets 32 MiB of virtual address space (room for a 16 MiB
 * super section at its required alignment), from 512 MiB up to the kernel
 * window; the root task's image sits far below. */
#define VADDR_BASE 0x20000000u
#define VADDR_WINDOW_SIZE 0x02000000u
#define VADDR_WINDOWS ((seL4_UserTop - VADDR_BASE) / VADDR_WINDOW_SIZE)

/* The test's thread: its priority leaves room above and below it for
 * threads the test makes, and its MCP lets it make them (but not reach the
 * driver's priority, seL4_MaxPrio). */
#define TEST_PRIORITY 100u
#define TEST_MCP 200u
#define TEST_STACK_PAGES 16u /* 64 KiB, as the initial thread has */
/* The watchdog's loop count: several seconds of QEMU time with every test
 * thread blocked (it never runs otherwise). */
#define WATCHDOG_SPINS 0x10000000u
/* The harness: its untyped, slots and virtual range (below the windows,
 * far above the root task's image). */
#define HARNESS_UNTYPED_BITS 18u
#define HARNESS_SLOTS 32u
#define HARNESS_VADDR 0x1f000000u
#define HARNESS_VADDR_SIZE 0x00800000u
/* Scratch slots for the cap probe of release builds (cap_probe.c): one
 * per thread that may be probing at the same time. */
#define PROBE_SLOTS 4u

struct suite {
    seL4_BootInfo *bootinfo;
    seL4_CPtr parent; /* the largest RAM untyped */
    unsigned parent_bits;
    seL4_Word parent_paddr;
    seL4_CPtr test_untyped_slot; /* where each test's untyped goes */
    seL4_CPtr harness_source;    /* the RAM untyped harness untypeds come from */
    seL4_CPtr harness_untyped_slot;
    seL4_CPtr harness_slots; /* HARNESS_SLOTS slots for the test's thread */
    seL4_CPtr probe_slots;   /* PROBE_SLOTS scratch slots for cap_probe */
    seL4_CPtr windows_first;
    unsigned n_windows;
    unsigned next_window;
    bool retired[MAX_WINDOWS];
    seL4_CPtr slots_used_end; /* no slot at or above this was handed out */
};

static bool suite_setup(struct suite *s)
{
    seL4_BootInfo *bi = seL4_GetBootInfo();
    s->bootinfo = bi;
    s->parent_bits = 0;
    for (seL4_Word i = 0; i < bi->untyped.end - bi->untyped.start; i++) {
        const seL4_UntypedDesc *u = &bi->untypedList[i];
        if (!u->isDevice && u->sizeBits > s->parent_bits) {
            s->parent = bi->untyped.start + i;
            s->parent_bits = u->sizeBits;
            s->parent_paddr = u->paddr;
        }
    }
    if (s->parent_bits == 0) {
        printf("keeltest: BootInfo lists no RAM untyped\n");
        return false;
    }
    /* the smallest other RAM untyped that is large enough (boot untypeds
     * start out full, so the kernel clears all of one at its first retype:
     * the smaller, the quicker), or else the parent, after the test's */
    s->harness_source = s->parent;
    unsigned harness_source_bits = seL4_WordBits;
    for (seL4_Word i = 0; i < bi->untyped.end - bi->untyped.start; i++) {
        const seL4_UntypedDesc *u = &bi->untypedList[i];
        if (!u->isDevice && bi->untyped.start + i != s->parent &&
            u->sizeBits >= HARNESS_UNTYPED_BITS && u->sizeBits < harness_source_bits) {
            s->harness_source = bi->untyped.start + i;
            harness_source_bits = u->sizeBits;
        }
    }
    s->test_untyped_slot = bi->empty.start;
    s->harness_untyped_slot = bi->empty.start + 1;
    s->harness_slots = bi->empty.start + 2;
    s->probe_slots = s->harness_slots + HARNESS_SLOTS;
    s->windows_first = s->probe_slots + PROBE_SLOTS;
    s->n_windows = 0;
    if (bi->empty.end > s->windows_first) {
        s->n_windows = (bi->empty.end - s->windows_first) / WINDOW_SLOTS;
    }
    if (s->n_windows > MAX_WINDOWS) {
        s->n_windows = MAX_WINDOWS;
    }
    if (s->n_windows == 0) {
        printf("keeltest: the empty slot region [%u, %u) is too small\n", (unsigned)bi->empty.start,
               (unsigned)bi->empty.end);
        return false;
    }
    s->next_window = 0;
    s->slots_used_end = s->windows_first;
    cap_probe_set_scratch(s->probe_slots, PROBE_SLOTS);
    return true;
}

/* The next usable slot window, round robin; false if all are retired. */
static bool suite_take_window(struct suite *s, seL4_CPtr *first)
{
    for (unsigned tries = 0; tries < s->n_windows; tries++) {
        unsigned w = s->next_window;
        s->next_window = (w + 1) % s->n_windows;
        if (!s->retired[w]) {
            *first = s->windows_first + w * WINDOW_SLOTS;
            if (*first + WINDOW_SLOTS > s->slots_used_end) {
                s->slots_used_end = *first + WINDOW_SLOTS;
            }
            return true;
        }
    }
    return false;
}

/* Gives the test its untyped, slots and virtual range. */
static bool test_prepare(struct suite *s, const struct test_case *tc, unsigned index,
                         struct test_env *env)
{
    if (tc->untyped_bits > s->parent_bits) {
        printf("    the test needs 2^%u bytes of untyped memory; the largest untyped "
               "has 2^%u\n",
               tc->untyped_bits, s->parent_bits);
        return false;
    }
    seL4_CPtr first;
    if (!suite_take_window(s, &first)) {
        printf("    no clean slot window is left\n");
        return false;
    }
    seL4_Error err = seL4_Untyped_Retype(s->parent, seL4_UntypedObject, tc->untyped_bits,
                                         seL4_CapInitThreadCNode, 0, 0, s->test_untyped_slot, 1);
    if (err != seL4_NoError) {
        printf("    cannot retype the test's untyped (2^%u bytes): %s\n", tc->untyped_bits,
               error_name(err));
        return false;
    }
    *env = (struct test_env){
        .bootinfo = s->bootinfo,
        .cnode = seL4_CapInitThreadCNode,
        .untyped = s->test_untyped_slot,
        .untyped_bits = tc->untyped_bits,
        .untyped_paddr = s->parent_paddr, /* the parent was reset: first child */
        .slot_first = first,
        .slot_end = first + WINDOW_SLOTS,
        .slot_next = first,
        .suite_slots_end = s->slots_used_end,
        .vaddr = VADDR_BASE + (index % VADDR_WINDOWS) * VADDR_WINDOW_SIZE,
        .vaddr_size = VADDR_WINDOW_SIZE,
        .root_ipc_buffer = seL4_GetIPCBuffer(),
    };
    test_env_init_lib(env);
    return true;
}

/* The resources the test's own thread is made from, as a test_env the
 * helpers of thread.c and child.c allocate from. */
static bool harness_prepare(struct suite *s, struct test_env *h)
{
    seL4_Error err =
        seL4_Untyped_Retype(s->harness_source, seL4_UntypedObject, HARNESS_UNTYPED_BITS,
                            seL4_CapInitThreadCNode, 0, 0, s->harness_untyped_slot, 1);
    if (err != seL4_NoError) {
        printf("    cannot retype the harness untyped: %s\n", error_name(err));
        return false;
    }
    *h = (struct test_env){
        .bootinfo = s->bootinfo,
        .cnode = seL4_CapInitThreadCNode,
        .untyped = s->harness_untyped_slot,
        .untyped_bits = HARNESS_UNTYPED_BITS,
        .slot_first = s->harness_slots,
        .slot_end = s->harness_slots + HARNESS_SLOTS,
        .slot_next = s->harness_slots,
        .vaddr = HARNESS_VADDR,
        .vaddr_size = HARNESS_VADDR_SIZE,
        .tcb = seL4_CapInitThreadTCB,
        .priority = seL4_MaxPrio,
        .mcp = seL4_MaxPrio,
        .root_ipc_buffer = seL4_GetIPCBuffer(),
    };
    test_env_init_lib(h);
    /* the test's thread may use the whole range */
    rootlib_vregion_init(&h->lib.vregion, HARNESS_VADDR, HARNESS_VADDR + HARNESS_VADDR_SIZE);
    return true;
}

/* Revoking the harness untyped deletes whatever of the test's thread is
 * left (child_run deletes it all when it gets that far). */
static bool harness_cleanup(struct suite *s)
{
    seL4_CNode root = seL4_CapInitThreadCNode;
    bool clean = true;
    for (seL4_CPtr slot = s->harness_slots; slot < s->harness_slots + HARNESS_SLOTS; slot++) {
        seL4_Error err = seL4_CNode_Delete(root, slot, ROOT_DEPTH);
        if (err != seL4_NoError) {
            printf("    cleanup: deleting harness slot %u: %s\n", (unsigned)slot, error_name(err));
            clean = false;
        }
    }
    seL4_Error err = seL4_CNode_Revoke(root, s->harness_untyped_slot, ROOT_DEPTH);
    if (err == seL4_NoError) {
        err = seL4_CNode_Delete(root, s->harness_untyped_slot, ROOT_DEPTH);
    }
    if (err != seL4_NoError) {
        printf("    cleanup: revoking the harness untyped: %s\n", error_name(err));
        clean = false;
    }
    return clean;
}

/* Runs one test's body in a thread of its own (child.c) and reports how it
 * ended if not by passing. */
static bool run_test_body(struct suite *s, const struct test_case *tc, struct test_env *env)
{
    struct test_env harness;
    struct child_outcome out;
    volatile bool ran = false;
    jmp_buf abort;

    if (!harness_prepare(s, &harness)) {
        return false;
    }
    const struct child_spec spec = {
        .body = tc->run,
        .env = env,
        .priority = TEST_PRIORITY,
        .mcp = TEST_MCP,
        .stack_pages = TEST_STACK_PAGES,
        .watchdog_spins = WATCHDOG_SPINS,
    };
    test_set_abort(&abort); /* the harness's own checks fail the test */
    if (setjmp(abort) == 0) {
        child_run(&harness, &spec, &out);
        ran = true;
    }
    test_set_abort(NULL);
    bool clean = harness_cleanup(s);
    if (!ran) {
        printf("    the test's thread could not be made or cleaned up\n");
        return false;
    }
    if (out.description[0] != '\0') {
        printf("    %s\n", out.description); /* a fault, or the watchdog */
    }
    return out.verdict == CHILD_PASSED && clean;
}

/* Deletes what the test left; false (with the reason printed) if the
 * window could not be emptied. */
static bool test_cleanup(struct suite *s, const struct test_env *env)
{
    bool clean = true;
    seL4_CNode root = seL4_CapInitThreadCNode;

    for (seL4_CPtr slot = env->slot_first; slot < env->slot_end; slot++) {
        seL4_Error err = seL4_CNode_Delete(root, slot, ROOT_DEPTH);
        if (err != seL4_NoError) {
            printf("    cleanup: deleting slot %u: %s\n", (unsigned)slot, error_name(err));
            clean = false;
        }
    }
    seL4_Error err = seL4_CNode_Revoke(root, s->test_untyped_slot, ROOT_DEPTH);
    if (err == seL4_NoError) {
        err = seL4_CNode_Delete(root, s->test_untyped_slot, ROOT_DEPTH);
    }
    if (err != seL4_NoError) {
        printf("    cleanup: revoking the test's untyped: %s\n", error_name(err));
        clean = false;
    }
    for (seL4_CPtr slot = env->slot_first; slot < env->slot_end; slot++) {
        const char *why = cap_mismatch(slot, CAP_TAG_NULL);
        if (why != NULL) {
            printf("    cleanup: slot %u is not empty: %s\n", (unsigned)slot, why);
            clean = false;
            break;
        }
    }
    if (!slot_is_empty(s->test_untyped_slot)) {
        printf("    cleanup: the test's untyped is still there\n");
        return false; /* nothing more can run */
    }
    if (!clean) {
        s->retired[(env->slot_first - s->windows_first) / WINDOW_SLOTS] = true;
    }
    return clean;
}

static unsigned count_tests(void)
{
    return (unsigned)(__stop_keel_tests - __start_keel_tests);
}

int main(void)
{
    struct suite suite = { 0 };
    unsigned n = count_tests(), passed = 0, failed = 0;
    bool usable = suite_setup(&suite);

    printf("Running %u tests\n", n);
    for (unsigned i = 0; i < n; i++) {
        const struct test_case *tc = __start_keel_tests[i];
        struct test_env env;
        bool ok = false;

        printf("Starting test %u/%u: %s - %s\n", i + 1, n, tc->name, tc->description);
        if (!usable) {
            printf("    the suite could not set itself up\n");
        } else if (test_prepare(&suite, tc, i, &env)) {
            ok = run_test_body(&suite, tc, &env);
            ok = test_cleanup(&suite, &env) && ok;
        }
        printf("Test %s %s\n", tc->name, ok ? "passed" : "failed");
        if (ok) {
            passed++;
        } else {
            failed++;
        }
    }
    printf("%u passed, %u failed\n", passed, failed);
    return failed == 0 ? 0 : 1;
}
