/*
 * Host tests of faults as IPC (src/kernel/faulthandler.c, src/api/faults.c,
 * src/arch/arm/faults.c): which handler caps work, the message layouts of
 * cap, VM, unknown-syscall and user-exception faults, and what the
 * handler's reply does to the faulting thread.
 */
#include <string.h>

#include <arch/faults.h>

#include "ipc_fixture.h"

#define HANDLER_SLOT (SLOT_SPARE + 5)
#define FAULT_PC 0x8000u

/* A's registers: r_i = 0x100 + i, a recognisable pc, sp, lr and cpsr. */
static void set_registers(tcb_t *t)
{
    for (word_t i = 0; i < REG_COUNT; i++) {
        t->context.regs[i] = 0x100 + i;
    }
    t->context.regs[REG_FAULT_IP] = FAULT_PC;
    t->context.regs[REG_PC] = FAULT_PC + 4;
    t->context.regs[REG_CPSR] = CPSR_USER | 0x20000000u;
}

/* A's fault handler is a cap minted from the endpoint; B waits on it. */
static void handler(word_t rights, word_t badge, bool waiting)
{
    mint(HANDLER_SLOT, SLOT_EP, rights, badge);
    thread_a()->fault_handler = HANDLER_SLOT;
    set_registers(thread_a());
    if (waiting) {
        receive_through(SLOT_EP, thread_b(), true);
    }
}

static void raise_fault(fault_t f)
{
    handle_fault(thread_a(), &f);
    check_cdt();
}

TEST(fault_goes_to_the_handler_as_a_call)
{
    handler(ALL_RIGHTS, 0x99, true);
    raise_fault(fault_vm_new(0x1234, 0x805, false));
    CHECK_EQ(thread_a()->state, THREAD_BLOCKED_ON_REPLY);
    CHECK(fault_is_pending(thread_a()));
    CHECK_EQ(thread_b()->state, THREAD_RUNNING);
    CHECK_EQ(badge_of(thread_b()), 0x99);
    CHECK_EQ(message_info_get_label(info_of(thread_b())), FAULT_VM);
    CHECK_EQ(message_info_get_length(info_of(thread_b())), 4);
    CHECK_EQ(mr(thread_b(), 0), FAULT_PC); /* seL4_VMFault_IP */
    CHECK_EQ(mr(thread_b(), 1), 0x1234);   /* _Addr */
    CHECK_EQ(mr(thread_b(), 2), 0);        /* _PrefetchFault */
    CHECK_EQ(mr(thread_b(), 3), 0x805);    /* _FSR */
    CHECK_EQ(cap_get_type(tcb_slot(thread_b(), TCB_CALLER)->cap), CAP_REPLY);
}

TEST(fault_waits_in_the_queue_until_the_handler_receives)
{
    handler(ALL_RIGHTS, 0, false);
    raise_fault(fault_vm_new(0x40, 0x7, true));
    CHECK_EQ(thread_a()->state, THREAD_BLOCKED_ON_SEND);
    receive_through(SLOT_EP, thread_b(), true);
    CHECK_EQ(thread_a()->state, THREAD_BLOCKED_ON_REPLY);
    CHECK_EQ(message_info_get_label(info_of(thread_b())), FAULT_VM);
    CHECK_EQ(mr(thread_b(), 2), 1); /* an instruction fault */
}

TEST(handler_cap_with_grant_reply_only_is_enough)
{
    handler(CAP_RIGHT_WRITE | CAP_RIGHT_GRANT_REPLY, 0, true);
    raise_fault(fault_vm_new(0, 0, false));
    CHECK_EQ(thread_a()->state, THREAD_BLOCKED_ON_REPLY);
}

TEST(handler_cap_without_grant_rights_stops_the_thread)
{
    handler(CAP_RIGHT_WRITE | CAP_RIGHT_READ, 0, true);
    raise_fault(fault_vm_new(0, 0, false));
    CHECK_EQ(thread_a()->state, THREAD_INACTIVE);
    CHECK_EQ(thread_b()->state, THREAD_BLOCKED_ON_RECEIVE);
    CHECK(hooks.kprintf > 0);
}

TEST(handler_cap_without_write_stops_the_thread)
{
    handler(CAP_RIGHT_READ | CAP_RIGHT_GRANT, 0, true);
    raise_fault(fault_vm_new(0, 0, false));
    CHECK_EQ(thread_a()->state, THREAD_INACTIVE);
}

TEST(missing_fault_handler_stops_the_thread)
{
    set_registers(thread_a());
    raise_fault(fault_user_exception_new(0, 0));
    CHECK_EQ(thread_a()->state, THREAD_INACTIVE);
    CHECK(!fault_is_pending(thread_a()));
    CHECK(hooks.kprintf > 0);
}

TEST(fault_handler_that_is_not_an_endpoint_stops_the_thread)
{
    handler(ALL_RIGHTS, 0, false);
    thread_a()->fault_handler = SLOT_NTFN;
    raise_fault(fault_vm_new(0, 0, false));
    CHECK_EQ(thread_a()->state, THREAD_INACTIVE);
}

TEST(cap_fault_message_has_the_lookup_failure)
{
    handler(ALL_RIGHTS, 0, true);
    raise_fault(fault_cap_new(0x77, true, lookup_fault_depth_mismatch(8, 24)));
    CHECK_EQ(message_info_get_label(info_of(thread_b())), FAULT_CAP);
    CHECK_EQ(message_info_get_length(info_of(thread_b())), 6);
    CHECK_EQ(mr(thread_b(), CAP_FAULT_IP), FAULT_PC);
    CHECK_EQ(mr(thread_b(), CAP_FAULT_ADDR), 0x77);
    CHECK_EQ(mr(thread_b(), CAP_FAULT_IN_RECV_PHASE), 1);
    CHECK_EQ(mr(thread_b(), CAP_FAULT_LOOKUP_FAILURE_TYPE), LOOKUP_DEPTH_MISMATCH);
    CHECK_EQ(mr(thread_b(), 4), 24); /* seL4_CapFault_BitsLeft */
    CHECK_EQ(mr(thread_b(), 5), 8);  /* seL4_CapFault_DepthMismatch_BitsFound */
}

TEST(cap_fault_message_without_receive_buffer_is_cut_at_the_registers)
{
    drop_ipc_buffer(thread_b());
    handler(ALL_RIGHTS, 0, true);
    raise_fault(fault_cap_new(0x77, false, lookup_fault_missing_capability(3)));
    CHECK_EQ(message_info_get_length(info_of(thread_b())), MSG_REGISTER_COUNT);
    CHECK_EQ(mr(thread_b(), CAP_FAULT_LOOKUP_FAILURE_TYPE), LOOKUP_MISSING_CAPABILITY);
}

TEST(unknown_syscall_message_has_the_registers_and_the_number)
{
    handler(ALL_RIGHTS, 0, true);
    raise_fault(fault_unknown_syscall_new((word_t)-42));
    CHECK_EQ(message_info_get_label(info_of(thread_b())), FAULT_UNKNOWN_SYSCALL);
    CHECK_EQ(message_info_get_length(info_of(thread_b())), 13); /* seL4_UnknownSyscall_Length */
    for (word_t i = 0; i < 8; i++) {
        CHECK_EQ(mr(thread_b(), i), 0x100 + i); /* R0 ... R7 */
    }
    CHECK_EQ(mr(thread_b(), 8), FAULT_PC);                 /* FaultIP */
    CHECK_EQ(mr(thread_b(), 9), 0x100 + REG_SP);           /* SP */
    CHECK_EQ(mr(thread_b(), 10), 0x100 + REG_LR);          /* LR */
    CHECK_EQ(mr(thread_b(), 11), CPSR_USER | 0x20000000u); /* CPSR */
    CHECK_EQ(mr(thread_b(), 12), (word_t)-42);             /* Syscall */
}

TEST(unknown_syscall_message_without_receive_buffer_is_cut_at_the_registers)
{
    drop_ipc_buffer(thread_b());
    handler(ALL_RIGHTS, 0, true);
    raise_fault(fault_unknown_syscall_new(7));
    CHECK_EQ(message_info_get_length(info_of(thread_b())), MSG_REGISTER_COUNT);
    CHECK_EQ(mr(thread_b(), 3), 0x103);
}

TEST(user_exception_message_has_pc_sp_cpsr_number_and_code)
{
    handler(ALL_RIGHTS, 0, true);
    raise_fault(fault_user_exception_new(4, 5));
    CHECK_EQ(message_info_get_label(info_of(thread_b())), FAULT_USER_EXCEPTION);
    CHECK_EQ(message_info_get_length(info_of(thread_b())), 5); /* seL4_UserException_Length */
    CHECK_EQ(mr(thread_b(), 0), FAULT_PC);
    CHECK_EQ(mr(thread_b(), 1), 0x100 + REG_SP);
    CHECK_EQ(mr(thread_b(), 2), CPSR_USER | 0x20000000u);
    CHECK_EQ(mr(thread_b(), 3), 4);
    CHECK_EQ(mr(thread_b(), 4), 5);
}

/* B replies to A's fault with label and words. */
static void reply_with(word_t label, word_t length, const word_t *words)
{
    set_message(thread_b(), label, 0, length, words);
    reply_to_caller(thread_b());
    check_cdt();
}

TEST(reply_to_a_vm_fault_restarts_the_thread)
{
    handler(ALL_RIGHTS, 0, true);
    raise_fault(fault_vm_new(0x1234, 0x805, false));
    reply_with(0, 0, NULL);
    CHECK_EQ(thread_a()->state, THREAD_RESTART);
    CHECK(!fault_is_pending(thread_a()));
    CHECK(hooks.last_switch_to == thread_a());
    CHECK(cte_is_empty(tcb_slot(thread_b(), TCB_CALLER)));
    CHECK_EQ(thread_a()->context.regs[REG_FAULT_IP], FAULT_PC);
}

TEST(reply_to_a_cap_fault_restarts_the_thread_whatever_the_label)
{
    handler(ALL_RIGHTS, 0, true);
    raise_fault(fault_cap_new(5, false, lookup_fault_invalid_root()));
    reply_with(9, 0, NULL);
    CHECK_EQ(thread_a()->state, THREAD_RESTART);
}

TEST(reply_to_an_unknown_syscall_sets_registers_and_restarts)
{
    handler(ALL_RIGHTS, 0, true);
    raise_fault(fault_unknown_syscall_new(3));
    word_t regs[12];
    for (word_t i = 0; i < 12; i++) {
        regs[i] = 0x500 + i;
    }
    regs[8] = FAULT_PC + 4; /* go on after the syscall */
    regs[11] = 0xffffffffu; /* a CPSR asking for every mode bit */
    reply_with(0, 12, regs);
    CHECK_EQ(thread_a()->state, THREAD_RESTART);
    for (word_t i = 0; i < 8; i++) {
        CHECK_EQ(thread_a()->context.regs[REG_R0 + i], 0x500 + i);
    }
    CHECK_EQ(thread_a()->context.regs[REG_FAULT_IP], FAULT_PC + 4);
    CHECK_EQ(thread_a()->context.regs[REG_SP], 0x509);
    CHECK_EQ(thread_a()->context.regs[REG_LR], 0x50a);
    CHECK_EQ(thread_a()->context.regs[REG_CPSR], 0xf8000000u | CPSR_USER);
}

TEST(short_reply_to_an_unknown_syscall_sets_only_those_registers)
{
    handler(ALL_RIGHTS, 0, true);
    raise_fault(fault_unknown_syscall_new(3));
    reply_with(0, 2, (const word_t[]){ 0xaa, 0xbb });
    CHECK_EQ(thread_a()->context.regs[REG_R0], 0xaa);
    CHECK_EQ(thread_a()->context.regs[REG_R1], 0xbb);
    CHECK_EQ(thread_a()->context.regs[REG_R2], 0x102);
    CHECK_EQ(thread_a()->context.regs[REG_FAULT_IP], FAULT_PC);
}

TEST(reply_with_a_label_leaves_the_thread_stopped)
{
    handler(ALL_RIGHTS, 0, true);
    raise_fault(fault_user_exception_new(0, 0));
    reply_with(1, 1, (const word_t[]){ FAULT_PC + 8 });
    CHECK_EQ(thread_a()->state, THREAD_INACTIVE);
    CHECK(!fault_is_pending(thread_a()));
    CHECK_EQ(thread_a()->context.regs[REG_FAULT_IP], FAULT_PC + 8); /* still copied */
}

TEST(reply_to_a_user_exception_sets_pc_sp_and_flags)
{
    handler(ALL_RIGHTS, 0, true);
    raise_fault(fault_user_exception_new(0, 0));
    reply_with(0, 5, (const word_t[]){ FAULT_PC + 4, 0x7000, 0x400001df, 1, 2 });
    CHECK_EQ(thread_a()->state, THREAD_RESTART);
    CHECK_EQ(thread_a()->context.regs[REG_FAULT_IP], FAULT_PC + 4);
    CHECK_EQ(thread_a()->context.regs[REG_SP], 0x7000);
    CHECK_EQ(thread_a()->context.regs[REG_CPSR], 0x40000000u | CPSR_USER);
}

TEST(suspending_a_thread_blocked_on_its_fault_drops_the_fault)
{
    handler(ALL_RIGHTS, 0, false);
    raise_fault(fault_vm_new(0, 0, false));
    tcb_suspend(thread_a());
    CHECK(!fault_is_pending(thread_a()));
    CHECK_EQ(ep()->state, EP_IDLE);
}

TEST(deleting_the_handler_endpoint_restarts_the_faulter_without_its_fault)
{
    handler(ALL_RIGHTS, 0, false);
    raise_fault(fault_vm_new(0, 0, false));
    CHECK_OK(do_delete(HANDLER_SLOT));
    CHECK_OK(do_delete(SLOT_EP));
    CHECK_EQ(thread_a()->state, THREAD_RESTART);
    CHECK(!fault_is_pending(thread_a()));
}

TEST(pending_fault_is_kept_in_the_tcb)
{
    fault_t f = fault_cap_new(0x12, true, lookup_fault_guard_mismatch(3, 20, 4));
    fault_set(thread_c(), &f);
    fault_t g = fault_of(thread_c());
    CHECK_EQ(g.type, FAULT_CAP);
    CHECK_EQ(g.words[0], 0x12);
    CHECK_EQ(g.words[1], 1);
    CHECK_EQ(g.lookup.type, LOOKUP_GUARD_MISMATCH);
    CHECK_EQ(g.lookup.guard_found, 3);
    CHECK_EQ(g.lookup.bits_left, 20);
    CHECK_EQ(g.lookup.bits_found, 4);
    fault_clear(thread_c());
    CHECK(!fault_is_pending(thread_c()));
}

TEST(cpsr_from_user_level_keeps_only_the_flags)
{
    CHECK_EQ(arch_sanitise_register(REG_CPSR, 0x000001d3u), CPSR_USER);
    CHECK_EQ(arch_sanitise_register(REG_CPSR, 0xf00001d3u), 0xf0000000u | CPSR_USER);
    CHECK_EQ(arch_sanitise_register(REG_SP, 0x1d3u), 0x1d3u);
}

TEST(fault_handler_cptr_that_does_not_resolve_stops_the_thread)
{
    set_registers(thread_a());
    receive_through(SLOT_EP, thread_b(), true);
    thread_a()->fault_handler = 0x80000000u; /* beyond the root CNode's guard of 0 */
    raise_fault(fault_vm_new(0x1000, 0, false));
    CHECK_EQ(thread_a()->state, THREAD_INACTIVE);
    CHECK(!fault_is_pending(thread_a()));
    CHECK_EQ(thread_b()->state, THREAD_BLOCKED_ON_RECEIVE); /* no fault message went */
    /* the debug build names the lookup's failure and the fault it hit */
    CHECK(strstr(host_console, "thread stopped") != NULL);
}
