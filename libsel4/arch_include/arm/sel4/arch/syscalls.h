/*
 * seL4's system calls on 32-bit ARM. seL4 aarch32 ABI: "swi #0" with
 * r7 = syscall number, r0 = cap pointer in / badge out, r1 = seL4_MessageInfo,
 * r2-r5 = MR0-MR3; further message registers stay in the IPC buffer.
 */
#pragma once

#include <sel4/types.h>
#include <sel4/functions.h>

/* The reply-cap argument of upstream's receiving wrappers: a reply object on
 * MCS kernels; on this non-MCS kernel there is none, and the name means 0. */
#define LIBSEL4_MCS_REPLY 0

/* r0-r5 of one system call, passed in and read back out. */
typedef struct keel_sel4_regs {
    seL4_Word r0;             /* cap in, badge out */
    seL4_Word r1;             /* seL4_MessageInfo */
    seL4_Word r2, r3, r4, r5; /* MR0-MR3 */
} keel_sel4_regs_t;

/*
 * Trap into the kernel. Every argument register is in/out whatever the call,
 * so the compiler never assumes the kernel preserved it; the memory clobber
 * covers the IPC buffer. The fixed registers are loaded only from *x, after
 * the caller has computed all values, so no call can clobber them in between
 * (which makes this correct at -O0 as well).
 */
LIBSEL4_INLINE_FUNC void keel_sel4_swi(seL4_Syscall_ID sys, keel_sel4_regs_t *x)
{
    register seL4_Word r0 __asm__("r0") = x->r0;
    register seL4_Word r1 __asm__("r1") = x->r1;
    register seL4_Word r2 __asm__("r2") = x->r2;
    register seL4_Word r3 __asm__("r3") = x->r3;
    register seL4_Word r4 __asm__("r4") = x->r4;
    register seL4_Word r5 __asm__("r5") = x->r5;
    register seL4_Word r7 __asm__("r7") = (seL4_Word)sys;

    __asm__ volatile("swi #0"
                     : "+r"(r0), "+r"(r1), "+r"(r2), "+r"(r3), "+r"(r4), "+r"(r5)
                     : "r"(r7)
                     : "memory");
    x->r0 = r0;
    x->r1 = r1;
    x->r2 = r2;
    x->r3 = r3;
    x->r4 = r4;
    x->r5 = r5;
}

/* A call's registers before the message words are filled in. */
LIBSEL4_INLINE_FUNC keel_sel4_regs_t keel_sel4_regs(seL4_Word r0, seL4_MessageInfo_t info)
{
    keel_sel4_regs_t x = { r0, info.words[0], 0, 0, 0, 0 };

    return x;
}

/* MR0-MR3 between the IPC buffer and the message registers r2-r5. */
LIBSEL4_INLINE_FUNC void keel_sel4_load_mrs(keel_sel4_regs_t *x)
{
    x->r2 = seL4_GetMR(0);
    x->r3 = seL4_GetMR(1);
    x->r4 = seL4_GetMR(2);
    x->r5 = seL4_GetMR(3);
}

LIBSEL4_INLINE_FUNC void keel_sel4_store_mrs(const keel_sel4_regs_t *x)
{
    seL4_SetMR(0, x->r2);
    seL4_SetMR(1, x->r3);
    seL4_SetMR(2, x->r4);
    seL4_SetMR(3, x->r5);
}

/* The *WithMRs variants: MRi comes from *mri if non-NULL and within length. */
LIBSEL4_INLINE_FUNC seL4_Word keel_sel4_mr_in(const seL4_Word *mr, seL4_MessageInfo_t info,
                                              seL4_Word i)
{
    return (mr != seL4_Null && seL4_MessageInfo_get_length(info) > i) ? *mr : 0;
}

LIBSEL4_INLINE_FUNC void keel_sel4_load_mr_ptrs(keel_sel4_regs_t *x, seL4_MessageInfo_t info,
                                                const seL4_Word *mr0, const seL4_Word *mr1,
                                                const seL4_Word *mr2, const seL4_Word *mr3)
{
    x->r2 = keel_sel4_mr_in(mr0, info, 0);
    x->r3 = keel_sel4_mr_in(mr1, info, 1);
    x->r4 = keel_sel4_mr_in(mr2, info, 2);
    x->r5 = keel_sel4_mr_in(mr3, info, 3);
}

LIBSEL4_INLINE_FUNC void keel_sel4_mr_out(seL4_Word *mr, seL4_Word value)
{
    if (mr != seL4_Null) {
        *mr = value;
    }
}

LIBSEL4_INLINE_FUNC void keel_sel4_store_mr_ptrs(const keel_sel4_regs_t *x, seL4_Word *mr0,
                                                 seL4_Word *mr1, seL4_Word *mr2, seL4_Word *mr3)
{
    keel_sel4_mr_out(mr0, x->r2);
    keel_sel4_mr_out(mr1, x->r3);
    keel_sel4_mr_out(mr2, x->r4);
    keel_sel4_mr_out(mr3, x->r5);
}

/* The reply of a receiving call: badge (or notification word) and tag. */
LIBSEL4_INLINE_FUNC seL4_MessageInfo_t keel_sel4_received(const keel_sel4_regs_t *x,
                                                          seL4_Word *sender)
{
    seL4_MessageInfo_t info = { { x->r1 } };

    keel_sel4_mr_out(sender, x->r0);
    return info;
}

/* ---- sending ---- */

LIBSEL4_INLINE_FUNC void seL4_Send(seL4_CPtr dest, seL4_MessageInfo_t msgInfo)
{
    keel_sel4_regs_t r = keel_sel4_regs(dest, msgInfo);

    keel_sel4_load_mrs(&r);
    keel_sel4_swi(seL4_SysSend, &r);
}

LIBSEL4_INLINE_FUNC void seL4_SendWithMRs(seL4_CPtr dest, seL4_MessageInfo_t msgInfo,
                                          seL4_Word *mr0, seL4_Word *mr1, seL4_Word *mr2,
                                          seL4_Word *mr3)
{
    keel_sel4_regs_t r = keel_sel4_regs(dest, msgInfo);

    keel_sel4_load_mr_ptrs(&r, msgInfo, mr0, mr1, mr2, mr3);
    keel_sel4_swi(seL4_SysSend, &r);
}

LIBSEL4_INLINE_FUNC void seL4_NBSend(seL4_CPtr dest, seL4_MessageInfo_t msgInfo)
{
    keel_sel4_regs_t r = keel_sel4_regs(dest, msgInfo);

    keel_sel4_load_mrs(&r);
    keel_sel4_swi(seL4_SysNBSend, &r);
}

LIBSEL4_INLINE_FUNC void seL4_NBSendWithMRs(seL4_CPtr dest, seL4_MessageInfo_t msgInfo,
                                            seL4_Word *mr0, seL4_Word *mr1, seL4_Word *mr2,
                                            seL4_Word *mr3)
{
    keel_sel4_regs_t r = keel_sel4_regs(dest, msgInfo);

    keel_sel4_load_mr_ptrs(&r, msgInfo, mr0, mr1, mr2, mr3);
    keel_sel4_swi(seL4_SysNBSend, &r);
}

/* Reply goes to the caller's one-shot reply cap; r0 is unused. */
LIBSEL4_INLINE_FUNC void seL4_Reply(seL4_MessageInfo_t msgInfo)
{
    keel_sel4_regs_t r = keel_sel4_regs(0, msgInfo);

    keel_sel4_load_mrs(&r);
    keel_sel4_swi(seL4_SysReply, &r);
}

LIBSEL4_INLINE_FUNC void seL4_ReplyWithMRs(seL4_MessageInfo_t msgInfo, seL4_Word *mr0,
                                           seL4_Word *mr1, seL4_Word *mr2, seL4_Word *mr3)
{
    keel_sel4_regs_t r = keel_sel4_regs(0, msgInfo);

    keel_sel4_load_mr_ptrs(&r, msgInfo, mr0, mr1, mr2, mr3);
    keel_sel4_swi(seL4_SysReply, &r);
}

/* Signal a notification: a Send with an empty message. */
LIBSEL4_INLINE_FUNC void seL4_Signal(seL4_CPtr dest)
{
    keel_sel4_regs_t r = keel_sel4_regs(dest, seL4_MessageInfo_new(0, 0, 0, 0));

    keel_sel4_swi(seL4_SysSend, &r);
}

/* ---- receiving ---- */

LIBSEL4_INLINE_FUNC seL4_MessageInfo_t seL4_Recv(seL4_CPtr src, seL4_Word *sender)
{
    keel_sel4_regs_t r = keel_sel4_regs(src, seL4_MessageInfo_new(0, 0, 0, 0));

    keel_sel4_swi(seL4_SysRecv, &r);
    keel_sel4_store_mrs(&r);
    return keel_sel4_received(&r, sender);
}

LIBSEL4_INLINE_FUNC seL4_MessageInfo_t seL4_RecvWithMRs(seL4_CPtr src, seL4_Word *sender,
                                                        seL4_Word *mr0, seL4_Word *mr1,
                                                        seL4_Word *mr2, seL4_Word *mr3)
{
    keel_sel4_regs_t r = keel_sel4_regs(src, seL4_MessageInfo_new(0, 0, 0, 0));

    keel_sel4_swi(seL4_SysRecv, &r);
    keel_sel4_store_mr_ptrs(&r, mr0, mr1, mr2, mr3);
    return keel_sel4_received(&r, sender);
}

LIBSEL4_INLINE_FUNC seL4_MessageInfo_t seL4_NBRecv(seL4_CPtr src, seL4_Word *sender)
{
    keel_sel4_regs_t r = keel_sel4_regs(src, seL4_MessageInfo_new(0, 0, 0, 0));

    keel_sel4_swi(seL4_SysNBRecv, &r);
    keel_sel4_store_mrs(&r);
    return keel_sel4_received(&r, sender);
}

/* ---- send and receive ---- */

LIBSEL4_INLINE_FUNC seL4_MessageInfo_t seL4_Call(seL4_CPtr dest, seL4_MessageInfo_t msgInfo)
{
    keel_sel4_regs_t r = keel_sel4_regs(dest, msgInfo);

    keel_sel4_load_mrs(&r);
    keel_sel4_swi(seL4_SysCall, &r);
    keel_sel4_store_mrs(&r);
    return keel_sel4_received(&r, seL4_Null);
}

LIBSEL4_INLINE_FUNC seL4_MessageInfo_t seL4_CallWithMRs(seL4_CPtr dest, seL4_MessageInfo_t msgInfo,
                                                        seL4_Word *mr0, seL4_Word *mr1,
                                                        seL4_Word *mr2, seL4_Word *mr3)
{
    keel_sel4_regs_t r = keel_sel4_regs(dest, msgInfo);

    keel_sel4_load_mr_ptrs(&r, msgInfo, mr0, mr1, mr2, mr3);
    keel_sel4_swi(seL4_SysCall, &r);
    keel_sel4_store_mr_ptrs(&r, mr0, mr1, mr2, mr3);
    return keel_sel4_received(&r, seL4_Null);
}

LIBSEL4_INLINE_FUNC seL4_MessageInfo_t seL4_ReplyRecv(seL4_CPtr src, seL4_MessageInfo_t msgInfo,
                                                      seL4_Word *sender)
{
    keel_sel4_regs_t r = keel_sel4_regs(src, msgInfo);

    keel_sel4_load_mrs(&r);
    keel_sel4_swi(seL4_SysReplyRecv, &r);
    keel_sel4_store_mrs(&r);
    return keel_sel4_received(&r, sender);
}

LIBSEL4_INLINE_FUNC seL4_MessageInfo_t seL4_ReplyRecvWithMRs(seL4_CPtr src,
                                                             seL4_MessageInfo_t msgInfo,
                                                             seL4_Word *sender, seL4_Word *mr0,
                                                             seL4_Word *mr1, seL4_Word *mr2,
                                                             seL4_Word *mr3)
{
    keel_sel4_regs_t r = keel_sel4_regs(src, msgInfo);

    keel_sel4_load_mr_ptrs(&r, msgInfo, mr0, mr1, mr2, mr3);
    keel_sel4_swi(seL4_SysReplyRecv, &r);
    keel_sel4_store_mr_ptrs(&r, mr0, mr1, mr2, mr3);
    return keel_sel4_received(&r, sender);
}

LIBSEL4_INLINE_FUNC void seL4_Yield(void)
{
    keel_sel4_regs_t r = keel_sel4_regs(0, seL4_MessageInfo_new(0, 0, 0, 0));

    keel_sel4_swi(seL4_SysYield, &r);
}

/* ---- TLS and debugging ---- */

#ifdef CONFIG_SET_TLS_BASE_SELF
/* Set the caller's own TLS base; user level cannot write tpidruro itself. */
LIBSEL4_INLINE_FUNC void seL4_SetTLSBase(seL4_Word tls_base)
{
    keel_sel4_regs_t r = keel_sel4_regs(tls_base, seL4_MessageInfo_new(0, 0, 0, 0));

    keel_sel4_swi(seL4_SysSetTLSBase, &r);
}
#endif /* CONFIG_SET_TLS_BASE_SELF */

/*
 * The debug system calls exist only in the builds whose kernel has them, as
 * in seL4 16.0.0's libsel4: PutChar, PutString and DumpScheduler with
 * CONFIG_PRINTING, the others with CONFIG_DEBUG_BUILD. A program that uses
 * one in another build does not compile, rather than faulting at run time.
 */
#ifdef CONFIG_PRINTING
LIBSEL4_INLINE_FUNC void seL4_DebugPutChar(char c)
{
    keel_sel4_regs_t r = keel_sel4_regs((seL4_Uint8)c, seL4_MessageInfo_new(0, 0, 0, 0));

    keel_sel4_swi(seL4_SysDebugPutChar, &r);
}

LIBSEL4_INLINE_FUNC void seL4_DebugPutString(char *str)
{
    for (const char *s = str; *s != '\0'; s++) {
        seL4_DebugPutChar(*s);
    }
}

LIBSEL4_INLINE_FUNC void seL4_DebugDumpScheduler(void)
{
    keel_sel4_regs_t r = keel_sel4_regs(0, seL4_MessageInfo_new(0, 0, 0, 0));

    keel_sel4_swi(seL4_SysDebugDumpScheduler, &r);
}
#endif /* CONFIG_PRINTING */

#ifdef CONFIG_DEBUG_BUILD
LIBSEL4_INLINE_FUNC void seL4_DebugHalt(void)
{
    keel_sel4_regs_t r = keel_sel4_regs(0, seL4_MessageInfo_new(0, 0, 0, 0));

    keel_sel4_swi(seL4_SysDebugHalt, &r);
}

LIBSEL4_INLINE_FUNC void seL4_DebugSnapshot(void)
{
    keel_sel4_regs_t r = keel_sel4_regs(0, seL4_MessageInfo_new(0, 0, 0, 0));

    keel_sel4_swi(seL4_SysDebugSnapshot, &r);
}

/* The kernel's cap type number of the cap at cap (0 for an empty slot). */
LIBSEL4_INLINE_FUNC seL4_Uint32 seL4_DebugCapIdentify(seL4_CPtr cap)
{
    keel_sel4_regs_t r = keel_sel4_regs(cap, seL4_MessageInfo_new(0, 0, 0, 0));

    keel_sel4_swi(seL4_SysDebugCapIdentify, &r);
    return (seL4_Uint32)r.r0;
}

/* The name travels NUL-terminated in the IPC buffer's message area. */
LIBSEL4_INLINE_FUNC void seL4_DebugNameThread(seL4_CPtr tcb, const char *name)
{
    char *dest = (char *)seL4_GetIPCBuffer()->msg;
    seL4_Word room = sizeof(seL4_GetIPCBuffer()->msg) - 1;
    keel_sel4_regs_t r = keel_sel4_regs(tcb, seL4_MessageInfo_new(0, 0, 0, 0));
    seL4_Word i;

    for (i = 0; i < room && name[i] != '\0'; i++) {
        dest[i] = name[i];
    }
    dest[i] = '\0';
    keel_sel4_swi(seL4_SysDebugNameThread, &r);
}

#ifdef CONFIG_ENABLE_SMP_SUPPORT
/* Multicore debug builds: raise SGI irq on core target (r0 = target,
 * r1 = irq, as seL4 16.0.0 passes them). */
LIBSEL4_INLINE_FUNC void seL4_DebugSendIPI(seL4_Uint8 target, unsigned irq)
{
    keel_sel4_regs_t r = keel_sel4_regs(target, seL4_MessageInfo_new(0, 0, 0, 0));

    r.r1 = irq;
    keel_sel4_swi(seL4_SysDebugSendIPI, &r);
}

/* The core the thread of TCB cap tcb belongs to (its affinity). */
LIBSEL4_INLINE_FUNC seL4_Word seL4_DebugGetThreadAffinity(seL4_CPtr tcb)
{
    keel_sel4_regs_t r = keel_sel4_regs(tcb, seL4_MessageInfo_new(0, 0, 0, 0));

    keel_sel4_swi(seL4_SysDebugGetThreadAffinity, &r);
    return r.r0;
}
#endif /* CONFIG_ENABLE_SMP_SUPPORT */
#endif /* CONFIG_DEBUG_BUILD */

/* The benchmark calls of benchmark configurations. */
#include <sel4/arch/syscalls_benchmark.h>
