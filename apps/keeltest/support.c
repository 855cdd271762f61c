/*
 * The helpers of <keeltest.h>: failing a test, naming errors and caps,
 * allocating slots and objects from the test's own resources (a rootlib
 * allocator over them, so rootlib's mapping, device-frame and thread code
 * works on them too), and raw invocations for malformed messages.
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

/* The next n slots of the window, in order (never reused: the driver
 * empties the whole window after the test). */
static seL4_Error next_slots(struct test_env *env, seL4_Word n, seL4_CPtr *first)
{
    if (n > env->slot_end - env->slot_next) {
        return seL4_NotEnoughMemory;
    }
    *first = env->slot_next;
    env->slot_next += n;
    return seL4_NoError;
}

seL4_CPtr test_slots(struct test_env *env, seL4_Word n)
{
    seL4_CPtr first;
    if (next_slots(env, n, &first) != seL4_NoError) {
        TEST_FAIL("the test needs more than its %u slots",
                  (unsigned)(env->slot_end - env->slot_first));
    }
    return first;
}

seL4_CPtr test_slot(struct test_env *env)
{
    return test_slots(env, 1);
}

/* One object from `untyped` into the next slot of the window (used up
 * even if the kernel refuses). */
static seL4_Error retype_into_next_slot(struct test_env *env, seL4_CPtr untyped, seL4_Word type,
                                        seL4_Word size_bits, seL4_CPtr *slot)
{
    seL4_Error err = next_slots(env, 1, slot);
    if (err != seL4_NoError) {
        return err;
    }
    return seL4_Untyped_Retype(untyped, type, size_bits, env->cnode, 0, 0, *slot, 1);
}

seL4_CPtr test_retype_from(struct test_env *env, seL4_CPtr untyped, seL4_Word type,
                           seL4_Word size_bits)
{
    seL4_CPtr slot;
    seL4_Error err = retype_into_next_slot(env, untyped, type, size_bits, &slot);

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

/* ---- The test's resources as a rootlib allocator ---- */

static seL4_Error lib_slot_alloc(struct rootlib_env *lib, seL4_CPtr *slot)
{
    return next_slots(lib->allocator_ctx, 1, slot);
}

static seL4_Error lib_object_alloc(struct rootlib_env *lib, seL4_Word type, seL4_Word size_bits,
                                   seL4_CPtr *cap)
{
    struct test_env *env = lib->allocator_ctx;
    return retype_into_next_slot(env, env->untyped, type, size_bits, cap);
}

/* From the BootInfo device untyped that covers paddr, taken to be unused
 * (the driver revokes whatever a test made from it). */
static seL4_Error lib_device_frame_alloc(struct rootlib_env *lib, seL4_Word paddr, seL4_CPtr *frame)
{
    const seL4_BootInfo *bi = lib->bi;
    for (seL4_Word i = 0; i < bi->untyped.end - bi->untyped.start; i++) {
        const seL4_UntypedDesc *d = &bi->untypedList[i];
        if (d->isDevice && paddr >= d->paddr &&
            (uint64_t)paddr - d->paddr < ((uint64_t)1 << d->sizeBits)) {
            struct rootlib_untyped u = {
                .cptr = bi->untyped.start + i,
                .paddr = d->paddr,
                .size_bits = d->sizeBits,
                .is_device = true,
            };
            return rootlib_device_frame_from(lib, &u, paddr, frame);
        }
    }
    return seL4_RangeError;
}

static const struct rootlib_allocator test_allocator = {
    .slot_alloc = lib_slot_alloc,
    .slot_free = NULL,
    .object_alloc = lib_object_alloc,
    .device_frame_alloc = lib_device_frame_alloc,
};

void test_env_use_range(struct test_env *env, seL4_Word vaddr, seL4_Word size)
{
    env->vaddr = vaddr;
    env->vaddr_size = size;
    rootlib_vregion_init(&env->lib.vregion, vaddr + size - size / 4, vaddr + size);
}

void test_env_init_lib(struct test_env *env)
{
    rootlib_env_init_with(&env->lib, env->bootinfo, &test_allocator, env);
    env->lib.cnode = env->cnode;
    test_env_use_range(env, env->vaddr, env->vaddr_size);
}

struct rootlib_env *test_lib(struct test_env *env)
{
    env->lib.allocator_ctx = env;
    env->lib.tcb = env->tcb;
    return &env->lib;
}

seL4_CPtr test_copy(struct test_env *env, seL4_CPtr src, seL4_CapRights_t rights)
{
    seL4_CPtr slot = test_slot(env);
    seL4_Error err =
        seL4_CNode_Copy(env->cnode, slot, ROOT_DEPTH, env->cnode, src, ROOT_DEPTH, rights);
    if (err != seL4_NoError) {
        TEST_FAIL("cannot copy the cap in slot %u: %s", (unsigned)src, error_name(err));
    }
    return slot;
}

seL4_CPtr test_mint(struct test_env *env, seL4_CPtr src, seL4_CapRights_t rights, seL4_Word badge)
{
    seL4_CPtr slot;
    seL4_Error err = rootlib_mint(test_lib(env), src, rights, badge, &slot);
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
    seL4_CPtr frame;
    seL4_Error err = rootlib_alloc_device_frame(test_lib(env), paddr, &frame);
    if (err != seL4_NoError) {
        TEST_FAIL("no device frame at physical address 0x%" SEL4_PRIx_word ": %s", paddr,
                  error_name(err));
    }
    return frame;
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
    seL4_CPtr pt;
    seL4_Error err = rootlib_map_page_table(test_lib(env), seL4_CapInitThreadVSpace, vaddr, &pt);
    if (err != seL4_NoError) {
        TEST_FAIL("cannot map a page table at 0x%" SEL4_PRIx_word ": %s", vaddr, error_name(err));
    }
    return pt;
}

void test_map_frame(struct test_env *env, seL4_CPtr frame, seL4_Word vaddr)
{
    seL4_Error err = rootlib_map_frame_in(test_lib(env), seL4_CapInitThreadVSpace, frame, vaddr,
                                          seL4_ReadWrite, seL4_ARM_Default_VMAttributes);
    if (err != seL4_NoError) {
        TEST_FAIL("cannot map frame slot %u at 0x%" SEL4_PRIx_word ": %s", (unsigned)frame, vaddr,
                  error_name(err));
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
    seL4_CPtr pd;
    seL4_Error err = rootlib_alloc_vspace(test_lib(env), &pd);
    if (err != seL4_NoError) {
        TEST_FAIL("cannot make a page directory with an ASID: %s", error_name(err));
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
