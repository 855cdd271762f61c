/*
 * The actor: the thread that makes the random invocations, in the CSpace
 * described in fuzz.h. Each invocation is drawn from a per-label table of
 * argument kinds, each argument biased either to something that names part
 * of the pool (so decoding goes deep) or to an edge value; a tenth are raw
 * invocations with random labels, lengths and extra caps, and a quarter are
 * the other system calls on random cptrs.
 */
#include <stdio.h>
#include <string.h>
#include <sel4/sel4.h>
#include "fuzz.h"

struct fuzz_shared fuzz;

uint64_t fuzz_rand64(void)
{
    /* splitmix64 (Steele, Lea, Flood 2014): one 64-bit state word. */
    uint64_t z = (fuzz.rng += 0x9e3779b97f4a7c15ull);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
}

/* Words at the edges: zero, one, all ones, the sign bit, sizes, the kernel
 * window (0xa0000000 up, DESIGN.md), QEMU virt's GIC and UART, RAM's start
 * and end, and each of those off by one. */
static seL4_Word edge_word(void)
{
    static const seL4_Word edges[] = {
        0,           1,           2,           3,           4,           7,           8,
        12,          16,          20,          21,          24,          28,          31,
        32,          33,          64,          120,         121,         127,         128,
        255,         256,         0x7fffffffu, 0x80000000u, 0xfffffffeu, 0xffffffffu, 0xa0000000u,
        0xa0001000u, 0xbffff000u, 0xfff00000u, 0xffff0000u, 0x08000000u, 0x08010000u, 0x09000000u,
        0x0a000000u, 0x40000000u, 0x7ffff000u, 0x00001000u, 0x00010000u, 0x00100000u, 0x01000000u,
        0x50000000u,
    };
    seL4_Word w = edges[fuzz_rand(sizeof(edges) / sizeof(edges[0]))];
    switch (fuzz_rand(8)) {
    case 0:
        return w + 1;
    case 1:
        return w - 1;
    case 2:
        return (seL4_Word)fuzz_rand64();
    default:
        return w;
    }
}

static void note_deleted(seL4_CPtr c)
{
    fuzz.deleted[fuzz.deleted_next++ % 8] = c;
}

/* A C0 slot: mostly one the pool filled, else any. */
static seL4_Word pool_slot(void)
{
    if (fuzz.pool_used > C0_POOL && fuzz_chance(80)) {
        return C0_POOL + fuzz_rand(fuzz.pool_used - C0_POOL);
    }
    return fuzz_rand(C0_SLOTS);
}

/* A cptr to invoke or to pass as an extra cap: valid, empty, deleted,
 * deep, guard-mismatched or an edge word. */
/* T's slots 2 and 3 (any cptr below 2^18 with bit 17 set) are the actor's
 * stop notification and fault endpoint: a message the actor sent there
 * itself would pass for one of its faults (seed 1013: a CNode_Copy label
 * on an edge word that named the fault endpoint), so its cptrs avoid them. */
static seL4_CPtr not_the_actors_own(seL4_CPtr c)
{
    return (c >> 18) == 0 ? c & ~(seL4_CPtr)0x20000u : c;
}

static seL4_CPtr random_cptr(void)
{
    uint32_t k = fuzz_rand(100);
    if (k < 62) {
        return pool_slot();
    } else if (k < 70) {
        return C0_SELF + fuzz_rand(4);
    } else if (k < 76) {
        return CPTR_DEEP(fuzz_rand(16));
    } else if (k < 80) {
        return CPTR_D(fuzz_rand(C0_SLOTS));
    } else if (k < 84) { /* guard mismatch: the nested guard, or C0's */
        return fuzz_chance(50) ? CPTR_D(D_NESTED) | (fuzz_rand(16) << 4) | fuzz_rand(16)
                               : not_the_actors_own(pool_slot() | (1u << (8 + fuzz_rand(24))));
    } else if (k < 90) {
        return fuzz.deleted[fuzz_rand(8)];
    }
    return not_the_actors_own(edge_word());
}

/* A cap of a kind, as the pool left it (the actor may have moved it). */
static seL4_CPtr pool_of(enum pool_kind k)
{
    if (k == K_CNODE && fuzz_chance(50)) {
        return fuzz_chance(70) ? C0_SELF : C0_D;
    }
    if (k == K_PD && fuzz_chance(60)) { /* the one children can run code in */
        return C0_PD;
    }
    if (k == K_ANY || fuzz.kind_n[k] == 0) {
        return random_cptr();
    }
    return fuzz.kind_slot[k][fuzz_rand(fuzz.kind_n[k])];
}

/* A (root, index, depth) triple for the CNode addressing arguments: the
 * root is a CNode cap the actor holds. */
struct address {
    seL4_CPtr root;
    seL4_Word index;
    seL4_Word depth;
};

static struct address random_address(void)
{
    struct address a;
    uint32_t k = fuzz_rand(100);
    if (k < 60) {
        a = (struct address){ C0_SELF, pool_slot(), C0_BITS };
    } else if (k < 72) {
        a = (struct address){ C0_D, fuzz_rand(C0_SLOTS), 8 };
    } else if (k < 84) {
        a = (struct address){ C0_D, (D_NESTED << 8) | (NESTED_GUARD << 4) | fuzz_rand(16), 16 };
    } else if (k < 90) { /* the CNode itself (depth 0), as Retype's root */
        a = (struct address){ C0_SELF, 0, 0 };
    } else {
        a = (struct address){ random_cptr(), edge_word(),
                              fuzz_chance(50) ? fuzz_rand(34) : edge_word() };
    }
    return a;
}

static seL4_Word random_size_bits(void)
{
    return fuzz_chance(85) ? fuzz_rand(34) : edge_word();
}

static seL4_Word random_vaddr(void)
{
    if (fuzz_chance(70)) { /* the fuzz window, page aligned, sometimes off by one */
        seL4_Word v = 0x50000000u + (fuzz_rand(64) << (fuzz_chance(50) ? 12 : 20));
        return fuzz_chance(90) ? v : v + 1;
    }
    return edge_word();
}

/* Where a child thread starts: its code (child.c) or anywhere. */
static void random_registers(seL4_Word *regs, unsigned n)
{
    for (unsigned i = 0; i < n; i++) {
        regs[i] = fuzz_chance(70) ? fuzz_rand(64) : edge_word();
    }
    if (n > 0 && fuzz_chance(60)) {
        regs[0] = fuzz.child_pc[fuzz_rand(4)];
    }
    if (n > 1 && fuzz_chance(70)) {
        regs[1] = fuzz.child_sp[fuzz_rand(4)];
    }
    /* child_entry's arguments (seL4_UserContext: r0 is word 3, r1 word 4,
     * r2 word 10): a seed, a count, a cptr */
    if (n > 4) {
        regs[4] = fuzz_rand(32);
    }
    if (n > 10) {
        regs[10] = random_cptr();
    }
}

/*
 * Argument kinds, one letter each, for the message registers:
 *   A  an address triple: root goes to the next extra cap, then index, depth
 *   N  an address triple's index and depth with root C0 (no cap)
 *   t type  s size bits  n object count  o slot offset  v vaddr
 *   r rights  b badge  g CNode cap data (guard)  p priority  x IRQ number
 *   a VM attributes  c a cptr as a word  w any word  R registers (rest)
 *   k a core (SMP builds)
 * Extra caps beyond the A roots: the letters after '|', each a random cptr
 * (`c`) or the page directory copy (`d`).
 */
struct label_spec {
    seL4_Word label;
    const char *name;
    const char *args;
    enum pool_kind kind; /* the kind of cap the label is for */
};

static const struct label_spec specs[] = {
    { UntypedRetype, "Untyped_Retype", "tsAo n", K_UNTYPED },
    { TCBReadRegisters, "TCB_ReadRegisters", "wn", K_TCB },
    { TCBWriteRegisters, "TCB_WriteRegisters", "wnR", K_TCB },
    { TCBCopyRegisters, "TCB_CopyRegisters", "w|t", K_TCB },
    { TCBConfigure, "TCB_Configure", "cgwv|Cdf", K_TCB },
    { TCBSetPriority, "TCB_SetPriority", "p|t", K_TCB },
    { TCBSetMCPriority, "TCB_SetMCPriority", "p|t", K_TCB },
    { TCBSetSchedParams, "TCB_SetSchedParams", "pp|t", K_TCB },
    { TCBSetIPCBuffer, "TCB_SetIPCBuffer", "v|f", K_TCB },
    { TCBSetSpace, "TCB_SetSpace", "cgw|Cd", K_TCB },
    { TCBSuspend, "TCB_Suspend", "", K_TCB },
    { TCBResume, "TCB_Resume", "", K_TCB },
    { TCBBindNotification, "TCB_BindNotification", "|n", K_TCB },
    { TCBUnbindNotification, "TCB_UnbindNotification", "", K_TCB },
    { TCBSetTLSBase, "TCB_SetTLSBase", "w", K_TCB },
    { TCBSetFlags, "TCB_SetFlags", "ww", K_TCB },
    { CNodeRevoke, "CNode_Revoke", "N", K_CNODE },
    { CNodeDelete, "CNode_Delete", "N", K_CNODE },
    { CNodeCancelBadgedSends, "CNode_CancelBadgedSends", "N", K_CNODE },
    { CNodeCopy, "CNode_Copy", "NAr", K_CNODE },
    { CNodeMint, "CNode_Mint", "NArb", K_CNODE },
    { CNodeMove, "CNode_Move", "NA", K_CNODE },
    { CNodeMutate, "CNode_Mutate", "NAb", K_CNODE },
    { CNodeRotate, "CNode_Rotate", "NbAbA", K_CNODE },
    { CNodeSaveCaller, "CNode_SaveCaller", "N", K_CNODE },
    { IRQIssueIRQHandler, "IRQControl_Get", "xA", K_IRQCONTROL },
    { IRQAckIRQ, "IRQHandler_Ack", "", K_IRQHANDLER },
    { IRQSetIRQHandler, "IRQHandler_SetNotification", "|n", K_IRQHANDLER },
    { IRQClearIRQHandler, "IRQHandler_Clear", "", K_IRQHANDLER },
    { DomainSetSet, "DomainSet_Set", "w|t", K_DOMAIN },
    { DomainScheduleConfigure, "DomainSet_ScheduleConfigure", "www", K_DOMAIN },
    { DomainScheduleSetStart, "DomainSet_ScheduleSetStart", "w", K_DOMAIN },
    { ARMPDClean_Data, "PageDirectory_Clean_Data", "vv", K_PD },
    { ARMPDInvalidate_Data, "PageDirectory_Invalidate_Data", "vv", K_PD },
    { ARMPDCleanInvalidate_Data, "PageDirectory_CleanInvalidate_Data", "vv", K_PD },
    { ARMPDUnify_Instruction, "PageDirectory_Unify_Instruction", "vv", K_PD },
    { ARMPageTableMap, "PageTable_Map", "va|d", K_PT },
    { ARMPageTableUnmap, "PageTable_Unmap", "", K_PT },
    { ARMPageMap, "Page_Map", "vra|d", K_FRAME },
    { ARMPageUnmap, "Page_Unmap", "", K_FRAME },
    { ARMPageClean_Data, "Page_Clean_Data", "ww", K_FRAME },
    { ARMPageInvalidate_Data, "Page_Invalidate_Data", "ww", K_FRAME },
    { ARMPageCleanInvalidate_Data, "Page_CleanInvalidate_Data", "ww", K_FRAME },
    { ARMPageUnify_Instruction, "Page_Unify_Instruction", "ww", K_FRAME },
    { ARMPageGetAddress, "Page_GetAddress", "", K_FRAME },
    { ARMASIDControlMakePool, "ASIDControl_MakePool", "N|c", K_ASIDCONTROL },
    { ARMASIDPoolAssign, "ASIDPool_Assign", "|d", K_ASIDPOOL },
    { ARMIRQIssueIRQHandlerTrigger, "IRQControl_GetTrigger", "xwA", K_IRQCONTROL },
#ifndef CONFIG_ENABLE_SMP_SUPPORT /* non-SMP builds only, as in seL4 16.0.0 */
    { ARMIRQIssueSGISignal, "IRQControl_IssueSGISignal", "wwA", K_IRQCONTROL },
#else
    /* twice: children moved to the other cores run there while the actor
     * and the controller run on core 0, so kernel entries from several
     * cores interleave (remote stalls, cross-core IPC and wake-ups) */
    { TCBSetAffinity, "TCB_SetAffinity", "k", K_TCB },
    { TCBSetAffinity, "TCB_SetAffinity", "k", K_TCB },
#endif
};
#define N_SPECS (sizeof(specs) / sizeof(specs[0]))

static seL4_Word arg_word(char kind)
{
    if (fuzz_chance(8)) {
        return edge_word();
    }
    switch (kind) {
    case 't':
        return fuzz_rand(seL4_ObjectTypeCount + 2);
    case 's':
        return random_size_bits();
    case 'n':
        return 1 + fuzz_rand(fuzz_chance(90) ? 4 : 300);
    case 'o':
        return fuzz_chance(80) ? 96 + fuzz_rand(C0_SLOTS - 96) : fuzz_rand(C0_SLOTS + 4);
    case 'v':
        return random_vaddr();
    case 'r':
        return fuzz_rand(16);
    case 'b':
        return fuzz_chance(60) ? fuzz_rand(8) : (seL4_Word)fuzz_rand64() & 0x0fffffffu;
    case 'g': { /* a guard for a CNode cap, mostly one a CSpace root can use */
        static const seL4_Word sizes[] = { 0, 4, 8, 16, 31 };
        seL4_Word size = fuzz_chance(60) ? 24 : sizes[fuzz_rand(5)]; /* 24: C0 as a root */
        return seL4_CNode_CapData_new(fuzz_chance(80) ? 0 : fuzz_rand(16), size).words[0];
    }
    case 'p':
        return fuzz_chance(70) ? fuzz_rand(4) : fuzz_rand(256);
    case 'x':
        return fuzz_chance(60) ? 32 + fuzz_rand(64) : fuzz_rand(1024);
    case 'a':
        return fuzz_rand(8);
    case 'c':
        return fuzz_chance(50) ? C0_COLLECT : random_cptr();
    case 'k': /* a core: mostly one that exists, else one past the last */
        return fuzz_rand(fuzz_chance(95) ? CONFIG_MAX_NUM_NODES : CONFIG_MAX_NUM_NODES + 1);
    default:
        return edge_word();
    }
}

static const char *label_name(seL4_Word label)
{
    for (unsigned i = 0; i < N_SPECS; i++) {
        if (specs[i].label == label) {
            return specs[i].name;
        }
    }
    return "raw";
}

static void count_result(seL4_MessageInfo_t info)
{
    seL4_Word label = seL4_MessageInfo_get_label(info);
    fuzz.errors[label < 16 ? label : 15]++;
}

static void print_call(const char *what, seL4_CPtr cptr, seL4_Word label, unsigned len,
                       unsigned ncaps)
{
    if (!fuzz_config.verbose) {
        return;
    }
    printf("fuzz: op %u: %s cptr 0x%x label %u len %u caps %u", (unsigned)fuzz.op, what,
           (unsigned)cptr, (unsigned)label, len, ncaps);
    for (unsigned i = 0; i < len && i < 8; i++) {
        printf(" %x", (unsigned)seL4_GetMR(i));
    }
    for (unsigned i = 0; i < ncaps; i++) {
        printf(" cap%u=0x%x", i, (unsigned)seL4_GetCap(i));
    }
    printf("\n");
}

/* An invocation of one label, its arguments drawn from its spec. */
static void invoke_spec(const struct label_spec *s)
{
    seL4_CPtr service = fuzz_chance(75) ? pool_of(s->kind) : random_cptr();
    seL4_CPtr caps[3];
    unsigned mr = 0, ncaps = 0;
    const char *p = s->args;
    for (; *p != '\0' && *p != '|'; p++) {
        struct address a;
        switch (*p) {
        case 'A':
            a = random_address();
            if (ncaps < 3) {
                caps[ncaps++] = a.root;
            }
            seL4_SetMR(mr++, a.index);
            seL4_SetMR(mr++, a.depth);
            break;
        case 'N':
            a = random_address();
            seL4_SetMR(mr++, a.index);
            seL4_SetMR(mr++, a.depth);
            if (s->label == ARMASIDControlMakePool && ncaps < 3) {
                /* MakePool: the untyped cap first, then the root */
                caps[ncaps++] = pool_of(K_UNTYPED);
                caps[ncaps++] = a.root;
            } else if (a.root != C0_SELF && s->label >= CNodeRevoke &&
                       s->label <= CNodeSaveCaller) {
                service = a.root; /* a CNode invocation is made on its root */
            } else if (s->label >= CNodeRevoke && s->label <= CNodeSaveCaller) {
                service = fuzz_chance(90) ? C0_SELF : random_cptr();
            }
            break;
        case 'R': {
            seL4_Word regs[19];
            unsigned n = fuzz_chance(85) ? 19 : fuzz_rand(21);
            random_registers(regs, n < 19 ? n : 19);
            seL4_SetMR(1, n);
            seL4_SetMR(0, fuzz_rand(4)); /* bit 0: resume */
            for (unsigned i = 0; i < n && i < 19; i++) {
                seL4_SetMR(mr++, regs[i]);
            }
            break;
        }
        case ' ':
            break;
        default:
            seL4_SetMR(mr++, arg_word(*p));
            break;
        }
    }
    if (*p == '|') {
        for (p++; *p != '\0' && ncaps < 3; p++) {
            enum pool_kind k = *p == 'd'   ? K_PD
                               : *p == 't' ? K_TCB
                               : *p == 'f' ? K_FRAME
                               : *p == 'n' ? K_NTFN
                               : *p == 'C' ? K_CNODE
                                           : K_ANY;
            caps[ncaps++] = fuzz_chance(85) ? pool_of(k) : random_cptr();
        }
    }
    if (s->label >= CNodeCopy && s->label <= CNodeRotate && fuzz_chance(80)) {
        /* the source roots of the CNode copies: mostly C0 itself */
        for (unsigned i = 0; i < ncaps; i++) {
            caps[i] = fuzz_chance(80) ? C0_SELF : caps[i];
        }
    }
    /* sometimes a length off the spec, or a cap short */
    if (fuzz_chance(5)) {
        mr = fuzz_rand(mr + 2);
    }
    if (fuzz_chance(3) && ncaps > 0) {
        ncaps--;
    }
    for (unsigned i = 0; i < ncaps; i++) {
        seL4_SetCap(i, caps[i]);
    }
    if (s->label == CNodeDelete || s->label == CNodeRevoke) {
        note_deleted(seL4_GetMR(1) == 16 ? CPTR_D(0) | (seL4_GetMR(0) & 0xffffu)
                                         : seL4_GetMR(0) & 0xffu);
    }
    print_call(s->name, service, s->label, mr, ncaps);
    fuzz.per_label[s->label < 63 ? s->label : 62]++;
    count_result(seL4_Call(service, seL4_MessageInfo_new(s->label, 0, ncaps, mr)));
}

/* A raw invocation: any label, any length (up to 127: longer than the 120
 * message registers), any extra caps, garbage words. */
static void invoke_raw(void)
{
    seL4_CPtr service = random_cptr();
    seL4_Word label =
        fuzz_chance(90) ? fuzz_rand(nArchInvocationLabels + 2) : edge_word() & 0xfffff;
    unsigned len = fuzz_chance(70) ? fuzz_rand(12) : fuzz_rand(128);
    unsigned ncaps = fuzz_rand(4);
    for (unsigned i = 0; i < len && i < seL4_MsgMaxLength; i++) {
        seL4_SetMR(i, arg_word('w'));
    }
    for (unsigned i = 0; i < ncaps; i++) {
        seL4_SetCap(i, random_cptr());
    }
    print_call(label_name(label), service, label, len, ncaps);
    fuzz.per_label[label < 63 ? label : 62]++;
    count_result(seL4_Call(service, seL4_MessageInfo_new(label, 0, ncaps, len)));
}

/* The other system calls. The blocking ones may block the actor for good:
 * the controller then restarts it (main.c). */
static void system_call(void)
{
    seL4_CPtr c = random_cptr();
    seL4_Word badge = 0;
    unsigned len = fuzz_chance(80) ? fuzz_rand(6) : fuzz_rand(128);
    unsigned ncaps = fuzz_chance(80) ? 0 : fuzz_rand(4);
    seL4_MessageInfo_t info = seL4_MessageInfo_new(fuzz_rand(16), 0, ncaps, len);
    for (unsigned i = 0; i < len && i < seL4_MsgMaxLength; i++) {
        seL4_SetMR(i, arg_word('w'));
    }
    for (unsigned i = 0; i < ncaps; i++) {
        seL4_SetCap(i, random_cptr());
    }
    if (fuzz_chance(30)) { /* somewhere to receive caps into */
        struct address a = random_address();
        seL4_SetCapReceivePath(a.root, a.index, a.depth);
    }
    static const char *const names[] = {
        "Send",
        "NBSend",
        "Call",
        "Recv",
        "NBRecv",
        "Reply",
        "ReplyRecv",
        "Yield",
        "Signal",
        "Wait",
        "Poll",
        "NBWait",
        "DebugCapIdentify",
        "DebugNameThread",
    };
    unsigned which = fuzz_rand(sizeof(names) / sizeof(names[0]));
    /* the blocking receives are rarer: each costs a restart */
    if ((which == 3 || which == 6 || which == 9) && fuzz_chance(60)) {
        which = 4;
    }
    if (which == 13 && fuzz_chance(90)) { /* the kernel reports a non-thread cap */
        c = pool_of(K_TCB);
    }
    print_call(names[which], c, seL4_MessageInfo_get_label(info), len, ncaps);
    fuzz.per_label[63]++;
    switch (which) {
    case 0:
        seL4_Send(c, info);
        break;
    case 1:
        seL4_NBSend(c, info);
        break;
    case 2:
        seL4_Call(c, info);
        break;
    case 3:
        seL4_Recv(c, &badge);
        break;
    case 4:
        seL4_NBRecv(c, &badge);
        break;
    case 5:
        seL4_Reply(info);
        break;
    case 6:
        seL4_ReplyRecv(c, info, &badge);
        break;
    case 7:
        seL4_Yield();
        break;
    case 8:
        seL4_Signal(c);
        break;
    case 9:
        seL4_Wait(c, &badge);
        break;
    case 10:
        seL4_Poll(c, &badge);
        break;
    case 11:
        seL4_NBWait(c, &badge);
        break;
#ifdef CONFIG_DEBUG_BUILD
    case 12:
        (void)seL4_DebugCapIdentify(c);
        break;
    case 13: {
        char name[20];
        unsigned n = fuzz_rand(sizeof(name));
        for (unsigned i = 0; i < n; i++) {
            name[i] = (char)('a' + fuzz_rand(26));
        }
        name[n < sizeof(name) ? n : sizeof(name) - 1] = '\0';
        seL4_DebugNameThread(c, name);
        break;
    }
#endif
    default:
        seL4_Yield();
        break;
    }
}

void actor_one_invocation(void)
{
    uint32_t k = fuzz_rand(100);
    if (k < 62) {
        invoke_spec(&specs[fuzz_rand(N_SPECS)]);
    } else if (k < 72) {
        invoke_raw();
    } else {
        system_call();
    }
}

/* The IPC buffer the controller gave the actor (main.c). */
extern seL4_IPCBuffer *fuzz_actor_ipc_buffer;

static void actor_stop(enum fuzz_stop why)
{
    fuzz.stop = why;
    for (;;) { /* only the controller restarts it; a stray signal loops */
        seL4_Wait(CPTR_STOP, NULL);
    }
}

void actor_entry(void)
{
    seL4_SetIPCBuffer(fuzz_actor_ipc_buffer);
    for (;;) {
        fuzz.stop = STOP_NONE;
        if (fuzz.op >= fuzz.op_limit) {
            actor_stop(STOP_EPOCH);
        }
        if (fuzz.op >= fuzz.next_oracle) {
            actor_stop(STOP_ORACLE);
        }
        fuzz.op++;
        actor_one_invocation();
    }
}
