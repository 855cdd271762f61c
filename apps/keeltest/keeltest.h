/*
 * keeltest: Keel's in-QEMU test suite, a root task in the spirit of
 * sel4test. This header is the framework's interface for test files: how a
 * test is declared, what it is given (struct test_env), how it checks and
 * fails, and helpers that allocate from the test's own resources.
 *
 * A test is declared once, with a name that says the behaviour it checks
 * and a one-line description:
 *
 *     KEEL_TEST(cnode_copy_into_occupied_slot_is_delete_first,
 *               "CNode_Copy refuses a destination slot that holds a cap")
 *     {
 *         seL4_CPtr ep = test_retype(env, seL4_EndpointObject, 0);
 *         ...
 *         CHECK_ERR(seL4_CNode_Copy(...), seL4_DeleteFirst);
 *     }
 *
 * The driver (driver.c) runs every declared test in one boot, each in a
 * thread of its own with the driver as its fault handler (child.c), and
 * prints `Test NAME passed` or `Test NAME failed` (after the reasons, or a
 * description of the fault that ended it), then `N passed, M failed`;
 * tools/run_tests.py turns those lines into results. A test's thread shares
 * the root task's CSpace and VSpace; env->tcb names it (seL4_CapInitThreadTCB
 * is the driver's), and test_thread_new() makes more threads.
 */
#pragma once

#include <setjmp.h>
#include <stddef.h>
#include <stdbool.h>
#include <stdint.h>
#include <sel4/sel4.h>
#include <rootlib/rootlib.h>

/* Size of a test's own untyped memory unless it asks for more. */
#define TEST_DEFAULT_UNTYPED_BITS 20

/* Every slot of the root CNode is named by a cptr resolved to this depth. */
#define ROOT_DEPTH seL4_WordBits

/*
 * What a test gets. Everything it creates must come from `untyped` (or from
 * a device untyped through the helpers) and land in its slot window; the
 * driver revokes the untyped, deletes every cap in the window and checks
 * the window is empty again before the next test runs.
 */
struct test_env {
    seL4_BootInfo *bootinfo;
    seL4_CPtr cnode;   /* the root CNode (seL4_CapInitThreadCNode) */
    seL4_CPtr untyped; /* the test's own untyped */
    unsigned untyped_bits;
    seL4_Word untyped_paddr; /* its physical address */
    seL4_CPtr slot_first;    /* the test's empty slots: [first, end) */
    seL4_CPtr slot_end;
    seL4_CPtr slot_next;       /* next slot test_slot() hands out */
    seL4_CPtr suite_slots_end; /* slots of the empty region at or above this
                                  have never been used by the suite */
    seL4_Word vaddr;           /* free virtual range of the root VSpace: */
    seL4_Word vaddr_size;      /* [vaddr, vaddr + vaddr_size), 16 MiB aligned */
    /* rootlib's view of these resources (test_lib): its allocator hands out
     * the window's slots and retypes from `untyped`; its region allocator
     * (lib.vregion) places threads in the top quarter of the range. */
    struct rootlib_env lib;
    /* The thread running the test (child.c): not the root task's initial
     * thread, but one the driver made for this test in the same CSpace and
     * VSpace, with the driver as its fault handler. */
    seL4_CPtr tcb;      /* its TCB */
    seL4_Word priority; /* its priority, and its MCP */
    seL4_Word mcp;
    seL4_IPCBuffer *ipc_buffer; /* its IPC buffer, and the frame cap of it */
    seL4_CPtr ipc_frame;
    seL4_CPtr fault_ep;              /* a fault endpoint for threads the test makes:
                                        their faults fail the test, described */
    seL4_IPCBuffer *root_ipc_buffer; /* the initial thread's IPC buffer pointer,
                                        as the runtime set it for the driver */
};

typedef void test_fn_t(struct test_env *env);

struct test_case {
    const char *name;
    const char *description;
    test_fn_t *run;
    unsigned untyped_bits;
};

/*
 * KEEL_TEST(name, description) { body }: declares and registers a test.
 * Registration is a pointer in the linker set "keel_tests" (an ELF section
 * the linker brackets with __start_keel_tests/__stop_keel_tests), so tests
 * need no central list. KEEL_TEST_SIZED also sets the size (log2 bytes) of
 * the test's untyped.
 */
#define KEEL_TEST_SIZED(fn, bits, desc)                                                            \
    static test_fn_t fn;                                                                           \
    static const struct test_case fn##_case = { #fn, desc, fn, bits };                             \
    static const struct test_case *const fn##_entry __attribute__((used, section("keel_tests"))) = \
        &fn##_case;                                                                                \
    static void fn(struct test_env *env __attribute__((unused)))

#define KEEL_TEST(fn, desc) KEEL_TEST_SIZED(fn, TEST_DEFAULT_UNTYPED_BITS, desc)

/* ---- Failing ---- */

/* Prints the reason (indented, with file and line) and abandons the test:
 * it goes back to the abort point of the calling thread (test_set_abort;
 * every thread made by test_thread_new has one), and the driver cleans up
 * after it. */
_Noreturn void test_fail_at(const char *file, int line, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
#define TEST_FAIL(...) test_fail_at(__FILE__, __LINE__, __VA_ARGS__)

#define CHECK(cond)                               \
    do {                                          \
        if (!(cond)) {                            \
            TEST_FAIL("check failed: %s", #cond); \
        }                                         \
    } while (0)

/* Compares two word-sized values and prints both on failure. */
#define CHECK_EQ(actual, expected)                                                    \
    do {                                                                              \
        seL4_Word check_a_ = (seL4_Word)(actual), check_e_ = (seL4_Word)(expected);   \
        if (check_a_ != check_e_) {                                                   \
            TEST_FAIL("%s is 0x%" SEL4_PRIx_word " (%" SEL4_PRIu_word                 \
                      "), expected %s = 0x%" SEL4_PRIx_word " (%" SEL4_PRIu_word ")", \
                      #actual, check_a_, check_a_, #expected, check_e_, check_e_);    \
        }                                                                             \
    } while (0)

/* An invocation's result: the seL4_Error it returns. */
#define CHECK_ERR(call, expected)                                                   \
    do {                                                                            \
        seL4_Error check_err_ = (seL4_Error)(call);                                 \
        if (check_err_ != (expected)) {                                             \
            TEST_FAIL("%s returned %s, expected %s", #call, error_name(check_err_), \
                      error_name(expected));                                        \
        }                                                                           \
    } while (0)

#define CHECK_OK(call) CHECK_ERR(call, seL4_NoError)

/* Error details: message register i of the failed invocation's reply. */
#define CHECK_MR(i, expected)                                                                     \
    do {                                                                                          \
        seL4_Word check_mr_ = seL4_GetMR(i);                                                      \
        if (check_mr_ != (seL4_Word)(expected)) {                                                 \
            TEST_FAIL("error detail MR%d is %" SEL4_PRIu_word ", expected %s = %" SEL4_PRIu_word, \
                      (int)(i), check_mr_, #expected, (seL4_Word)(expected));                     \
        }                                                                                         \
    } while (0)

/* A FailedLookup's details: which side failed and the lookup failure kind
 * (seL4 manual, "Errors": MR0 = source?, MR1 = seL4_LookupFailureType). */
#define CHECK_LOOKUP_FAILURE(was_source, kind) \
    do {                                       \
        CHECK_MR(0, was_source);               \
        CHECK_MR(1, kind);                     \
    } while (0)

/* A RangeError's details: MR0 = minimum, MR1 = maximum. */
#define CHECK_RANGE(min, max) \
    do {                      \
        CHECK_MR(0, min);     \
        CHECK_MR(1, max);     \
    } while (0)

const char *error_name(seL4_Error e);

/* Where test_fail_at() goes in the calling thread (thread-local; NULL: a
 * failed check in this thread stops it with an undefined instruction). */
void test_set_abort(jmp_buf *abort);

/* ---- Capabilities ---- */

/* seL4_DebugCapIdentify's values: seL4's aarch32 cap tags (structures.bf;
 * the SGI signal cap's in non-SMP builds, seL4 16.0.0). */
enum cap_tag {
    CAP_TAG_NULL = 0,
    CAP_TAG_SMALL_FRAME = 1,
    CAP_TAG_UNTYPED = 2,
    CAP_TAG_FRAME = 3,
    CAP_TAG_ENDPOINT = 4,
    CAP_TAG_ASID_POOL = 5,
    CAP_TAG_NOTIFICATION = 6,
    CAP_TAG_PAGE_TABLE = 7,
    CAP_TAG_REPLY = 8,
    CAP_TAG_PAGE_DIRECTORY = 9,
    CAP_TAG_CNODE = 10,
    CAP_TAG_ASID_CONTROL = 11,
    CAP_TAG_THREAD = 12,
    CAP_TAG_IRQ_CONTROL = 14,
    CAP_TAG_IRQ_HANDLER = 30,
    CAP_TAG_ZOMBIE = 46,
    CAP_TAG_DOMAIN = 62,
    CAP_TAG_SGI_SIGNAL = 63,
};

/* The tag's name ("endpoint", ...), for messages. */
const char *cap_tag_name(seL4_Word tag);

#ifdef CONFIG_DEBUG_BUILD
/* The cap tag at a root-CNode slot (CAP_TAG_NULL when empty), from the
 * kernel: seL4_DebugCapIdentify, a debug-build system call. */
seL4_Word cap_tag(seL4_CPtr slot);
#endif

/*
 * Whether a root-CNode slot holds a cap with `tag` (CAP_TAG_NULL: holds
 * none), in any build: NULL if it does, else why not, in words. A debug
 * build asks the kernel (cap_tag). A release build has no such call, as on
 * seL4, and asks cap_probe (cap_probe.c), which tells caps apart by CNode
 * operations and by invocations that fail before they change anything.
 */
const char *cap_mismatch(seL4_CPtr slot, seL4_Word tag);

/* cap_mismatch's release-build answer, available in every build (the
 * suite checks it against caps of known type). It is exact for an empty
 * slot and for most tags; a few caps only show what kind they are by what
 * invoking them does, so it cannot tell apart: an endpoint from a
 * notification; a reply cap from the other caps that cannot be copied (IRQ
 * control, zombies, page tables and directories not yet mapped) unless the
 * tag asked for is one of those; an SGI signal cap from any other cap that
 * can be copied. */
const char *cap_probe(seL4_CPtr slot, seL4_Word tag);

/* Empty slots the probe copies caps into (the driver sets them aside). */
void cap_probe_set_scratch(seL4_CPtr first, seL4_Word count);

#define CHECK_CAP(slot, tag)                                                                    \
    do {                                                                                        \
        seL4_CPtr check_slot_ = (slot);                                                         \
        seL4_Word check_tag_ = (tag);                                                           \
        const char *check_why_ = cap_mismatch(check_slot_, check_tag_);                         \
        if (check_why_ != NULL) {                                                               \
            TEST_FAIL("slot %s = %u should hold %s (tag %u): %s", #slot, (unsigned)check_slot_, \
                      cap_tag_name(check_tag_), (unsigned)check_tag_, check_why_);              \
        }                                                                                       \
    } while (0)

/* Whether a root-CNode slot is empty, in any build. */
#define slot_is_empty(slot) (cap_mismatch((slot), CAP_TAG_NULL) == NULL)

/* The cap tag an object type's cap has. */
seL4_Word cap_tag_of_object(seL4_Word object_type);

/* ---- Allocation from the test's resources ---- */

/* Makes env->lib for env's slots, untyped and virtual range (the driver
 * does it for every test; a test that carves out a sub-environment calls
 * test_env_use_range for its range). */
void test_env_init_lib(struct test_env *env);

/* Gives env the virtual range [vaddr, vaddr + size), threads in its top
 * quarter. */
void test_env_use_range(struct test_env *env, seL4_Word vaddr, seL4_Word size);

/* env->lib, up to date with env (a copied test_env allocates from the
 * copy; rootlib's priority authority is env->tcb): pass this to rootlib. */
struct rootlib_env *test_lib(struct test_env *env);

seL4_CPtr test_slot(struct test_env *env);               /* one empty slot */
seL4_CPtr test_slots(struct test_env *env, seL4_Word n); /* n consecutive */

/* Retypes one object from the test's untyped (or from `untyped`) into a new
 * slot; fails the test if the kernel refuses. */
seL4_CPtr test_retype(struct test_env *env, seL4_Word type, seL4_Word size_bits);
seL4_CPtr test_retype_from(struct test_env *env, seL4_CPtr untyped, seL4_Word type,
                           seL4_Word size_bits);
#define test_untyped(env, bits) test_retype((env), seL4_UntypedObject, (bits))

/* Copies (or mints) a root-CNode cap into a new slot. */
seL4_CPtr test_copy(struct test_env *env, seL4_CPtr src, seL4_CapRights_t rights);
seL4_CPtr test_mint(struct test_env *env, seL4_CPtr src, seL4_CapRights_t rights, seL4_Word badge);

/* A BootInfo device untyped of at least 2^bits bytes that contains no
 * RAM, or fails the test; its index in untypedList goes to *index. */
seL4_CPtr test_find_device_untyped(struct test_env *env, unsigned bits, seL4_Word *index);

/* A 4 KiB device frame at physical address paddr, carved out of the
 * BootInfo device untyped that covers it (fails the test if none does). */
seL4_CPtr test_device_frame_at(struct test_env *env, seL4_Word paddr);

/* ---- VSpace ---- */

/* A page-aligned, unused virtual address in the test's range: the start of
 * the range plus offset (which must keep it inside the range). */
seL4_Word test_vaddr(struct test_env *env, seL4_Word offset);

/* These go through rootlib (apps/lib) with the test's resources. */

/* Maps a new page table covering vaddr into the root VSpace; returns it. */
seL4_CPtr test_map_page_table(struct test_env *env, seL4_Word vaddr);

/* Maps frame at vaddr in the root VSpace, read-write with the default
 * attributes (the kernel maps device frames uncached), adding a page table
 * when a 4 KiB or 64 KiB frame has none to go in. */
void test_map_frame(struct test_env *env, seL4_CPtr frame, seL4_Word vaddr);

/* Physical address of a frame (Page_GetAddress), failing the test on error. */
seL4_Word frame_paddr(seL4_CPtr frame);

/* A page directory with an ASID from the root task's pool. */
seL4_CPtr test_assigned_page_directory(struct test_env *env);

/* ---- Raw invocations, for malformed messages ---- */

/* Calls cap with label, the first `length` of mrs and `n_caps` extra caps
 * (caps may be NULL when n_caps is 0); returns the reply's error. */
seL4_Error raw_invoke(seL4_CPtr cap, seL4_Word label, seL4_Word length, const seL4_Word *mrs,
                      seL4_Word n_caps, const seL4_CPtr *caps);

/* ---- Threads (thread.c) ---- */

/*
 * A thread a test makes (rootlib_thread_create, through test_lib): in the
 * root CSpace and VSpace, everything from the test's own resources (TCB,
 * a notification, IPC buffer frame, stack pages with an unmapped guard
 * below them, a page for its TLS block and start-up data), at the next
 * free place in the top quarter of the test's virtual range. The
 * function it starts at may use CHECK: a failed check stops the thread and
 * sets `failed`. The driver makes each test's own thread the same way.
 */
typedef void test_thread_fn_t(seL4_Word arg0, seL4_Word arg1);

/* What keeltest's wrapper around fn needs, and how it ended: in the
 * bytes rootlib keeps for the program in the thread's start-up page. */
struct thread_block {
    test_thread_fn_t *fn;
    seL4_Word arg0, arg1;
    seL4_CPtr report;          /* if set, the verdict is sent here (child.c) */
    volatile seL4_Word done;   /* fn returned, or a check in it failed */
    volatile seL4_Word failed; /* a check in it failed */
};

struct test_thread {
    struct rootlib_thread lib; /* the thread, made by rootlib_thread_create */
    /* copied from lib, for tests to read (a change goes to lib): */
    seL4_CPtr tcb;
    seL4_CPtr ipc_frame;
    seL4_IPCBuffer *ipc_buffer;
    seL4_Word stack_top;
    seL4_Word tls_base;         /* its tpidruro value */
    struct thread_block *block; /* in lib.user */
};

#define TEST_THREAD_STACK_PAGES 2

/* Makes a thread (not started) at `priority` (set with env->tcb as the
 * authority; its MCP stays 0), with fault endpoint cptr fault_ep (0: none). */
void test_thread_new(struct test_env *env, struct test_thread *t, seL4_Word priority,
                     seL4_CPtr fault_ep);
void test_thread_new_with_stack(struct test_env *env, struct test_thread *t, seL4_Word priority,
                                seL4_CPtr fault_ep, unsigned stack_pages);

/* Starts it (WriteRegisters with resume) at fn(arg0, arg1); when fn returns
 * the thread suspends itself. Whether it runs at once is the scheduler's
 * choice. */
void test_thread_start(struct test_thread *t, test_thread_fn_t *fn, seL4_Word arg0, seL4_Word arg1);

/* The registers test_thread_start would write (pc, sp, r0, tpidruro), for
 * tests that start or restart a thread by hand. */
void test_thread_entry_context(struct test_thread *t, test_thread_fn_t *fn, seL4_Word arg0,
                               seL4_Word arg1, seL4_UserContext *regs);

/* ---- Child threads (child.c): how the driver runs a test ---- */

/*
 * child_run() runs body(env) in a new thread made from the resources of
 * `res` (as test_thread_new does), with the caller as its fault handler,
 * and waits for the first of: its verdict (the body returned, or a check
 * failed), a fault of that thread or of a thread it made with env->fault_ep,
 * or the watchdog (a thread at priority 0 that runs only when every other
 * thread is blocked, and reports after `watchdog_spins` loops of that).
 * Then it suspends and deletes everything it made, leaving res's slots and
 * virtual range as they were. The driver runs every test this way; tests
 * use it to check the mechanism itself.
 */
struct child_spec {
    test_fn_t *body;
    struct test_env *env;    /* the body's; child_run fills in tcb, priority,
                                mcp, ipc_buffer, ipc_frame and fault_ep */
    seL4_Word priority, mcp; /* set with res->tcb as the authority */
    unsigned stack_pages;
    seL4_Word watchdog_spins; /* 0: no watchdog */
};

enum child_verdict { CHILD_PASSED, CHILD_FAILED, CHILD_FAULTED, CHILD_STUCK };

struct child_outcome {
    enum child_verdict verdict;
    bool by_helper;        /* the fault was of a thread the child made */
    seL4_Word fault_label; /* seL4_Fault_*, for CHILD_FAULTED */
    seL4_Word fault_length;
    seL4_Word fault[seL4_UnknownSyscall_Length]; /* the fault message */
    char description[160];                       /* what happened, in words ("" for a verdict) */
};

void child_run(struct test_env *res, const struct child_spec *spec, struct child_outcome *out);

/* A fault message (label and words, seL4's layouts) in words. */
void child_describe_fault(seL4_Word label, const seL4_Word *mrs, char *buf, size_t size);
