/*
 * The TCB tests' starting world and invocation helper (tcb_fixture.h). The
 * root thread is the current one and the invoker.
 */
#include "tcb_fixture.h"

word_t reply[MSG_MAX_LENGTH];
word_t reply_length;

static void make(word_t untyped, word_t type, word_t size, word_t index)
{
    CHECK_OK(do_retype(untyped, type, size, index, 1));
}

static void tcb_fixture_setup(void)
{
    ks_cur_thread = root_tcb();
    make(SLOT_UNTYPED, OBJ_TCB, 0, SLOT_T);
    make(SLOT_UNTYPED, OBJ_TCB, 0, SLOT_T2);
    make(SLOT_UNTYPED, OBJ_ENDPOINT, 0, SLOT_EP);
    make(SLOT_UNTYPED, OBJ_NOTIFICATION, 0, SLOT_NTFN);
    make(SLOT_UNTYPED, OBJ_CNODE, CN_RADIX, SLOT_CN);
    make(SLOT_UNTYPED, OBJ_ARM_PAGE_DIRECTORY, 0, SLOT_PD);
    make(SLOT_UNTYPED, OBJ_ARM_SMALL_PAGE, 0, SLOT_FRAME);
    make(SLOT_DEVICE_UNTYPED, OBJ_ARM_SMALL_PAGE, 0, SLOT_DEV_FRAME);
    /* As if assigned ASID 1 by an ASID pool (not under test here). */
    cap_t pd = slot(SLOT_PD)->cap;
    slot(SLOT_PD)->cap = cap_page_directory_set_asid(cap_page_directory_set_is_mapped(pd, 1), 1);
    mdb_insert_root(slot(SLOT_DOMAIN), cap_domain_new());
    reply_length = 0;
}

__attribute__((constructor)) static void tcb_fixture_install(void)
{
    fixture_extra_setup = tcb_fixture_setup;
}

result_t invoke(word_t index, word_t label, word_t length, const word_t *mrs, word_t extra0,
                word_t extra1, word_t extra2)
{
    invocation_args_t args = { .label = label,
                               .length = length,
                               .mrs = mrs,
                               .thread = root_tcb(),
                               .reply_mrs = reply,
                               .reply_length = &reply_length };
    word_t extras[] = { extra0, extra1, extra2 };
    for (word_t i = 0; i < MAX_EXTRA_CAPS && extras[i] != 0; i++) {
        args.extra_caps[i] = slot(extras[i]);
    }
    reply_length = 0;
    result_t r = decode_invocation(&args, slot(index), slot(index)->cap);
    check_cdt();
    return r;
}

void make_running(tcb_t *tcb)
{
    tcb->state = THREAD_RUNNING;
}
