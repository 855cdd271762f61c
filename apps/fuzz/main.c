/*
 * The fuzzer's controller (the initial thread): builds each epoch's object
 * pool and the actor's CSpace from one untyped, runs the actor (actor.c),
 * restarts it whenever it blocks or faults, lets child threads run and
 * collects their faults, and checks the oracles of docs/reliability.md
 * ("Fuzzing"). It uses libsel4 alone, not rootlib, so that its checks do
 * not rest on that library.
 */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <keel/runtime.h>
#include <sel4/sel4.h>
#include "fuzz.h"

/* tools/fuzz_image.py rewrites this in the image: see fuzz.h. */
volatile const struct fuzz_config fuzz_config = {
    .magic = "KEEL_FUZZ_CONF1",
    .seed_lo = 1,
    .seed_hi = 0,
    .invocations = 20000,
    .verbose = 0,
    .oracle_every = 500,
    .epoch_every = 5000,
    .progress_every = 50000,
};

#define PRIO_ACTOR 2u
#define PRIO_CONTROLLER 1u
#define EPOCH_BITS 26u /* the epoch untyped: room for a 16 MiB frame */
#define ORACLE_UT_BITS 16u
#define ORACLE_SLOTS 16u
#define WINDOW 0x3f000000u /* the controller's own page table's range */
#define ACTOR_IPC (WINDOW + 0x1000u)
#define ORACLE_VA1 (WINDOW + 0x10000u)
#define ORACLE_VA2 (WINDOW + 0x11000u)
#define ACTOR_STACK_BYTES 16384u
#define CHILD_STACKS 0x3e000000u /* children's stacks, in the child VSpace only */

seL4_IPCBuffer *fuzz_actor_ipc_buffer = (seL4_IPCBuffer *)ACTOR_IPC;
static uint8_t actor_stack[ACTOR_STACK_BYTES] __attribute__((aligned(16)));
static uint8_t actor_tls[512] __attribute__((aligned(16)));
extern char __executable_start[]; /* apps/runtime/user.lds */

/* Root CNode slots the controller uses (taken from BootInfo's empty range). */
static struct {
    seL4_CPtr next, end;
    seL4_CPtr big, epoch, whole, static_ut, pt, ipc_frame;
    seL4_CPtr t, c0, d, nested, actor, stop, fault, collect, oracle_ut, probe, devut;
    seL4_CPtr child_pd, child_pt[2];
    seL4_CPtr child_tcb[4]; /* SMP builds: copies of the pool's TCB caps */
    seL4_CPtr oracle[ORACLE_SLOTS];
} s;

static struct {
    uint32_t epochs, restarts, cap_faults, child_faults, child_messages;
    uint32_t oracles, skipped, failures;
} stats;

static seL4_CPtr slot_take(void)
{
    if (s.next >= s.end) {
        printf("fuzz: out of root CNode slots\n");
        exit(1);
    }
    return s.next++;
}

static void fail(const char *what, long detail)
{
    stats.failures++;
    printf("fuzz: ORACLE FAILED after invocation %u (seed 0x%08x%08x): %s (%ld)\n",
           (unsigned)fuzz.op, (unsigned)fuzz_config.seed_hi, (unsigned)fuzz_config.seed_lo, what,
           detail);
}

/* A setup step that must work: a failure is the kernel's or ours, either
 * way the run is void. */
static void must(seL4_Error err, const char *what)
{
    if (err != seL4_NoError) {
        fail(what, err);
        printf("fuzz: stopped\n");
        exit(1);
    }
}

static seL4_Error retype(seL4_CPtr ut, seL4_Word type, seL4_Word bits, seL4_CPtr root,
                         seL4_Word offset)
{
    return seL4_Untyped_Retype(ut, type, bits, root, 0, 0, offset, 1);
}

/* Whether a slot holds a cap, seen from user level: copying from an empty
 * slot fails with seL4_FailedLookup (seL4 manual, CNode_Copy). A cap that
 * cannot be copied (a reply cap) still counts as present. */
static int slot_full(seL4_CPtr root, seL4_Word index, seL4_Word depth)
{
    seL4_Error err = seL4_CNode_Copy(seL4_CapInitThreadCNode, s.probe, seL4_WordBits, root, index,
                                     depth, seL4_AllRights);
    if (err == seL4_NoError) {
        seL4_CNode_Delete(seL4_CapInitThreadCNode, s.probe, seL4_WordBits);
        return 1;
    }
    return err != seL4_FailedLookup;
}

static int root_full(seL4_CPtr slot)
{
    return slot_full(seL4_CapInitThreadCNode, slot, seL4_WordBits);
}

/* ---- the epoch: the actor's CSpace and the pool ---- */

static seL4_Word pool_next;

/* The pool filled the next C0 slot with a cap of kind k. */
static void pool_took(enum pool_kind k)
{
    if (fuzz.kind_n[k] < KIND_SLOTS) {
        fuzz.kind_slot[k][fuzz.kind_n[k]++] = (uint8_t)pool_next;
    }
    pool_next++;
}

static enum pool_kind kind_of_type(seL4_Word type)
{
    switch (type) {
    case seL4_UntypedObject:
        return K_UNTYPED;
    case seL4_TCBObject:
        return K_TCB;
    case seL4_EndpointObject:
        return K_EP;
    case seL4_NotificationObject:
        return K_NTFN;
    case seL4_CapTableObject:
        return K_CNODE;
    case seL4_ARM_PageDirectoryObject:
        return K_PD;
    case seL4_ARM_PageTableObject:
        return K_PT;
    default:
        return K_FRAME;
    }
}

static void pool_retype(seL4_Word type, seL4_Word bits)
{
    if (pool_next < C0_SLOTS / 2 && retype(s.epoch, type, bits, s.c0, pool_next) == seL4_NoError) {
        pool_took(kind_of_type(type));
    }
}

static void pool_copy(seL4_CPtr src, seL4_Word badge, enum pool_kind k)
{
    if (pool_next < C0_SLOTS / 2 &&
        seL4_CNode_Mint(s.c0, pool_next, C0_BITS, seL4_CapInitThreadCNode, src, seL4_WordBits,
                        seL4_AllRights, badge) == seL4_NoError) {
        pool_took(k);
    }
}

#ifdef CONFIG_ENABLE_SMP_SUPPORT
/* Multicore builds: at each epoch's start and after each check, the pool's
 * threads are (re)started as children on the other cores (C0 as CSpace,
 * the children's page directory, the fault collector), so that their
 * system calls reach the kernel from cores 1.. while the actor makes its
 * invocations on core 0, and restarting one that still runs stalls its
 * core; the actor's TCB_SetAffinity moves them on. They may run during
 * the oracles too, which they cannot disturb: they get no extra caps, so
 * they cannot fill a slot the oracles check. The controller keeps its own
 * copies of the TCB caps (an endpoint the actor left in a pool slot would
 * block it in the Call); a failure here is no finding. */
static void restart_children(bool new_pool)
{
    for (unsigned i = 0; i < fuzz.kind_n[K_TCB] && i < 4; i++) {
        seL4_CPtr tcb = s.child_tcb[i];
        if (new_pool &&
            seL4_CNode_Copy(seL4_CapInitThreadCNode, tcb, seL4_WordBits, s.c0,
                            fuzz.kind_slot[K_TCB][i], C0_BITS, seL4_AllRights) != seL4_NoError) {
            fail("copying a fresh pool TCB cap", (long)i);
        }
        seL4_UserContext regs = { 0 };
        regs.pc = (seL4_Word)child_entry;
        regs.sp = fuzz.child_sp[i];
        regs.r0 = (seL4_Word)fuzz_rand64(); /* child_entry(seed, count, cptr) */
        regs.r1 = 31;
        regs.r2 = C0_POOL + fuzz_rand(fuzz.pool_used - C0_POOL);
        if (seL4_TCB_Configure(tcb, C0_COLLECT, s.c0, seL4_CNode_CapData_new(0, 24).words[0],
                               s.child_pd, 0, 0, seL4_CapNull) == seL4_NoError &&
            seL4_TCB_SetAffinity(tcb, 1 + fuzz_rand(CONFIG_MAX_NUM_NODES - 1)) == seL4_NoError) {
            seL4_TCB_WriteRegisters(tcb, 1, 0, 11, &regs);
        }
    }
}
#endif

/* Every object type, a few caps of each, some badged, some copied into D
 * and into the nested CNode so that deep cptrs find them. */
static void build_pool(void)
{
    pool_next = C0_POOL;
    memset(fuzz.kind_n, 0, sizeof(fuzz.kind_n));
    for (int i = 0; i < 4; i++) {
        pool_retype(seL4_TCBObject, 0);
    }
    for (int i = 0; i < 3; i++) {
        pool_retype(seL4_EndpointObject, 0);
        pool_retype(seL4_NotificationObject, 0);
    }
    static const uint8_t cnode_bits[] = { 1, 2, 4, 6 };
    for (unsigned i = 0; i < sizeof(cnode_bits); i++) {
        pool_retype(seL4_CapTableObject, cnode_bits[i]);
    }
    /* At most 2^16 bytes: a CNode made from one has at most 2^12 slots. The
     * checked kernel's CDT check walks every slot of every CNode, so a
     * pool able to make CNodes of 2^16 slots made it thousands of times
     * slower (seed 2: 30,000 invocations in 60 s, then a few dozen in the
     * next 4 minutes). */
    static const uint8_t ut_bits[] = { 4, 5, 10, 12, 12, 14, 16, 16, 16 };
    for (unsigned i = 0; i < sizeof(ut_bits); i++) {
        pool_retype(seL4_UntypedObject, ut_bits[i]);
    }
    for (int i = 0; i < 2; i++) {
        pool_retype(seL4_ARM_PageDirectoryObject, 0);
    }
    for (int i = 0; i < 3; i++) {
        pool_retype(seL4_ARM_PageTableObject, 0);
    }
    for (int i = 0; i < 4; i++) {
        pool_retype(seL4_ARM_SmallPageObject, 0);
    }
    pool_retype(seL4_ARM_LargePageObject, 0);
    pool_retype(seL4_ARM_SectionObject, 0);
    pool_retype(seL4_ARM_SuperSectionObject, 0);
    /* an ASID pool from a 4 KiB untyped of the pool's own */
    seL4_CPtr ut = s.oracle[0];
    if (retype(s.epoch, seL4_UntypedObject, seL4_ASIDPoolBits, seL4_CapInitThreadCNode, ut) ==
        seL4_NoError) {
        if (seL4_ARM_ASIDControl_MakePool(seL4_CapASIDControl, ut, s.c0, pool_next, C0_BITS) ==
            seL4_NoError) {
            pool_took(K_ASIDPOOL);
        }
        seL4_CNode_Delete(seL4_CapInitThreadCNode, ut, seL4_WordBits);
    }
    /* interrupt handlers for two of the virtio lines (SPI 30, 31) */
    for (seL4_Word irq = 62; irq < 64; irq++) {
        if (seL4_IRQControl_Get(seL4_CapIRQControl, irq, s.c0, pool_next, C0_BITS) ==
            seL4_NoError) {
            pool_took(K_IRQHANDLER);
        }
    }
    /* device memory: a copy of a device untyped, and two frames from it */
    if (s.devut != 0) {
        seL4_Word dev = pool_next;
        pool_copy(s.devut, 0, K_UNTYPED);
        seL4_CPtr copy = s.oracle[1];
        if (seL4_CNode_Copy(seL4_CapInitThreadCNode, copy, seL4_WordBits, s.c0, dev, C0_BITS,
                            seL4_AllRights) == seL4_NoError) {
            for (int i = 0; i < 2; i++) {
                if (retype(copy, seL4_ARM_SmallPageObject, 0, s.c0, pool_next) == seL4_NoError) {
                    pool_took(K_FRAME);
                }
            }
            seL4_CNode_Delete(seL4_CapInitThreadCNode, copy, seL4_WordBits);
        }
    }
    /* the kernel's own caps, copied */
    pool_copy(seL4_CapIRQControl, 0, K_IRQCONTROL);
    pool_copy(seL4_CapASIDControl, 0, K_ASIDCONTROL);
    pool_copy(seL4_CapInitThreadASIDPool, 0, K_ASIDPOOL);
    pool_copy(seL4_CapDomain, 0, K_DOMAIN);
    /* badged endpoint and notification caps */
    seL4_Word first = C0_POOL + 4; /* the first endpoint (after 4 TCBs) */
    for (seL4_Word i = 0; i < 6; i++) {
        seL4_Word src = first + (i % 6);
        if (pool_next < C0_SLOTS / 2 &&
            seL4_CNode_Mint(s.c0, pool_next, C0_BITS, s.c0, src, C0_BITS, seL4_AllRights, i + 1) ==
                seL4_NoError) {
            pool_took(i % 2 ? K_NTFN : K_EP);
        }
    }
    /* D and the nested CNode get copies of the first pool caps */
    for (seL4_Word i = 0; i < 16; i++) {
        seL4_CNode_Copy(s.d, i, C0_BITS, s.c0, C0_POOL + i, C0_BITS, seL4_AllRights);
        seL4_CNode_Copy(s.nested, i, 4, s.c0, C0_POOL + 4 + i, C0_BITS, seL4_AllRights);
    }
    /* one page directory gets an ASID */
    seL4_CPtr pd = s.oracle[2];
    if (fuzz.kind_n[K_PD] > 0 &&
        seL4_CNode_Copy(seL4_CapInitThreadCNode, pd, seL4_WordBits, s.c0, fuzz.kind_slot[K_PD][0],
                        C0_BITS, seL4_AllRights) == seL4_NoError) {
        seL4_ARM_ASIDPool_Assign(seL4_CapInitThreadASIDPool, pd);
        seL4_CNode_Delete(seL4_CapInitThreadCNode, pd, seL4_WordBits);
    }
    fuzz.pool_used = pool_next;
}

/* The fixed caps of the actor's CSpace (fuzz.h); after a check the
 * controller puts back any of C0's first slots that the actor emptied. */
static void install_c0_fixed(void)
{
    if (!slot_full(s.c0, C0_SELF, C0_BITS)) {
        seL4_CNode_Copy(s.c0, C0_SELF, C0_BITS, seL4_CapInitThreadCNode, s.c0, seL4_WordBits,
                        seL4_AllRights);
    }
    if (!slot_full(s.c0, C0_D, C0_BITS)) {
        seL4_CNode_Copy(s.c0, C0_D, C0_BITS, seL4_CapInitThreadCNode, s.d, seL4_WordBits,
                        seL4_AllRights);
    }
    if (!slot_full(s.c0, C0_COLLECT, C0_BITS)) {
        seL4_CNode_Mint(s.c0, C0_COLLECT, C0_BITS, seL4_CapInitThreadCNode, s.collect,
                        seL4_WordBits, seL4_AllRights, 0xc0);
    }
    if (!slot_full(s.c0, C0_PD, C0_BITS)) {
        seL4_CNode_Copy(s.c0, C0_PD, C0_BITS, seL4_CapInitThreadCNode, s.child_pd, seL4_WordBits,
                        seL4_AllRights);
    }
}

static void actor_start(void)
{
    seL4_UserContext regs = { 0 };
    regs.pc = (seL4_Word)actor_entry;
    regs.sp = (seL4_Word)&actor_stack[ACTOR_STACK_BYTES];
    must(seL4_TCB_WriteRegisters(s.actor, 1, 0, 2, &regs), "starting the actor");
}

static void epoch_start(void)
{
    seL4_CPtr root = seL4_CapInitThreadCNode;
    stats.epochs++;
    must(retype(s.epoch, seL4_CapTableObject, 2, root, s.t), "T");
    must(retype(s.epoch, seL4_CapTableObject, C0_BITS, root, s.c0), "C0");
    must(retype(s.epoch, seL4_CapTableObject, 8, root, s.d), "D");
    must(retype(s.epoch, seL4_CapTableObject, 4, root, s.nested), "nested CNode");
    must(retype(s.epoch, seL4_NotificationObject, 0, root, s.stop), "stop notification");
    must(retype(s.epoch, seL4_EndpointObject, 0, root, s.fault), "fault endpoint");
    must(retype(s.epoch, seL4_EndpointObject, 0, root, s.collect), "collector endpoint");
    must(retype(s.epoch, seL4_UntypedObject, ORACLE_UT_BITS, root, s.oracle_ut), "oracle untyped");
    must(retype(s.epoch, seL4_TCBObject, 0, root, s.actor), "actor TCB");
    /* T: C0 with an 8-bit guard, D, the stop notification, the fault endpoint */
    must(seL4_CNode_Mint(s.t, 0, 2, root, s.c0, seL4_WordBits, seL4_AllRights,
                         seL4_CNode_CapData_new(0, 8).words[0]),
         "T[0]");
    must(seL4_CNode_Copy(s.t, 1, 2, root, s.d, seL4_WordBits, seL4_AllRights), "T[1]");
    must(seL4_CNode_Copy(s.t, 2, 2, root, s.stop, seL4_WordBits, seL4_AllRights), "T[2]");
    must(seL4_CNode_Mint(s.t, 3, 2, root, s.fault, seL4_WordBits, seL4_AllRights, 0xfa), "T[3]");
    must(seL4_CNode_Mint(s.d, D_NESTED, 8, root, s.nested, seL4_WordBits, seL4_AllRights,
                         seL4_CNode_CapData_new(NESTED_GUARD, 4).words[0]),
         "D's nested CNode");
    install_c0_fixed();
    build_pool();
#ifdef CONFIG_ENABLE_SMP_SUPPORT
    restart_children(true);
#endif
    /* the actor: CSpace T (a 14-bit guard: 32 bits in all), our VSpace */
    must(seL4_TCB_Configure(s.actor, CPTR_FAULT, s.t, seL4_CNode_CapData_new(0, 14).words[0],
                            seL4_CapInitThreadVSpace, 0, ACTOR_IPC, s.ipc_frame),
         "configuring the actor");
    must(seL4_TCB_SetPriority(s.actor, seL4_CapInitThreadTCB, PRIO_ACTOR), "actor priority");
    must(seL4_TCB_SetTLSBase(s.actor, keel_tls_init(actor_tls)), "actor TLS");
    actor_start();
}

/* The epoch's end: revoking the epoch untyped must leave every slot the
 * pool used empty, and the untyped whole. */
static void epoch_end(void)
{
    must(seL4_CNode_Revoke(seL4_CapInitThreadCNode, s.epoch, seL4_WordBits), "revoking the epoch");
    const seL4_CPtr gone[] = { s.t,    s.c0,    s.d,       s.nested,   s.actor,
                               s.stop, s.fault, s.collect, s.oracle_ut };
    for (unsigned i = 0; i < sizeof(gone) / sizeof(gone[0]); i++) {
        if (root_full(gone[i])) {
            fail("a cap made from the epoch untyped survived its revoke", (long)gone[i]);
        }
    }
    stats.oracles++;
    seL4_Error err =
        retype(s.epoch, seL4_UntypedObject, EPOCH_BITS, seL4_CapInitThreadCNode, s.whole);
    if (err != seL4_NoError) {
        fail("the revoked epoch untyped does not retype whole", err);
    } else {
        seL4_CNode_Delete(seL4_CapInitThreadCNode, s.whole, seL4_WordBits);
        if (root_full(s.whole)) {
            fail("a deleted cap still resolves", (long)s.whole);
        }
    }
}

/* ---- oracles ---- */

static seL4_Word random_pool_slot(void)
{
    return C0_POOL + fuzz_rand(fuzz.pool_used - C0_POOL);
}

/* A deleted cap no longer resolves. */
static void oracle_delete(void)
{
    seL4_CPtr a = s.oracle[0];
    if (seL4_CNode_Copy(seL4_CapInitThreadCNode, a, seL4_WordBits, s.c0, random_pool_slot(),
                        C0_BITS, seL4_AllRights) != seL4_NoError) {
        stats.skipped++;
        return;
    }
    seL4_Error err = seL4_CNode_Delete(seL4_CapInitThreadCNode, a, seL4_WordBits);
    if (err != seL4_NoError) {
        fail("CNode_Delete of a copy failed", err);
    } else if (root_full(a)) {
        fail("a deleted cap still resolves", (long)a);
    }
    stats.oracles++;
}

/* Revoke removes every descendant, and only them. The revoked cap is an
 * original (a fresh object's): a copy of a copy is its sibling, not its
 * child (seL4 manual, "Capability Derivation Tree"), so a pool cap's
 * descendants cannot be known from outside. Its copies go into the
 * controller's slots and into empty pool slots of C0, and copies are made
 * of copies and of badged mints. */
static void oracle_revoke(void)
{
    static const seL4_Word types[] = {
        seL4_EndpointObject, seL4_NotificationObject,  seL4_TCBObject,
        seL4_CapTableObject, seL4_ARM_SmallPageObject, seL4_UntypedObject,
    };
    seL4_Word type = types[fuzz_rand(sizeof(types) / sizeof(types[0]))];
    seL4_CPtr *o = s.oracle;
    if (retype(s.oracle_ut, type, type == seL4_UntypedObject ? 12 : 2, seL4_CapInitThreadCNode,
               o[0]) != seL4_NoError) {
        fail("retyping from the oracle untyped", (long)type);
        return;
    }
    unsigned made = 1;
    for (unsigned i = 1; i < 6; i++) { /* copies of copies, and mints */
        seL4_CPtr from = o[fuzz_rand(made)];
        seL4_Error err =
            fuzz_chance(50)
                ? seL4_CNode_Copy(seL4_CapInitThreadCNode, o[made], seL4_WordBits,
                                  seL4_CapInitThreadCNode, from, seL4_WordBits, seL4_AllRights)
                : seL4_CNode_Mint(seL4_CapInitThreadCNode, o[made], seL4_WordBits,
                                  seL4_CapInitThreadCNode, from, seL4_WordBits, seL4_AllRights,
                                  fuzz_rand(4));
        if (err == seL4_NoError) {
            made++;
        } else if (!(err == seL4_RevokeFirst && type == seL4_UntypedObject) &&
                   !(err == seL4_IllegalOperation && type != seL4_UntypedObject)) {
            /* an untyped with a child cannot be copied; a badged cap cannot
             * be minted with another badge (seL4 manual, CNode_Mint) */
            fail("copying a fresh object's cap (type * 100 + error)", (long)(type * 100 + err));
        }
    }
    seL4_Word in_c0[3];
    unsigned spread = 0;
    for (unsigned i = 0; i < 3; i++) {
        seL4_Word slot = C0_SLOTS / 2 + fuzz_rand(C0_SLOTS / 2);
        if (seL4_CNode_Copy(s.c0, slot, C0_BITS, seL4_CapInitThreadCNode, o[fuzz_rand(made)],
                            seL4_WordBits, seL4_AllRights) == seL4_NoError) {
            in_c0[spread++] = slot;
        }
    }
    seL4_Error err = seL4_CNode_Revoke(seL4_CapInitThreadCNode, o[0], seL4_WordBits);
    if (err != seL4_NoError) {
        fail("CNode_Revoke of a fresh object's cap failed", err);
    }
    for (unsigned i = 1; i < made; i++) {
        if (root_full(o[i])) {
            fail("a descendant survived CNode_Revoke", (long)i);
            seL4_CNode_Delete(seL4_CapInitThreadCNode, o[i], seL4_WordBits);
        }
    }
    for (unsigned i = 0; i < spread; i++) {
        if (slot_full(s.c0, in_c0[i], C0_BITS)) {
            fail("a descendant in C0 survived CNode_Revoke", (long)in_c0[i]);
        }
    }
    if (!root_full(o[0])) {
        fail("CNode_Revoke deleted the cap itself", (long)type);
    }
    seL4_CNode_Delete(seL4_CapInitThreadCNode, o[0], seL4_WordBits);
    seL4_CNode_Revoke(seL4_CapInitThreadCNode, s.oracle_ut, seL4_WordBits);
    stats.oracles++;
}

/* An untyped whose children are all gone retypes whole; and a frame mapped
 * twice reads back through one mapping what was written through the other. */
static void oracle_untyped_and_frame(void)
{
    static const seL4_Word types[] = {
        seL4_EndpointObject,      seL4_NotificationObject,  seL4_TCBObject,     seL4_CapTableObject,
        seL4_ARM_SmallPageObject, seL4_ARM_PageTableObject, seL4_UntypedObject,
    };
    seL4_CPtr *o = s.oracle;
    unsigned made = 0;
    for (unsigned i = 0; i < 8; i++) {
        seL4_Word type = types[fuzz_rand(sizeof(types) / sizeof(types[0]))];
        seL4_Word bits = type == seL4_CapTableObject  ? 1 + fuzz_rand(4)
                         : type == seL4_UntypedObject ? 4 + fuzz_rand(10)
                                                      : 0;
        if (retype(s.oracle_ut, type, bits, seL4_CapInitThreadCNode, o[i]) == seL4_NoError) {
            made++;
        }
    }
    if (made == 0) {
        fail("no object could be retyped from the fresh oracle untyped", 0);
    }
    /* the frame: retyped after the others, mapped at two addresses */
    seL4_CPtr f1 = o[8], f2 = o[9];
    if (retype(s.oracle_ut, seL4_ARM_SmallPageObject, 0, seL4_CapInitThreadCNode, f1) ==
            seL4_NoError &&
        seL4_CNode_Copy(seL4_CapInitThreadCNode, f2, seL4_WordBits, seL4_CapInitThreadCNode, f1,
                        seL4_WordBits, seL4_AllRights) == seL4_NoError) {
        seL4_Error e1 = seL4_ARM_Page_Map(f1, seL4_CapInitThreadVSpace, ORACLE_VA1, seL4_AllRights,
                                          seL4_ARM_Default_VMAttributes);
        seL4_Error e2 = seL4_ARM_Page_Map(f2, seL4_CapInitThreadVSpace, ORACLE_VA2, seL4_AllRights,
                                          seL4_ARM_Default_VMAttributes);
        if (e1 == seL4_NoError && e2 == seL4_NoError) {
            volatile uint32_t *a = (volatile uint32_t *)ORACLE_VA1;
            volatile uint32_t *b = (volatile uint32_t *)ORACLE_VA2;
            for (unsigned i = 0; i < 1024; i += 341) {
                uint32_t v = (uint32_t)fuzz_rand64();
                if (b[i] != 0) {
                    fail("a fresh frame is not zero", (long)b[i]);
                }
                a[i] = v;
                if (b[i] != v) {
                    fail("a frame mapped twice reads back something else", (long)i);
                }
                b[i] = ~v;
                if (a[i] != ~v) {
                    fail("a frame mapped twice reads back something else", (long)i);
                }
            }
            stats.oracles++;
        } else if (e1 == seL4_DeleteFirst || e2 == seL4_DeleteFirst) {
            stats.skipped++; /* the actor mapped something there: allowed */
        } else {
            fail("mapping a fresh frame at the oracle addresses", e1 != seL4_NoError ? e1 : e2);
        }
        seL4_ARM_Page_Unmap(f1);
        seL4_ARM_Page_Unmap(f2);
    }
    seL4_Error err = seL4_CNode_Revoke(seL4_CapInitThreadCNode, s.oracle_ut, seL4_WordBits);
    if (err != seL4_NoError) {
        fail("revoking the oracle untyped", err);
    }
    for (unsigned i = 0; i < 10; i++) {
        if (root_full(o[i])) {
            fail("a child of the revoked oracle untyped survived", (long)i);
        }
    }
    err = retype(s.oracle_ut, seL4_UntypedObject, ORACLE_UT_BITS, seL4_CapInitThreadCNode, o[10]);
    if (err != seL4_NoError) {
        fail("an untyped whose children are gone does not retype whole", err);
    }
    seL4_CNode_Revoke(seL4_CapInitThreadCNode, s.oracle_ut, seL4_WordBits);
    stats.oracles++;
}

/* ---- children and faults ---- */

/* Let the children run: the controller drops to their priority (the pool's
 * TCBs have MCP 0, so no child can be above it) and yields; a child that
 * spins is preempted by the timer, so this ends. The actor is suspended. */
static void run_children(void)
{
    seL4_TCB_SetPriority(seL4_CapInitThreadTCB, seL4_CapInitThreadTCB, 0);
    for (int i = 0; i < 3; i++) {
        seL4_Yield();
    }
    seL4_TCB_SetPriority(seL4_CapInitThreadTCB, seL4_CapInitThreadTCB, PRIO_CONTROLLER);
    for (int i = 0; i < 64; i++) {
        seL4_Word badge = 0;
        seL4_MessageInfo_t info = seL4_NBRecv(s.collect, &badge);
        if (badge == 0) {
            break;
        }
        seL4_Word label = seL4_MessageInfo_get_label(info);
        if (label >= seL4_Fault_CapFault && label <= seL4_Fault_VMFault) {
            stats.child_faults++;
        } else {
            stats.child_messages++;
        }
    }
}

/* The actor's own fault messages: a cap fault is what a Call or Send on a
 * cptr that names nothing gives; anything else is a fault of the actor's
 * code, which must not happen. */
static void drain_actor_faults(void)
{
    for (;;) {
        seL4_Word badge = 0;
        seL4_MessageInfo_t info = seL4_NBRecv(s.fault, &badge);
        if (badge == 0) {
            return;
        }
        seL4_Word label = seL4_MessageInfo_get_label(info);
        if (label == seL4_Fault_CapFault) {
            stats.cap_faults++;
        } else {
            fail("the actor itself faulted (label)", (long)label);
            printf("fuzz: actor fault words %x %x %x %x\n", (unsigned)seL4_GetMR(0),
                   (unsigned)seL4_GetMR(1), (unsigned)seL4_GetMR(2), (unsigned)seL4_GetMR(3));
        }
    }
}

static void progress(void)
{
    printf("fuzz: %u invocations, %u epochs, %u restarts, %u cap faults, %u child faults, "
           "%u oracle checks (%u skipped), %u failures\n",
           (unsigned)fuzz.op, (unsigned)stats.epochs, (unsigned)stats.restarts,
           (unsigned)stats.cap_faults, (unsigned)stats.child_faults, (unsigned)stats.oracles,
           (unsigned)stats.skipped, (unsigned)stats.failures);
}

/* ---- setup ---- */

/*
 * The children's VSpace. A page directory cap is the authority over every
 * mapping in it: seL4's Page_Map replaces a mapping of the same size, so
 * a copy of our own page directory in the actor's hands let it map a
 * fresh frame over our code (seed 2: the controller then took a
 * permission fault at its own pc). The actor gets this one instead: our
 * image mapped read-only (copies of its frame caps), so that children can
 * run child_entry, and four fresh pages of stack at CHILD_STACKS.
 */
static void setup_child_vspace(seL4_BootInfo *bi)
{
    seL4_CPtr root = seL4_CapInitThreadCNode;
    must(retype(s.static_ut, seL4_ARM_PageDirectoryObject, 0, root, s.child_pd), "child PD");
    must(seL4_ARM_ASIDPool_Assign(seL4_CapInitThreadASIDPool, s.child_pd), "child PD's ASID");
    const seL4_Word tables[2] = { (seL4_Word)__executable_start, CHILD_STACKS };
    for (int i = 0; i < 2; i++) {
        must(retype(s.static_ut, seL4_ARM_PageTableObject, 0, root, s.child_pt[i]), "child PT");
        must(seL4_ARM_PageTable_Map(s.child_pt[i], s.child_pd, tables[i] & ~0xfffffu,
                                    seL4_ARM_Default_VMAttributes),
             "mapping a child PT");
    }
    seL4_Word frames = bi->userImageFrames.end - bi->userImageFrames.start;
    for (seL4_Word i = 0; i < frames; i++) {
        seL4_CPtr copy = slot_take();
        must(seL4_CNode_Copy(root, copy, seL4_WordBits, root, bi->userImageFrames.start + i,
                             seL4_WordBits, seL4_CanRead),
             "copying an image frame cap");
        must(seL4_ARM_Page_Map(copy, s.child_pd, (seL4_Word)__executable_start + i * 4096u,
                               seL4_CanRead, seL4_ARM_Default_VMAttributes),
             "mapping the image for children");
    }
    for (seL4_Word i = 0; i < 4; i++) {
        seL4_CPtr page = slot_take();
        must(retype(s.static_ut, seL4_ARM_SmallPageObject, 0, root, page), "a child stack page");
        must(seL4_ARM_Page_Map(page, s.child_pd, CHILD_STACKS + i * 4096u, seL4_AllRights,
                               seL4_ARM_Default_VMAttributes),
             "mapping a child stack page");
    }
}

static void setup(seL4_BootInfo *bi)
{
    s.next = bi->empty.start;
    s.end = bi->empty.end;
    seL4_CPtr *named[] = { &s.epoch,        &s.whole,       &s.static_ut,    &s.pt,
                           &s.ipc_frame,    &s.t,           &s.c0,           &s.d,
                           &s.nested,       &s.actor,       &s.stop,         &s.fault,
                           &s.collect,      &s.oracle_ut,   &s.probe,        &s.child_pd,
                           &s.child_pt[0],  &s.child_pt[1], &s.child_tcb[0], &s.child_tcb[1],
                           &s.child_tcb[2], &s.child_tcb[3] };
    for (unsigned i = 0; i < sizeof(named) / sizeof(named[0]); i++) {
        *named[i] = slot_take();
    }
    for (unsigned i = 0; i < ORACLE_SLOTS; i++) {
        s.oracle[i] = slot_take();
    }
    /* the largest RAM untyped, and a device untyped clear of the console
     * UART and the GIC (QEMU virt: both below 0x09010000) */
    unsigned best = 0, best_bits = 0;
    for (seL4_CPtr u = bi->untyped.start; u < bi->untyped.end; u++) {
        const seL4_UntypedDesc *d = &bi->untypedList[u - bi->untyped.start];
        if (!d->isDevice && d->sizeBits > best_bits) {
            best = u;
            best_bits = d->sizeBits;
        }
        if (d->isDevice && d->paddr >= 0x09010000u && d->paddr < 0x40000000u && s.devut == 0) {
            s.devut = u;
        }
    }
    if (best_bits < EPOCH_BITS + 1) {
        fail("no RAM untyped is large enough", best_bits);
        exit(1);
    }
    s.big = best;
    must(retype(s.big, seL4_UntypedObject, EPOCH_BITS, seL4_CapInitThreadCNode, s.epoch),
         "the epoch untyped");
    must(retype(s.big, seL4_UntypedObject, 16, seL4_CapInitThreadCNode, s.static_ut),
         "the static untyped");
    must(retype(s.static_ut, seL4_ARM_PageTableObject, 0, seL4_CapInitThreadCNode, s.pt),
         "the page table");
    must(seL4_ARM_PageTable_Map(s.pt, seL4_CapInitThreadVSpace, WINDOW,
                                seL4_ARM_Default_VMAttributes),
         "mapping the page table");
    must(retype(s.static_ut, seL4_ARM_SmallPageObject, 0, seL4_CapInitThreadCNode, s.ipc_frame),
         "the actor's IPC buffer");
    must(seL4_ARM_Page_Map(s.ipc_frame, seL4_CapInitThreadVSpace, ACTOR_IPC, seL4_AllRights,
                           seL4_ARM_Default_VMAttributes),
         "mapping the actor's IPC buffer");
    must(seL4_TCB_SetPriority(seL4_CapInitThreadTCB, seL4_CapInitThreadTCB, PRIO_CONTROLLER),
         "the controller's priority");
    setup_child_vspace(bi);
    for (int i = 0; i < 4; i++) {
        fuzz.child_sp[i] = CHILD_STACKS + 0x1000u * (i + 1) - 16u * i;
    }
    fuzz.child_pc[0] = (seL4_Word)child_entry;
    fuzz.child_pc[1] = (seL4_Word)child_entry;
    fuzz.child_pc[2] = (seL4_Word)child_entry + 4; /* mid-prologue */
    fuzz.child_pc[3] = ORACLE_VA1;                 /* unmapped mostly */
}

static void report_labels(void)
{
    printf("fuzz: invocations per label:");
    unsigned missing = 0;
    for (unsigned l = 1; l < nArchInvocationLabels; l++) {
        printf(" %u", (unsigned)fuzz.per_label[l]);
        missing += fuzz.per_label[l] == 0;
    }
    printf("; system calls %u\n", (unsigned)fuzz.per_label[63]);
    printf("fuzz: results:");
    for (unsigned e = 0; e < 11; e++) {
        printf(" %u", (unsigned)fuzz.errors[e]);
    }
    printf(" (seL4_Error 0..10); %u labels never invoked\n", missing);
}

int main(void)
{
    seL4_BootInfo *bi = seL4_GetBootInfo();
    uint32_t total = fuzz_config.invocations;
    uint32_t oracle_every = fuzz_config.oracle_every ? fuzz_config.oracle_every : 500;
    uint32_t epoch_every = fuzz_config.epoch_every ? fuzz_config.epoch_every : 5000;
    uint32_t progress_every = fuzz_config.progress_every ? fuzz_config.progress_every : 50000;
    printf("fuzz: seed 0x%08x%08x\n", (unsigned)fuzz_config.seed_hi, (unsigned)fuzz_config.seed_lo);
    printf("fuzz: %u invocations, oracles every %u, a new pool every %u, verbose %u\n",
           (unsigned)total, (unsigned)oracle_every, (unsigned)epoch_every,
           (unsigned)fuzz_config.verbose);
    fuzz.rng = ((uint64_t)fuzz_config.seed_hi << 32) | fuzz_config.seed_lo;
    setup(bi);

    uint32_t next_progress = progress_every;
    fuzz.op = 0;
    fuzz.op_limit = epoch_every < total ? epoch_every : total;
    fuzz.next_oracle = oracle_every;
    epoch_start();
    for (;;) {
        /* the controller runs only when the actor cannot: it stopped,
         * blocked, or faulted */
        enum fuzz_stop why = fuzz.stop;
        drain_actor_faults(); /* before Suspend, which cancels a pending fault */
        seL4_TCB_Suspend(s.actor);
        if (why == STOP_NONE) {
            stats.restarts++;
        } else {
            run_children();
            oracle_delete();
            oracle_revoke();
            oracle_untyped_and_frame();
            install_c0_fixed();
            fuzz.next_oracle = fuzz.op + oracle_every;
        }
        if (fuzz.op >= next_progress) {
            progress();
            next_progress += progress_every;
        }
        if (why == STOP_EPOCH) {
            epoch_end();
            if (fuzz.op >= total) {
                break;
            }
            fuzz.op_limit = fuzz.op + epoch_every < total ? fuzz.op + epoch_every : total;
            epoch_start();
        } else {
#ifdef CONFIG_ENABLE_SMP_SUPPORT
            restart_children(false);
#endif
            actor_start();
        }
    }
    progress();
    report_labels();
    printf("fuzz: done: %u invocations, %u oracle checks, %u failures\n", (unsigned)fuzz.op,
           (unsigned)stats.oracles, (unsigned)stats.failures);
    return stats.failures != 0;
}
