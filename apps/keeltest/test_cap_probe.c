/*
 * keeltest: the cap probe of release builds (cap_probe.c), checked in every
 * build against caps whose kind the test knows: each is recognised as what
 * it is, and as nothing else except where keeltest.h says the probe cannot
 * tell (an endpoint from a notification, a reply cap from other caps that
 * cannot be copied, an SGI signal cap from other caps that can). Debug
 * builds check the known kinds against seL4_DebugCapIdentify too.
 */
#include <stdint.h>
#include "keeltest.h"

#define BIT_OF(tag) ((uint64_t)1 << (tag))

static const seL4_Word all_tags[] = {
    CAP_TAG_NULL,     CAP_TAG_SMALL_FRAME,    CAP_TAG_UNTYPED,      CAP_TAG_FRAME,
    CAP_TAG_ENDPOINT, CAP_TAG_ASID_POOL,      CAP_TAG_NOTIFICATION, CAP_TAG_PAGE_TABLE,
    CAP_TAG_REPLY,    CAP_TAG_PAGE_DIRECTORY, CAP_TAG_CNODE,        CAP_TAG_ASID_CONTROL,
    CAP_TAG_THREAD,   CAP_TAG_IRQ_CONTROL,    CAP_TAG_IRQ_HANDLER,  CAP_TAG_ZOMBIE,
    CAP_TAG_DOMAIN,   CAP_TAG_SGI_SIGNAL,
};

/* What the probe cannot rule out for a cap that can, or cannot, be copied. */
#define COPYABLE_ALSO BIT_OF(CAP_TAG_SGI_SIGNAL)
#define UNCOPYABLE_ALSO (BIT_OF(CAP_TAG_REPLY) | BIT_OF(CAP_TAG_ZOMBIE))
/* Probes that invoke the cap itself when it cannot be copied: not for a
 * reply cap, which they would use up. Probes that invoke a copy: not for an
 * SGI signal cap, which they would send. */
#define INVOKES_UNCOPYABLE \
    (BIT_OF(CAP_TAG_PAGE_TABLE) | BIT_OF(CAP_TAG_PAGE_DIRECTORY) | BIT_OF(CAP_TAG_IRQ_CONTROL))
#define INVOKES_COPY                                                                       \
    (BIT_OF(CAP_TAG_SMALL_FRAME) | BIT_OF(CAP_TAG_UNTYPED) | BIT_OF(CAP_TAG_FRAME) |       \
     BIT_OF(CAP_TAG_ENDPOINT) | BIT_OF(CAP_TAG_ASID_POOL) | BIT_OF(CAP_TAG_NOTIFICATION) | \
     BIT_OF(CAP_TAG_PAGE_TABLE) | BIT_OF(CAP_TAG_PAGE_DIRECTORY) | BIT_OF(CAP_TAG_CNODE) | \
     BIT_OF(CAP_TAG_ASID_CONTROL) | BIT_OF(CAP_TAG_THREAD) | BIT_OF(CAP_TAG_IRQ_HANDLER) | \
     BIT_OF(CAP_TAG_DOMAIN))

/* Probes slot for every tag: it must match `tag` and the tags in `also`,
 * and no other; tags in `skip` are not probed. */
static void check_probes(seL4_CPtr slot, seL4_Word tag, uint64_t also, uint64_t skip)
{
#ifdef CONFIG_DEBUG_BUILD
    CHECK_EQ(cap_tag(slot), tag);
#endif
    for (unsigned i = 0; i < sizeof(all_tags) / sizeof(all_tags[0]); i++) {
        seL4_Word t = all_tags[i];
        if (skip & BIT_OF(t)) {
            continue;
        }
        const char *why = cap_probe(slot, t);
        bool should_match = t == tag || (also & BIT_OF(t)) != 0;
        if (should_match && why != NULL) {
            TEST_FAIL("slot %u holds %s, but the probe for %s says: %s", (unsigned)slot,
                      cap_tag_name(tag), cap_tag_name(t), why);
        }
        if (!should_match && why == NULL) {
            TEST_FAIL("slot %u holds %s, but the probe takes it for %s", (unsigned)slot,
                      cap_tag_name(tag), cap_tag_name(t));
        }
    }
}

static void check_copyable(seL4_CPtr slot, seL4_Word tag, uint64_t also)
{
    check_probes(slot, tag, also | COPYABLE_ALSO, 0);
}

static void check_uncopyable(seL4_CPtr slot, seL4_Word tag)
{
    check_probes(slot, tag, UNCOPYABLE_ALSO, 0);
}

KEEL_TEST(cap_probe_tells_each_kind_of_cap_by_what_it_answers,
          "the release builds' cap probe recognises a cap of each kind, empty slots, and "
          "nothing else beyond what it documents it cannot tell apart")
{
    check_probes(test_slot(env), CAP_TAG_NULL, 0, 0);
    seL4_CPtr ep = test_retype(env, seL4_EndpointObject, 0);
    seL4_CPtr ntfn = test_retype(env, seL4_NotificationObject, 0);
    check_copyable(ep, CAP_TAG_ENDPOINT, BIT_OF(CAP_TAG_NOTIFICATION));
    check_copyable(ntfn, CAP_TAG_NOTIFICATION, BIT_OF(CAP_TAG_ENDPOINT));
    /* badged ones too, which cannot be minted again */
    check_copyable(test_mint(env, ep, seL4_AllRights, 5), CAP_TAG_ENDPOINT,
                   BIT_OF(CAP_TAG_NOTIFICATION));
    check_copyable(test_mint(env, ntfn, seL4_AllRights, 5), CAP_TAG_NOTIFICATION,
                   BIT_OF(CAP_TAG_ENDPOINT));
    check_copyable(test_retype(env, seL4_CapTableObject, 2), CAP_TAG_CNODE, 0);
    check_copyable(test_retype(env, seL4_TCBObject, 0), CAP_TAG_THREAD, 0);
    check_copyable(test_retype(env, seL4_ARM_SmallPageObject, 0), CAP_TAG_SMALL_FRAME, 0);
    check_copyable(test_retype(env, seL4_ARM_LargePageObject, 0), CAP_TAG_FRAME, 0);
    check_copyable(test_untyped(env, seL4_MinUntypedBits), CAP_TAG_UNTYPED, 0);
    /* An untyped with children (the test's own, after the retypes above)
     * cannot be copied: RevokeFirst, which only an untyped gives. */
    check_probes(env->untyped, CAP_TAG_UNTYPED, 0, 0);

    /* Page tables and directories can be copied once mapped. */
    check_uncopyable(test_retype(env, seL4_ARM_PageTableObject, 0), CAP_TAG_PAGE_TABLE);
    check_copyable(test_map_page_table(env, test_vaddr(env, 0)), CAP_TAG_PAGE_TABLE, 0);
    check_uncopyable(test_retype(env, seL4_ARM_PageDirectoryObject, 0), CAP_TAG_PAGE_DIRECTORY);
    check_copyable(test_assigned_page_directory(env), CAP_TAG_PAGE_DIRECTORY, 0);

    check_copyable(seL4_CapInitThreadVSpace, CAP_TAG_PAGE_DIRECTORY, 0);
    check_copyable(seL4_CapInitThreadASIDPool, CAP_TAG_ASID_POOL, 0);
    check_copyable(seL4_CapASIDControl, CAP_TAG_ASID_CONTROL, 0);
    check_copyable(seL4_CapDomain, CAP_TAG_DOMAIN, 0);
    check_uncopyable(seL4_CapIRQControl, CAP_TAG_IRQ_CONTROL);
}

/* A line no device of QEMU virt raises unasked: the PL031 RTC's (SPI 2). */
#define QUIET_IRQ 34u

#ifndef CONFIG_ENABLE_SMP_SUPPORT /* no SGI signal caps in seL4's SMP ABI */
KEEL_TEST(cap_probe_tells_irq_handler_and_sgi_signal_caps,
          "the cap probe recognises an IRQ handler cap and an SGI signal cap without "
          "invoking them (which would acknowledge an interrupt or send an SGI)")
{
    seL4_CPtr handler = test_slot(env);
    CHECK_OK(seL4_IRQControl_Get(seL4_CapIRQControl, QUIET_IRQ, env->cnode, handler, ROOT_DEPTH));
    check_copyable(handler, CAP_TAG_IRQ_HANDLER, 0);

    seL4_CPtr sgi = test_slot(env);
    CHECK_OK(seL4_IRQControl_IssueSGISignal(seL4_CapIRQControl, 3, 0, env->cnode, sgi, ROOT_DEPTH));
    check_probes(sgi, CAP_TAG_SGI_SIGNAL, 0, INVOKES_COPY);
}
#endif

/* A thread that calls ep, so that the test can save its reply cap. */
static void caller_calls(seL4_Word ep, seL4_Word done)
{
    seL4_Call(ep, seL4_MessageInfo_new(0, 0, 0, 0));
    *(volatile seL4_Word *)done = 1;
}

KEEL_TEST(cap_probe_tells_a_reply_cap_without_replying,
          "the cap probe recognises a saved reply cap as a cap that cannot be copied, "
          "without using it up: the caller is still waiting afterwards")
{
    static volatile seL4_Word done;
    struct test_thread t;
    seL4_CPtr ep = test_retype(env, seL4_EndpointObject, 0);
    done = 0;
    test_thread_new(env, &t, env->priority, env->fault_ep);
    test_thread_start(&t, caller_calls, ep, (seL4_Word)&done);
    seL4_Word badge;
    seL4_Recv(ep, &badge);
    seL4_CPtr reply = test_slot(env);
    CHECK_OK(seL4_CNode_SaveCaller(env->cnode, reply, ROOT_DEPTH));

    check_probes(reply, CAP_TAG_REPLY, BIT_OF(CAP_TAG_ZOMBIE), INVOKES_UNCOPYABLE);
    seL4_Yield();
    CHECK_EQ(done, 0);
    seL4_Send(reply, seL4_MessageInfo_new(0, 0, 0, 0));
    CHECK(slot_is_empty(reply));
    seL4_Yield();
    CHECK_EQ(done, 1);
}

KEEL_TEST(cap_probe_leaves_the_message_registers_alone,
          "a probe, which makes invocations of its own, leaves the caller's message "
          "registers and extra-cap slots as they were")
{
    seL4_CPtr ep = test_retype(env, seL4_EndpointObject, 0);
    for (seL4_Word i = 0; i < seL4_MsgMaxLength; i++) {
        seL4_SetMR(i, 0x1000 + i);
    }
    seL4_SetCap(0, 0x77);
    CHECK(cap_probe(ep, CAP_TAG_ENDPOINT) == NULL);
    CHECK(cap_probe(ep, CAP_TAG_THREAD) != NULL);
    for (seL4_Word i = 0; i < seL4_MsgMaxLength; i++) {
        CHECK_EQ(seL4_GetMR(i), 0x1000 + i);
    }
    CHECK_EQ(seL4_GetIPCBuffer()->caps_or_badges[0], 0x77);
}
