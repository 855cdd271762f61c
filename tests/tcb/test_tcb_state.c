/*
 * TCB Suspend, Resume, BindNotification, UnbindNotification, SetTLSBase,
 * SetFlags, the dispatch of TCB labels, new TCBs, and DomainSet_Set on the
 * domain cap: seL4's state changes and its errors.
 */
#include "tcb_fixture.h"

static result_t call0(word_t index, word_t label)
{
    return invoke(index, label, 0, NULL, 0, 0, 0);
}

static endpoint_t *ep(void)
{
    return endpoint_ptr(cap_endpoint_get_ptr(slot(SLOT_EP)->cap));
}

TEST(new_tcb_is_inactive_and_will_run_in_user_mode_with_a_full_time_slice)
{
    CHECK_EQ(target()->state, THREAD_INACTIVE);
    CHECK_EQ(target()->context.regs[REG_CPSR], CPSR_USER);
    CHECK_EQ(target()->time_slice, TIME_SLICE_TICKS);
    CHECK_EQ(target()->domain, 0);
    CHECK_EQ(target()->priority, 0);
    CHECK_EQ(target()->mcp, 0);
    CHECK_EQ(target()->fault_handler, 0);
}

TEST(tcb_labels_of_other_objects_are_illegal_operations)
{
    CHECK_ERROR(call0(SLOT_T, CNodeRevoke), ERR_ILLEGAL_OPERATION);
    CHECK_ERROR(call0(SLOT_T, InvalidInvocation), ERR_ILLEGAL_OPERATION);
    CHECK_ERROR(call0(SLOT_T, DomainSetSet), ERR_ILLEGAL_OPERATION);
    CHECK_ERROR(call0(SLOT_T, 0xfffffu), ERR_ILLEGAL_OPERATION);
}

TEST(suspend_stops_a_running_thread_where_it_would_go_on)
{
    make_running(target());
    target()->context.regs[REG_PC] = 0x8000;
    target()->context.regs[REG_FAULT_IP] = 0x1234;
    CHECK_OK(call0(SLOT_T, TCBSuspend));
    CHECK_EQ(target()->state, THREAD_INACTIVE);
    CHECK_EQ(target()->context.regs[REG_FAULT_IP], 0x8000);
    CHECK_EQ(hooks.sched_dequeue, 1);
}

TEST(suspend_cancels_a_blocked_ipc_and_keeps_its_restart_point)
{
    block_on_endpoint(target(), ep(), THREAD_BLOCKED_ON_RECEIVE, 0);
    target()->context.regs[REG_PC] = 0x8004;
    target()->context.regs[REG_FAULT_IP] = 0x8000; /* the syscall, to redo */
    CHECK_OK(call0(SLOT_T, TCBSuspend));
    CHECK_EQ(target()->state, THREAD_INACTIVE);
    CHECK_EQ(ep()->queue.head, 0);
    CHECK_EQ(target()->context.regs[REG_FAULT_IP], 0x8000);
}

TEST(suspend_of_an_inactive_thread_is_harmless)
{
    CHECK_OK(call0(SLOT_T, TCBSuspend));
    CHECK_OK(call0(SLOT_T, TCBSuspend));
    CHECK_EQ(target()->state, THREAD_INACTIVE);
}

TEST(suspend_of_the_caller_stops_it_to_redo_the_call_when_resumed)
{
    make_running(root_tcb());
    root_tcb()->context.regs[REG_PC] = 0x8004;
    root_tcb()->context.regs[REG_FAULT_IP] = 0x8000; /* the swi */
    CHECK_OK(call0(SLOT_TCB, TCBSuspend));
    CHECK_EQ(root_tcb()->state, THREAD_INACTIVE);
    CHECK_EQ(root_tcb()->context.regs[REG_FAULT_IP], 0x8000);
}

TEST(copy_registers_suspending_the_caller_stops_it_to_redo_the_call)
{
    make_running(root_tcb());
    root_tcb()->context.regs[REG_PC] = 0x8004;
    root_tcb()->context.regs[REG_FAULT_IP] = 0x8000;
    word_t mrs[] = { 1 }; /* suspend the source */
    CHECK_OK(invoke(SLOT_T, TCBCopyRegisters, 1, mrs, SLOT_TCB, 0, 0));
    CHECK_EQ(root_tcb()->state, THREAD_INACTIVE);
    CHECK_EQ(root_tcb()->context.regs[REG_FAULT_IP], 0x8000);
}

TEST(resume_restarts_an_inactive_thread)
{
    CHECK_OK(call0(SLOT_T, TCBResume));
    CHECK_EQ(target()->state, THREAD_RESTART);
    CHECK_EQ(hooks.possible_switch_to, 1);
    CHECK(hooks.last_switch_to == target());
    cap_t master = tcb_slot(target(), TCB_REPLY)->cap;
    CHECK_EQ(cap_get_type(master), CAP_REPLY);
    CHECK(cap_reply_get_master(master));
    CHECK_EQ(cap_reply_get_tcb(master), tcb_ref(target()));
}

TEST(resume_of_a_thread_waiting_for_a_reply_drops_the_reply_cap)
{
    tcb_setup_reply_master(target());
    mdb_insert_child(cap_reply_new(tcb_ref(target()), false, true), tcb_slot(target(), TCB_REPLY),
                     tcb_slot(other(), TCB_CALLER));
    target()->state = THREAD_BLOCKED_ON_REPLY;
    CHECK_OK(call0(SLOT_T, TCBResume));
    CHECK_EQ(target()->state, THREAD_RESTART);
    CHECK(cte_is_empty(tcb_slot(other(), TCB_CALLER)));
}

TEST(resume_leaves_running_and_restarting_threads_alone)
{
    make_running(target());
    CHECK_OK(call0(SLOT_T, TCBResume));
    CHECK_EQ(target()->state, THREAD_RUNNING);
    other()->state = THREAD_RESTART;
    CHECK_OK(call0(SLOT_T2, TCBResume));
    CHECK_EQ(other()->state, THREAD_RESTART);
    CHECK_EQ(hooks.possible_switch_to, 0);
}

/* seL4 restart(): a thread blocked in IPC is stopped too; Resume takes it
 * off the queue and makes it redo its system call. */
TEST(resume_restarts_a_thread_blocked_sending_and_takes_it_off_the_queue)
{
    block_on_endpoint(other(), ep(), THREAD_BLOCKED_ON_SEND, 5);
    block_on_endpoint(target(), ep(), THREAD_BLOCKED_ON_SEND, 6);
    target()->context.regs[REG_FAULT_IP] = 0x8000;
    CHECK_OK(call0(SLOT_T, TCBResume));
    CHECK_EQ(target()->state, THREAD_RESTART);
    CHECK_EQ(ep()->state, EP_SEND);
    CHECK_EQ(ep()->queue.head, tcb_ref(other()));
    CHECK_EQ(ep()->queue.tail, tcb_ref(other()));
    CHECK_EQ(target()->queue_next, 0);
    CHECK_EQ(target()->queue_prev, 0);
    CHECK_EQ(target()->context.regs[REG_FAULT_IP], 0x8000);
    CHECK(hooks.last_switch_to == target());
}

TEST(resume_restarts_a_thread_blocked_receiving_and_leaves_the_endpoint_idle)
{
    block_on_endpoint(target(), ep(), THREAD_BLOCKED_ON_RECEIVE, 0);
    CHECK_OK(call0(SLOT_T, TCBResume));
    CHECK_EQ(target()->state, THREAD_RESTART);
    CHECK_EQ(ep()->state, EP_IDLE);
    CHECK_EQ(ep()->queue.head, 0);
    CHECK_EQ(hooks.possible_switch_to, 1);
    CHECK(cap_get_type(tcb_slot(target(), TCB_REPLY)->cap) == CAP_REPLY);
}

TEST(resume_restarts_a_thread_waiting_on_a_notification)
{
    notification_receive(ntfn(), target(), true);
    CHECK_EQ(target()->state, THREAD_BLOCKED_ON_NOTIFICATION);
    CHECK_OK(call0(SLOT_T, TCBResume));
    CHECK_EQ(target()->state, THREAD_RESTART);
    CHECK_EQ(ntfn_get_state(*ntfn()), NTFN_IDLE);
    CHECK_EQ(ntfn_get_queue_head(*ntfn()), 0);
    CHECK(hooks.last_switch_to == target());
    /* a signal now stays pending instead of waking it */
    notification_signal(ntfn(), 0x4);
    CHECK_EQ(target()->state, THREAD_RESTART);
    CHECK_EQ(ntfn_get_state(*ntfn()), NTFN_ACTIVE);
}

static result_t bind(word_t tcb_slot_index, word_t ntfn_slot)
{
    return invoke(tcb_slot_index, TCBBindNotification, 0, NULL, ntfn_slot, 0, 0);
}

TEST(bind_notification_binds_thread_and_notification)
{
    CHECK_OK(bind(SLOT_T, SLOT_NTFN));
    CHECK_EQ(target()->bound_notification, ptr_to_pptr(ntfn()));
    CHECK_EQ(ntfn_get_bound_tcb(*ntfn()), tcb_ref(target()));
}

TEST(bind_notification_needs_the_notification_cap)
{
    CHECK_ERROR(bind(SLOT_T, 0), ERR_TRUNCATED_MESSAGE);
}

TEST(bind_notification_twice_is_an_illegal_operation)
{
    CHECK_OK(bind(SLOT_T, SLOT_NTFN));
    CHECK_ERROR(bind(SLOT_T, SLOT_NTFN), ERR_ILLEGAL_OPERATION);
    CHECK_OK(do_retype(SLOT_UNTYPED, OBJ_NOTIFICATION, 0, SLOT_SPARE, 1));
    CHECK_ERROR(bind(SLOT_T, SLOT_SPARE), ERR_ILLEGAL_OPERATION); /* the thread is bound */
    CHECK_ERROR(bind(SLOT_T2, SLOT_NTFN), ERR_ILLEGAL_OPERATION); /* the notification is */
    CHECK_EQ(other()->bound_notification, 0);
}

TEST(bind_notification_with_waiting_threads_is_an_illegal_operation)
{
    *ntfn() =
        notification_set_queue(*ntfn(), tcb_queue_append(notification_get_queue(*ntfn()), other()));
    *ntfn() = ntfn_set_state(*ntfn(), NTFN_WAITING);
    other()->state = THREAD_BLOCKED_ON_NOTIFICATION;
    CHECK_ERROR(bind(SLOT_T, SLOT_NTFN), ERR_ILLEGAL_OPERATION);
    CHECK_EQ(target()->bound_notification, 0);
}

TEST(bind_notification_needs_the_receive_right)
{
    CHECK_OK(do_mint(SLOT_SPARE, SLOT_NTFN, CAP_RIGHT_WRITE, 0));
    CHECK_ERROR(bind(SLOT_T, SLOT_SPARE), ERR_ILLEGAL_OPERATION);
    CHECK_EQ(ntfn_get_bound_tcb(*ntfn()), 0);
}

TEST(bind_notification_to_another_cap_type_is_an_illegal_operation)
{
    CHECK_ERROR(bind(SLOT_T, SLOT_EP), ERR_ILLEGAL_OPERATION);
    CHECK_ERROR(bind(SLOT_T, SLOT_T2), ERR_ILLEGAL_OPERATION);
}

TEST(unbind_notification_unbinds_both)
{
    CHECK_OK(bind(SLOT_T, SLOT_NTFN));
    CHECK_OK(call0(SLOT_T, TCBUnbindNotification));
    CHECK_EQ(target()->bound_notification, 0);
    CHECK_EQ(ntfn_get_bound_tcb(*ntfn()), 0);
    CHECK_OK(bind(SLOT_T2, SLOT_NTFN)); /* free again */
}

TEST(unbind_notification_of_an_unbound_thread_is_an_illegal_operation)
{
    CHECK_ERROR(call0(SLOT_T, TCBUnbindNotification), ERR_ILLEGAL_OPERATION);
}

TEST(set_tls_base_sets_tpidruro)
{
    word_t mrs[] = { 0xcafe0000u };
    CHECK_OK(invoke(SLOT_T, TCBSetTLSBase, 1, mrs, 0, 0, 0));
    CHECK_EQ(target()->context.regs[REG_TPIDRURO], 0xcafe0000u);
    CHECK_EQ(arch_user_context_get(target(), USER_CONTEXT_COUNT - 1), 0xcafe0000u);
    CHECK_EQ(hooks.reschedule, 0);
}

TEST(set_tls_base_without_the_base_is_truncated)
{
    CHECK_ERROR(call0(SLOT_T, TCBSetTLSBase), ERR_TRUNCATED_MESSAGE);
}

TEST(set_tls_base_of_the_caller_reschedules)
{
    word_t mrs[] = { 0x1000 };
    CHECK_OK(invoke(SLOT_TCB, TCBSetTLSBase, 1, mrs, 0, 0, 0));
    CHECK_EQ(root_tcb()->context.regs[REG_TPIDRURO], 0x1000);
    CHECK_EQ(hooks.reschedule, 1);
}

static result_t set_flags(word_t clear, word_t set)
{
    word_t mrs[] = { clear, set };
    return invoke(SLOT_T, TCBSetFlags, 2, mrs, 0, 0, 0);
}

TEST(set_flags_sets_clears_and_replies_with_the_new_flags)
{
    CHECK_OK(set_flags(0, TCB_FLAG_FPU_DISABLED));
    CHECK_EQ(target()->flags, TCB_FLAG_FPU_DISABLED);
    CHECK_EQ(reply_length, 1);
    CHECK_EQ(reply[0], TCB_FLAG_FPU_DISABLED);
    CHECK_OK(set_flags(TCB_FLAG_FPU_DISABLED, TCB_FLAG_FPU_DISABLED)); /* clear, then set */
    CHECK_EQ(reply[0], TCB_FLAG_FPU_DISABLED);
    CHECK_OK(set_flags(~0u, 0));
    CHECK_EQ(target()->flags, 0);
    CHECK_EQ(reply_length, 1);
    CHECK_EQ(reply[0], 0);
}

TEST(set_flags_ignores_unknown_flags)
{
    CHECK_OK(set_flags(0, ~TCB_FLAGS_MASK));
    CHECK_EQ(target()->flags, 0);
    CHECK_EQ(reply[0], 0);
}

TEST(set_flags_without_both_words_is_truncated)
{
    word_t mrs[] = { 0, 1 };
    CHECK_ERROR(invoke(SLOT_T, TCBSetFlags, 1, mrs, 0, 0, 0), ERR_TRUNCATED_MESSAGE);
    CHECK_EQ(target()->flags, 0);
}

static result_t domain_set(word_t length, word_t domain, word_t thread)
{
    word_t mrs[] = { domain };
    return invoke(SLOT_DOMAIN, DomainSetSet, length, mrs, thread, 0, 0);
}

TEST(domain_set_moves_a_thread_to_the_domain)
{
    target()->domain = 0;
    CHECK_OK(domain_set(1, NUM_DOMAINS - 1, SLOT_T));
    CHECK_EQ(target()->domain, NUM_DOMAINS - 1);
    CHECK_EQ(hooks.sched_dequeue, 1);
    CHECK_EQ(hooks.sched_enqueue, 0); /* not runnable: not queued */
}

TEST(domain_set_requeues_a_runnable_thread)
{
    make_running(target());
    CHECK_OK(domain_set(1, 0, SLOT_T));
    CHECK_EQ(hooks.sched_dequeue, 1);
    CHECK_EQ(hooks.sched_enqueue, 1);
}

TEST(domain_set_of_the_caller_reschedules)
{
    CHECK_OK(domain_set(1, 0, SLOT_TCB));
    CHECK_EQ(hooks.reschedule, 1);
    CHECK_EQ(hooks.sched_enqueue, 0);
}

TEST(domain_set_beyond_the_domains_is_invalid_argument_0)
{
    result_t r = domain_set(1, NUM_DOMAINS, SLOT_T);
    CHECK_ERROR(r, ERR_INVALID_ARGUMENT);
    CHECK_EQ(r.error.invalid_argument_number, 0);
    CHECK_ERROR(domain_set(1, 0x100 + 0, SLOT_T), ERR_INVALID_ARGUMENT);
    /* The domain is checked before the thread cap is looked for. */
    CHECK_ERROR(domain_set(1, NUM_DOMAINS, 0), ERR_INVALID_ARGUMENT);
    CHECK_EQ(hooks.sched_dequeue, 0);
}

TEST(domain_set_to_a_non_thread_cap_is_invalid_argument_1)
{
    result_t r = domain_set(1, 0, SLOT_EP);
    CHECK_ERROR(r, ERR_INVALID_ARGUMENT);
    CHECK_EQ(r.error.invalid_argument_number, 1);
}

TEST(domain_set_is_truncated_without_domain_or_thread)
{
    CHECK_ERROR(domain_set(0, 0, SLOT_T), ERR_TRUNCATED_MESSAGE);
    CHECK_ERROR(domain_set(1, 0, 0), ERR_TRUNCATED_MESSAGE);
}

TEST(domain_cap_has_only_set)
{
    word_t mrs[] = { 0 };
    CHECK_ERROR(invoke(SLOT_DOMAIN, TCBSuspend, 1, mrs, SLOT_T, 0, 0), ERR_ILLEGAL_OPERATION);
    CHECK_ERROR(invoke(SLOT_DOMAIN, InvalidInvocation, 1, mrs, SLOT_T, 0, 0),
                ERR_ILLEGAL_OPERATION);
}
