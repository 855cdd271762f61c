/*
 * The helpers of <keeltest.h>: failing a test, naming errors and caps,
 * allocating slots and objects from the test's own resources, mapping into
 * the root VSpace, and raw invocations for malformed messages.
 */
#include <stdarg.h>
#include <stdio.h>
#include "keeltest.h"

/* Each thread's own abort point: tests run in threads of their own and
 * may start more, each of which can fail a check. */
static __thread jmp_buf *thread_abort;

void test_set_abort(jmp_buf *abort)
{
    thread_abort = abort;
}

_Noreturn void test_fail_at(const char *file, int line, const char *fmt, ...)
{
    va_list ap;

    printf("    %s:%d: ", file, line);
    va_start(ap, fmt);
    vprintf(fmt, ap);
    va_end(ap);
    printf("\n");
    if (thread_abort == NULL) {
        printf("    (in a thread with no abort point: it stops here)\n");
        __builtin_trap(); /* a user exception, for its fault handler */
    }
    longjmp(*thread_abort, 1);
}

const char *error_name(seL4_Error e)
{
    static const char *const names[] = {
        [seL4_NoError] = "seL4_NoError",
        [seL4_InvalidArgument] = "seL4_InvalidArgument",
        [seL4_InvalidCapability] = "seL4_InvalidCapability",
        [seL4_IllegalOperation] = "seL4_IllegalOperation",
        [seL4_RangeError] = "seL4_RangeError",
        [seL4_AlignmentError] = "seL4_AlignmentError",
        [seL4_FailedLookup] = "seL4_FailedLookup",
        [seL4_TruncatedMessage] = "seL4_TruncatedMessage",
        [seL4_DeleteFirst] = "seL4_DeleteFirst",
        [seL4_RevokeFirst] = "seL4_RevokeFirst",
        [seL4_NotEnoughMemory] = "seL4_NotEnoughMemory",
    };
    if ((unsigned)e < sizeof(names) / sizeof(names[0])) {
        return names[e];
    }
    return "(not an seL4_Error)";
}

const char *cap_tag_name(seL4_Word tag)
{
    switch (tag) {
    case CAP_TAG_NULL:
        return "no cap";
    case CAP_TAG_SMALL_FRAME:
        return "a 4 KiB frame cap";
    case CAP_TAG_UNTYPED:
        return "an untyped cap";
    case CAP_TAG_FRAME:
        return "a large frame cap";
    case CAP_TAG_ENDPOINT:
        return "an endpoint cap";
    case CAP_TAG_ASID_POOL:
        return "an ASID pool cap";
    case CAP_TAG_NOTIFICATION:
        return "a notification cap";
    case CAP_TAG_PAGE_TABLE:
        return "a page table cap";
    case CAP_TAG_REPLY:
        return "a reply cap";
    case CAP_TAG_PAGE_DIRECTORY:
        return "a page directory cap";
    case CAP_TAG_CNODE:
        return "a CNode cap";
    case CAP_TAG_ASID_CONTROL:
        return "the ASID control cap";
    case CAP_TAG_THREAD:
        return "a TCB cap";
    case CAP_TAG_IRQ_CONTROL:
        return "the IRQ control cap";
    case CAP_TAG_IRQ_HANDLER:
        return "an IRQ handler cap";
    case CAP_TAG_ZOMBIE:
        return "a zombie cap";
    case CAP_TAG_DOMAIN:
        return "the domain cap";
    case CAP_TAG_SGI_SIGNAL:
        return "an SGI signal cap";
    default:
        return "a cap of an unknown tag";
    }
}

#ifdef CONFIG_DEBUG_BUILD
seL4_Word cap_tag(seL4_CPtr slot)
{
    return seL4_DebugCapIdentify(slot);
}

const char *cap_mismatch(seL4_CPtr slot, seL4_Word tag)
{
    static __thread char why[64];
    seL4_Word found = cap_tag(slot);

    if (found == tag) {
        return NULL;
    }
    snprintf(why, sizeof(why), "it holds %s (tag %u)", cap_tag_name(found), (unsigned)found);
    return why;
}
#else
const char *cap_mismatch(seL4_CPtr slot, seL4_Word tag)
{
    return cap_probe(slot, tag);
}
#endif

seL4_Word cap_tag_of_object(seL4_Word object_type)
{
    switch (object_type) {
    case seL4_UntypedObject:
        return CAP_TAG_UNTYPED;
    case seL4_TCBObject:
        return CAP_TAG_THREAD;
    case seL4_EndpointObject:
        return CAP_TAG_ENDPOINT;
    case seL4_NotificationObject:
        return CAP_TAG_NOTIFICATION;
    case seL4_CapTableObject:
        return CAP_TAG_CNODE;
    case seL4_ARM_PageDirectoryObject:
        return CAP_TAG_PAGE_DIRECTORY;
    case seL4_ARM_SmallPageObject:
        return CAP_TAG_SMALL_FRAME;
    case seL4_ARM_LargePageObject:
    case seL4_ARM_SectionObject:
    case seL4_ARM_SuperSectionObject:
        return CAP_TAG_FRAME;
    case seL4_ARM_PageTableObject:
        return CAP_TAG_PAGE_TABLE;
    default:
        return CAP_TAG_NULL;
    }
}

seL4_CPtr test_slots(struct test_env *env, seL4_Word n)
{
    if (n > env->slot_end - env->slot_next) {
        TEST_FAIL("the test needs more than its %u slots",
                  (unsigned)(env->slot_end - env->slot_first));
    }
    seL4_CPtr first = env->slot_next;
    env->slot_next += n;
    return first;
}

seL4_CPtr test_slot(struct test_env *env)
{
    return test_slots(env, 1);
}

seL4_CPtr test_retype_from(struct test_env *env, seL4_CPtr untyped, seL4_Word type,
                           seL4_Word size_bits)
{
    seL4_CPtr slot = test_slot(env);
    seL4_Error err = seL4_Untyped_Retype(untyped, type, size_bits, env->cnode, 0, 0, slot, 1);

    if (err != seL4_NoError) {
        TEST_FAIL("cannot retype object type %u (size bits %u) from untyped slot %u: %s",
                  (unsigned)type, (unsigned)size_bits, (unsigned)untyped, error_name(err));
    }
    return slot;
}

seL4_CPtr test_retype(struct test_env *env, seL4_Word type, seL4_Word size_bits)
{
    return test_retype_from(env, env->untyped, type, size_bits);
}

seL4_CPtr test_copy(struct test_env *env, seL4_CPtr src, seL4_CapRights_t rights)
{
    seL4_CPtr slot = test_slot(env);
    seL4_Error err = seL4_CNode_Copy(env->cnode, slot, ROOT_DEPTH, env->cnode, src, ROOT_DEPTH,
                                     rights);
    if (err != seL4_NoError) {
        TEST_FAIL("cannot copy the cap in slot %u: %s", (unsigned)src, error_name(err));
    }
    return slot;
}

seL4_CPtr test_mint(struct test_env *env, seL4_CPtr src, seL4_CapRights_t rights,
                    seL4_Word badge)
{
    seL4_CPtr slot = test_slot(env);
    seL4_Error err = seL4_CNode_Mint(env->cnode, slot, ROOT_DEPTH, env->cnode, src, ROOT_DEPTH,
                                     rights, badge);
    if (err != seL4_NoError) {
        TEST_FAIL("cannot mint the cap in slot %u: %s", (unsigned)src, error_name(err));
    }
    return slot;
}

/* Whether [paddr, paddr + 2^bits) overlaps a RAM untyped of BootInfo. */
static bool overlaps_ram(const seL4_BootInfo *bi, uint64_t base, unsigned bits)
{
    uint64_t end = base + ((uint64_t)1 << bits);
    for (seL4_Word i = 0; i < bi->untyped.end - bi->untyped.start; i++) {
        const seL4_UntypedDesc *u = &bi->untypedList[i];
        uint64_t u_end = (uint64_t)u->paddr + ((uint64_t)1 << u->sizeBits);
        if (!u->isDevice && base < u_end && u->paddr < end) {
            return true;
        }
    }
    return false;
}

seL4_CPtr test_find_device_untyped(struct test_env *env, unsigned bits, seL4_Word *index)
{
    const seL4_BootInfo *bi = env->bootinfo;
    for (seL4_Word i = 0; i < bi->untyped.end - bi->untyped.start; i++) {
        const seL4_UntypedDesc *u = &bi->untypedList[i];
        if (u->isDevice && u->sizeBits >= bits && !overlaps_ram(bi, u->paddr, u->sizeBits)) {
            *index = i;
            return bi->untyped.start + i;
        }
    }
    TEST_FAIL("BootInfo lists no device untyped of 2^%u bytes", bits);
}

seL4_CPtr test_device_frame_at(struct test_env *env, seL4_Word paddr)
{
    const seL4_BootInfo *bi = env->bootinfo;
    for (seL4_Word i = 0; i < bi->untyped.end - bi->untyped.start; i++) {
        const seL4_UntypedDesc *u = &bi->untypedList[i];
        uint64_t offset = (uint64_t)paddr - u->paddr;
        if (!u->isDevice || paddr < u->paddr || offset >= ((uint64_t)1 << u->sizeBits)) {
            continue;
        }
        /* Retype allocates from the untyped's start upwards, each object
         * aligned to its size: padding untypeds of decreasing sizes (the
         * set bits of offset) bring the next object to exactly paddr. */
        seL4_CPtr ut = bi->untyped.start + i;
        for (int bit = u->sizeBits - 1; bit >= seL4_PageBits; bit--) {
            if (offset & ((uint64_t)1 << bit)) {
                test_retype_from(env, ut, seL4_UntypedObject, bit);
            }
        }
        return test_retype_from(env, ut, seL4_ARM_SmallPageObject, 0);
    }
    TEST_FAIL("no device untyped covers physical address 0x%" SEL4_PRIx_word, paddr);
}

seL4_Word test_vaddr(struct test_env *env, seL4_Word offset)
{
    if (offset >= env->vaddr_size) {
        TEST_FAIL("offset 0x%" SEL4_PRIx_word " is outside the test's virtual range", offset);
    }
    return env->vaddr + offset;
}

seL4_CPtr test_map_page_table(struct test_env *env, seL4_Word vaddr)
{
    seL4_CPtr pt = test_retype(env, seL4_ARM_PageTableObject, 0);
    seL4_Error err = seL4_ARM_PageTable_Map(pt, seL4_CapInitThreadVSpace, vaddr,
                                            seL4_ARM_Default_VMAttributes);
    if (err != seL4_NoError) {
        TEST_FAIL("cannot map a page table at 0x%" SEL4_PRIx_word ": %s", vaddr, error_name(err));
    }
    return pt;
}

void test_map_frame(struct test_env *env, seL4_CPtr frame, seL4_Word vaddr)
{
    seL4_Error err = seL4_ARM_Page_Map(frame, seL4_CapInitThreadVSpace, vaddr, seL4_ReadWrite,
                                       seL4_ARM_Default_VMAttributes);
    if (err == seL4_FailedLookup) {
        /* 4 KiB and 64 KiB frames live in a page table: add one */
        test_map_page_table(env, vaddr);
        err = seL4_ARM_Page_Map(frame, seL4_CapInitThreadVSpace, vaddr, seL4_ReadWrite,
                                seL4_ARM_Default_VMAttributes);
    }
    if (err != seL4_NoError) {
        TEST_FAIL("cannot map frame slot %u at 0x%" SEL4_PRIx_word ": %s", (unsigned)frame,
                  vaddr, error_name(err));
    }
}

seL4_Word frame_paddr(seL4_CPtr frame)
{
    seL4_ARM_Page_GetAddress_t r = seL4_ARM_Page_GetAddress(frame);
    if (r.error != seL4_NoError) {
        TEST_FAIL("Page_GetAddress of slot %u: %s", (unsigned)frame,
                  error_name((seL4_Error)r.error));
    }
    return r.paddr;
}

seL4_CPtr test_assigned_page_directory(struct test_env *env)
{
    seL4_CPtr pd = test_retype(env, seL4_ARM_PageDirectoryObject, 0);
    seL4_Error err = seL4_ARM_ASIDPool_Assign(seL4_CapInitThreadASIDPool, pd);
    if (err != seL4_NoError) {
        TEST_FAIL("cannot assign an ASID to a new page directory: %s", error_name(err));
    }
    return pd;
}

seL4_Error raw_invoke(seL4_CPtr cap, seL4_Word label, seL4_Word length, const seL4_Word *mrs,
                      seL4_Word n_caps, const seL4_CPtr *caps)
{
    for (seL4_Word i = 0; i < length; i++) {
        seL4_SetMR(i, mrs[i]);
    }
    for (seL4_Word i = 0; i < n_caps; i++) {
        seL4_SetCap(i, caps[i]);
    }
    seL4_MessageInfo_t reply = seL4_Call(cap, seL4_MessageInfo_new(label, 0, n_caps, length));
    return (seL4_Error)seL4_MessageInfo_get_label(reply);
}
