/*
 * Checks that libsel4's syscalls and generated stubs put every argument in the
 * register, message word and cap slot upstream seL4 uses. Built for ARM Linux
 * and run under qemu-arm: seL4's negative syscall numbers raise SIGILL there,
 * so a handler records r0-r7 at the "swi", plays the kernel's reply, and steps on.
 */
#define _GNU_SOURCE
#include <sel4/sel4.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <ucontext.h>

__thread seL4_IPCBuffer *__sel4_ipc_buffer;
static seL4_IPCBuffer buffer;
static seL4_Word seen[8];  /* r0-r7 at the last swi */
static seL4_Word reply[6]; /* r0-r5 the "kernel" answers with */
static int passed, failed;

#define SWI 0xef000000u

static void on_sigill(int sig, siginfo_t *info, void *context)
{
    mcontext_t *m = &((ucontext_t *)context)->uc_mcontext;
    unsigned long *regs = &m->arm_r0; /* arm_r0 .. arm_r10 are consecutive */
    int at_swi = *(unsigned *)m->arm_pc == SWI;

    (void)sig;
    (void)info;
    if (!at_swi && *(unsigned *)(m->arm_pc - 4) != SWI) {
        printf("unexpected SIGILL at %#lx\n", m->arm_pc);
        _exit(2);
    }
    for (int i = 0; i < 8; i++) {
        seen[i] = regs[i];
    }
    for (int i = 0; i < 6; i++) {
        regs[i] = reply[i];
    }
    if (at_swi) {
        m->arm_pc += 4;
    }
}

static void check(const char *what, seL4_Word got, seL4_Word want)
{
    if (got == want) {
        passed++;
    } else {
        failed++;
        printf("FAIL %s: got %#x, want %#x\n", what, got, want);
    }
}

/* The next reply: label (0 = seL4_NoError), badge and MR0-MR3. */
static void kernel_replies(seL4_Word label, seL4_Word badge, seL4_Word m0, seL4_Word m1,
                           seL4_Word m2, seL4_Word m3)
{
    seL4_Word r[6] = { badge, seL4_MessageInfo_new(label, 0, 0, 4).words[0], m0, m1, m2, m3 };

    memcpy(reply, r, sizeof r);
}

static void check_regs(const char *what, int sys, seL4_Word r0, seL4_Word r1, seL4_Word r2,
                       seL4_Word r3, seL4_Word r4, seL4_Word r5)
{
    seL4_Word want[8] = { r0, r1, r2, r3, r4, r5, 0, (seL4_Word)sys };
    char name[96];

    for (int i = 0; i < 8; i++) {
        if (i == 6) {
            continue;
        }
        snprintf(name, sizeof name, "%s r%d", what, i);
        check(name, seen[i], want[i]);
    }
}

static void test_cnode_and_untyped(void)
{
    kernel_replies(0, 0, 0, 0, 0, 0);
    check("CNode_Copy result", seL4_CNode_Copy(2, 10, 32, 3, 11, 8, seL4_CanRead), seL4_NoError);
    /* label 20, one extra cap, five words */
    check_regs("CNode_Copy", seL4_SysCall, 2, 0x14085, 10, 32, 11, 8);
    check("CNode_Copy MR4 rights", buffer.msg[4], 2);
    check("CNode_Copy cap0", buffer.caps_or_badges[0], 3);

    seL4_CNode_Rotate(2, 1, 32, 0x11, 3, 4, 32, 0x22, 5, 6, 32);
    check_regs("CNode_Rotate", seL4_SysCall, 2, 0x18108, 1, 32, 0x11, 4);
    check("CNode_Rotate MR4..7",
          buffer.msg[4] + (buffer.msg[5] << 8) + (buffer.msg[6] << 16) + (buffer.msg[7] << 24),
          32 + (0x22 << 8) + (6 << 16) + (32u << 24));
    check("CNode_Rotate caps", buffer.caps_or_badges[0] * 10 + buffer.caps_or_badges[1], 35);

    seL4_Untyped_Retype(1, seL4_TCBObject, 0, 2, 0, 0, 20, 1);
    check_regs("Untyped_Retype", seL4_SysCall, 1, 0x1086, seL4_TCBObject, 0, 0, 0);
    check("Untyped_Retype MR4,MR5", buffer.msg[4] * 100 + buffer.msg[5], 2001);
    check("Untyped_Retype cap0", buffer.caps_or_badges[0], 2);
}

static void test_tcb(void)
{
    seL4_UserContext ctx;

    memset(&ctx, 0, sizeof ctx);
    ctx.pc = 0x1000;
    ctx.sp = 0x2000;
    ctx.cpsr = 0x10;
    ctx.tpidruro = 0x77;
    kernel_replies(0, 0, 0, 0, 0, 0);
    seL4_TCB_CopyRegisters(1, 9, 1, 0, 1, 1, 0x5a);
    check_regs("TCB_CopyRegisters", seL4_SysCall, 1, 0x4081, 0x5a0d, 0, 0, 0);
    check("TCB_CopyRegisters cap0", buffer.caps_or_badges[0], 9);

    seL4_TCB_WriteRegisters(1, 1, 0, 19, &ctx);
    check_regs("TCB_WriteRegisters", seL4_SysCall, 1, 0x3015, 1, 19, 0x1000, 0x2000);
    check("TCB_WriteRegisters MR4 cpsr", buffer.msg[4], 0x10);
    check("TCB_WriteRegisters MR20 tpidruro", buffer.msg[20], 0x77);

    kernel_replies(0, 0, 100, 101, 102, 103);
    buffer.msg[4] = 104;
    buffer.msg[18] = 118;
    seL4_TCB_ReadRegisters(1, 0, 0, 19, &ctx);
    check_regs("TCB_ReadRegisters", seL4_SysCall, 1, 0x2002, 0, 19, 0, 0);
    check("TCB_ReadRegisters pc", ctx.pc, 100);
    check("TCB_ReadRegisters r0", ctx.r0, 103);
    check("TCB_ReadRegisters r1", ctx.r1, 104);
    check("TCB_ReadRegisters tpidrurw", ctx.tpidrurw, 0);
    check("TCB_ReadRegisters tpidruro", ctx.tpidruro, 118);

    kernel_replies(0, 0, 0, 0, 0, 0);
    seL4_TCB_Configure(1, 7, 2, 0x42, 3, 0, 0x1000, 10);
    check_regs("TCB_Configure", seL4_SysCall, 1, 0x5184, 7, 0x42, 0, 0x1000);
    check("TCB_Configure caps",
          buffer.caps_or_badges[0] * 100 + buffer.caps_or_badges[1] * 10 + buffer.caps_or_badges[2],
          240);

    kernel_replies(0, 0, seL4_TCBFlag_fpuDisabled, 0, 0, 0);
    check("TCB_SetFlags flags", seL4_TCB_SetFlags(1, 0, 1).flags, seL4_TCBFlag_fpuDisabled);
    check_regs("TCB_SetFlags", seL4_SysCall, 1, 0x10002, 0, 1, 0, 0);
}

static void test_arm(void)
{
    kernel_replies(0, 0, 0x40001000, 0, 0, 0);
    seL4_ARM_Page_Map(20, 3, 0x10000, seL4_ReadWrite, seL4_ARM_Default_VMAttributes);
    check_regs("ARM_Page_Map", seL4_SysCall, 20, 0x27083, 0x10000, 3, 3, 0);
    check("ARM_Page_GetAddress paddr", seL4_ARM_Page_GetAddress(20).paddr, 0x40001000);
    check_regs("ARM_Page_GetAddress", seL4_SysCall, 20, 0x2d000, 0, 0, 0, 0);

    seL4_IRQControl_GetTrigger(seL4_CapIRQControl, 33, 1, 2, 12, 32);
    check_regs("IRQControl_GetTrigger", seL4_SysCall, 4, 0x30084, 33, 1, 12, 32);
    seL4_DomainSet_Set(seL4_CapDomain, 0xab, 1);
    check_regs("DomainSet_Set", seL4_SysCall, 11, 0x1e081, 0xab, 0, 0, 0);
    /* seL4_Time on a 32-bit kernel: two words, low first, word-aligned. */
    seL4_DomainSet_ScheduleConfigure(seL4_CapDomain, 3, 2, 0x100000007ull);
    check_regs("DomainSet_ScheduleConfigure", seL4_SysCall, 11, 0x1f004, 3, 2, 7, 1);
    seL4_DomainSet_ScheduleSetStart(seL4_CapDomain, 3);
    check_regs("DomainSet_ScheduleSetStart", seL4_SysCall, 11, 0x20001, 3, 0, 0, 0);
    seL4_ARM_PageDirectory_Clean_Data(3, 0x1000, 0x2000);
    check_regs("ARM_PageDirectory_Clean_Data", seL4_SysCall, 3, 0x21002, 0x1000, 0x2000, 0, 0);
}

static void test_error_path(void)
{
    kernel_replies(seL4_RangeError, 0, 5, 9, 0, 0);
    check("error label", seL4_CNode_Delete(2, 10, 33), seL4_RangeError);
    check("error details MR0", seL4_GetMR(0), 5);
    check("error details MR1", seL4_GetMR(1), 9);
    check("error struct", (seL4_Word)seL4_ARM_Page_GetAddress(20).error, seL4_RangeError);
}

static void test_ipc(void)
{
    seL4_Word badge = 0, a = 1, b = 2, c = 3, d = 4;
    seL4_MessageInfo_t tag = seL4_MessageInfo_new(9, 0, 0, 2);

    kernel_replies(0, 0x5eed, 40, 41, 42, 43);
    seL4_Recv(5, &badge);
    check_regs("Recv", seL4_SysRecv, 5, 0, 0, 0, 0, 0);
    check("Recv badge", badge, 0x5eed);
    check("Recv MR3", seL4_GetMR(3), 43);

    seL4_SetMR(0, 7);
    seL4_SetMR(1, 8);
    seL4_SetMR(2, 0);
    seL4_SetMR(3, 0);
    seL4_ReplyRecv(5, tag, &badge);
    check_regs("ReplyRecv", seL4_SysReplyRecv, 5, tag.words[0], 7, 8, 0, 0);
    seL4_Call(6, tag);
    check_regs("Call", seL4_SysCall, 6, tag.words[0], 40, 41, 42, 43);
    seL4_CallWithMRs(6, tag, &a, &b, &c, &d);
    check_regs("CallWithMRs (length 2)", seL4_SysCall, 6, tag.words[0], 1, 2, 0, 0);
    check("CallWithMRs mr3 out", d, 43);
    seL4_Send(6, tag);
    check("Send r7", seen[7], (seL4_Word)seL4_SysSend);
    seL4_NBSend(6, tag);
    check("NBSend r7", seen[7], (seL4_Word)seL4_SysNBSend);
    seL4_Reply(tag);
    check_regs("Reply", seL4_SysReply, 0, tag.words[0], 40, 41, 42, 43);
    seL4_NBRecv(5, &badge);
    check("NBRecv r7", seen[7], (seL4_Word)seL4_SysNBRecv);
    seL4_Signal(5);
    check_regs("Signal", seL4_SysSend, 5, 0, 0, 0, 0, 0);
    seL4_Yield();
    check("Yield r7", seen[7], (seL4_Word)seL4_SysYield);
}

static void test_debug(void)
{
    kernel_replies(0, 0, 0, 0, 0, 0);
    seL4_DebugPutChar('K');
    check_regs("DebugPutChar", seL4_SysDebugPutChar, 'K', 0, 0, 0, 0, 0);
    seL4_DebugDumpScheduler();
    check("DebugDumpScheduler r7", seen[7], (seL4_Word)seL4_SysDebugDumpScheduler);
    seL4_DebugSnapshot();
    check("DebugSnapshot r7", seen[7], (seL4_Word)seL4_SysDebugSnapshot);
    seL4_DebugHalt();
    check("DebugHalt r7", seen[7], (seL4_Word)seL4_SysDebugHalt);
    reply[0] = 4;
    check("DebugCapIdentify", seL4_DebugCapIdentify(1), 4);
    check("DebugCapIdentify r0 in", seen[0], 1);
    seL4_DebugNameThread(1, "root");
    check("DebugNameThread r7", seen[7], (seL4_Word)seL4_SysDebugNameThread);
    check("DebugNameThread name", strcmp((char *)buffer.msg, "root"), 0);
    seL4_SetTLSBase(0x1234);
    check_regs("SetTLSBase", seL4_SysSetTLSBase, 0x1234, 0, 0, 0, 0, 0);
}

static void test_bitfields(void)
{
    seL4_MessageInfo_t tag = seL4_MessageInfo_set_label(seL4_MessageInfo_new(1, 7, 3, 120), 0xabc);
    seL4_Fault_t fault;

    check("MessageInfo label", seL4_MessageInfo_get_label(tag), 0xabc);
    check("MessageInfo capsUnwrapped", seL4_MessageInfo_get_capsUnwrapped(tag), 7);
    check("MessageInfo length", seL4_MessageInfo_get_length(tag), 120);
    check("CapRights read", seL4_CapRights_get_capAllowRead(seL4_NoWrite), 1);
    check("CapRights write", seL4_CapRights_get_capAllowWrite(seL4_NoWrite), 0);
    check("CNode_CapData guard", seL4_CNode_CapData_get_guard(seL4_CNode_CapData_new(0x1234, 12)),
          0x1234);

    for (int i = 0; i < seL4_VMFault_Length; i++) {
        seL4_SetMR(i, 0x100 + i);
    }
    fault = seL4_getFault(seL4_MessageInfo_new(seL4_Fault_VMFault, 0, 0, seL4_VMFault_Length));
    check("getFault type", seL4_Fault_get_seL4_FaultType(fault), seL4_Fault_VMFault);
    check("getFault VMFault Addr", seL4_Fault_VMFault_get_Addr(fault), 0x100 + seL4_VMFault_Addr);
    check("getFault VMFault FSR", seL4_Fault_VMFault_get_FSR(fault), 0x100 + seL4_VMFault_FSR);
    check("FaultType_equals", seL4_Fault_seL4_FaultType_equals(fault, seL4_Fault_VMFault), 1);
    check("FaultType_equals other", seL4_Fault_seL4_FaultType_equals(fault, seL4_Fault_CapFault),
          0);
    fault = seL4_getArchFault(seL4_MessageInfo_new(seL4_Fault_CapFault, 0, 0, 7));
    check("getArchFault leaves cap faults", seL4_Fault_get_seL4_FaultType(fault),
          seL4_Fault_NullFault);
    fault = seL4_getFault(seL4_MessageInfo_new(seL4_Fault_CapFault, 0, 0, 7));
    check("getFault CapFault Addr", seL4_Fault_CapFault_get_Addr(fault),
          0x100 + seL4_CapFault_Addr);
}

/* Each _ptr_new() stores exactly what the matching _new() returns. */
static void test_ptr_constructors(void)
{
    seL4_MessageInfo_t tag;
    seL4_CapRights_t rights;
    seL4_CNode_CapData_t data;
    seL4_Fault_t fault, want;

    seL4_MessageInfo_ptr_new(&tag, 0xabc, 7, 3, 120);
    check("MessageInfo_ptr_new", tag.words[0], seL4_MessageInfo_new(0xabc, 7, 3, 120).words[0]);
    seL4_CapRights_ptr_new(&rights, 1, 0, 1, 0);
    check("CapRights_ptr_new", rights.words[0], seL4_CapRights_new(1, 0, 1, 0).words[0]);
    seL4_CNode_CapData_ptr_new(&data, 0x1234, 12);
    check("CNode_CapData_ptr_new", data.words[0], seL4_CNode_CapData_new(0x1234, 12).words[0]);
    memset(&fault, 0xff, sizeof fault);
    seL4_Fault_VMFault_ptr_new(&fault, 1, 2, 3, 4);
    want = seL4_Fault_VMFault_new(1, 2, 3, 4);
    check("Fault_VMFault_ptr_new", memcmp(&fault, &want, sizeof fault), 0);
    seL4_Fault_NullFault_ptr_new(&fault);
    check("Fault_NullFault_ptr_new", seL4_Fault_get_seL4_FaultType(fault), seL4_Fault_NullFault);
}

int main(void)
{
    struct sigaction sa;

    memset(&sa, 0, sizeof sa);
    sa.sa_sigaction = on_sigill;
    sa.sa_flags = SA_SIGINFO;
    sigaction(SIGILL, &sa, NULL);
    seL4_SetIPCBuffer(&buffer);

    test_cnode_and_untyped();
    test_tcb();
    test_arm();
    test_error_path();
    test_ipc();
    test_debug();
    test_bitfields();
    test_ptr_constructors();
    printf("marshal: %d passed, %d failed\n", passed, failed);
    return failed != 0;
}
