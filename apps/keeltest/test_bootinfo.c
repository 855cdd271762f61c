/*
 * Tests of what the kernel hands the root task at boot: the seL4_BootInfo
 * frame and its extra records, the initial caps in their documented slots
 * (seL4 manual, "Root task" and "BootInfo"), the slot regions, and the
 * untyped list.
 */
#include <stddef.h>
#include <string.h>
#include "fdt.h"
#include "keeltest.h"

/* From the runtime's linker script: the image's first and past-the-end
 * (page-rounded) addresses. */
extern char __executable_start[], _end[];

#define PAGE_SIZE ((seL4_Word)1 << seL4_PageBits)

static seL4_Word region_size(seL4_SlotRegion r)
{
    return r.end - r.start;
}

static seL4_Word untyped_count(const seL4_BootInfo *bi)
{
    return region_size(bi->untyped);
}

static uint64_t untyped_end(const seL4_UntypedDesc *u)
{
    return (uint64_t)u->paddr + ((uint64_t)1 << u->sizeBits);
}

/* The extra BootInfo record with this id, or NULL; *len is its payload. */
static const void *bootinfo_record(const seL4_BootInfo *bi, seL4_Word id, seL4_Word *len)
{
    const char *extra = (const char *)bi + seL4_BootInfoFrameSize;
    seL4_Word at = 0;

    while (at + sizeof(seL4_BootInfoHeader) <= bi->extraLen) {
        const seL4_BootInfoHeader *h = (const void *)(extra + at);
        if (h->len < sizeof(*h) || h->len > bi->extraLen - at) {
            return NULL; /* malformed: the walk cannot go on */
        }
        if (h->id == id) {
            *len = h->len - sizeof(*h);
            return h + 1;
        }
        at += h->len;
    }
    return NULL;
}

/* RAM as the device tree the kernel passed on describes it. */
static struct fdt_reg dtb_memory(struct test_env *env)
{
    seL4_Word len;
    const void *fdt = bootinfo_record(env->bootinfo, SEL4_BOOTINFO_HEADER_FDT, &len);
    const char *why;
    struct fdt_reg mem;

    if (fdt == NULL || !fdt_check(fdt, len, &why)) {
        TEST_FAIL("no usable device tree in the BootInfo");
    }
    if (!fdt_find_reg(fdt, "device_type", "memory", &mem)) {
        TEST_FAIL("the device tree has no memory node");
    }
    return mem;
}

KEEL_TEST(bootinfo_ipc_buffer_and_frame_follow_the_image,
          "the IPC buffer is the page after the user image and the BootInfo frame the next")
{
    seL4_Word image_end = (seL4_Word)_end;
    CHECK_EQ(image_end % PAGE_SIZE, 0);
    CHECK_EQ((seL4_Word)env->bootinfo->ipcBuffer, image_end);
    CHECK_EQ((seL4_Word)env->bootinfo, image_end + PAGE_SIZE);
    CHECK_EQ((seL4_Word)env->root_ipc_buffer, image_end);
}

KEEL_TEST(bootinfo_describes_one_node_and_domain,
          "nodeID 0 of 1 node, no IOMMU page-table levels, domain 0, 2^13-slot root CNode")
{
    const seL4_BootInfo *bi = env->bootinfo;
    CHECK_EQ(bi->nodeID, 0);
    CHECK_EQ(bi->numNodes, CONFIG_MAX_NUM_NODES);
    CHECK_EQ(bi->numIOPTLevels, 0);
    CHECK_EQ(bi->initThreadDomain, 0);
    CHECK_EQ(bi->initThreadCNodeSizeBits, CONFIG_ROOT_CNODE_SIZE_BITS);
}

KEEL_TEST(bootinfo_slot_regions_are_disjoint_and_inside_the_cnode,
          "every BootInfo slot region lies after the initial caps, inside the CNode, disjoint")
{
    const seL4_BootInfo *bi = env->bootinfo;
    const seL4_SlotRegion regions[] = {
        bi->empty,       bi->sharedFrames, bi->userImageFrames, bi->userImagePaging,
        bi->ioSpaceCaps, bi->extraBIPages, bi->untyped,
    };
    const seL4_Word n = sizeof(regions) / sizeof(regions[0]);
    const seL4_Word slots = (seL4_Word)1 << bi->initThreadCNodeSizeBits;

    for (seL4_Word i = 0; i < n; i++) {
        CHECK(regions[i].start <= regions[i].end);
        CHECK(regions[i].end <= slots);
        if (region_size(regions[i]) != 0) {
            CHECK(regions[i].start >= seL4_NumInitialCaps);
        }
        for (seL4_Word j = 0; j < i; j++) {
            bool disjoint =
                regions[i].end <= regions[j].start || regions[j].end <= regions[i].start;
            if (region_size(regions[i]) != 0 && region_size(regions[j]) != 0 && !disjoint) {
                TEST_FAIL("slot regions %u and %u overlap", (unsigned)i, (unsigned)j);
            }
        }
    }
    /* seL4 hands the root task every slot after the last one it filled */
    CHECK_EQ(bi->empty.end, slots);
    CHECK_EQ(region_size(bi->sharedFrames), 0);
    CHECK_EQ(region_size(bi->ioSpaceCaps), 0);
}

KEEL_TEST(bootinfo_initial_caps_are_in_their_documented_slots,
          "slots 1-15 hold the initial caps seL4 documents (or nothing, for absent features)")
{
    static const struct {
        seL4_CPtr slot;
        seL4_Word tag;
    } expected[] = {
        { seL4_CapNull, CAP_TAG_NULL },
        { seL4_CapInitThreadTCB, CAP_TAG_THREAD },
        { seL4_CapInitThreadCNode, CAP_TAG_CNODE },
        { seL4_CapInitThreadVSpace, CAP_TAG_PAGE_DIRECTORY },
        { seL4_CapIRQControl, CAP_TAG_IRQ_CONTROL },
        { seL4_CapASIDControl, CAP_TAG_ASID_CONTROL },
        { seL4_CapInitThreadASIDPool, CAP_TAG_ASID_POOL },
        { seL4_CapIOPortControl, CAP_TAG_NULL }, /* x86 only */
        { seL4_CapIOSpace, CAP_TAG_NULL },       /* no IOMMU */
        { seL4_CapBootInfoFrame, CAP_TAG_SMALL_FRAME },
        { seL4_CapInitThreadIPCBuffer, CAP_TAG_SMALL_FRAME },
        { seL4_CapDomain, CAP_TAG_DOMAIN },
        { seL4_CapSMMUSIDControl, CAP_TAG_NULL },
        { seL4_CapSMMUCBControl, CAP_TAG_NULL },
        { seL4_CapInitThreadSC, CAP_TAG_NULL }, /* MCS only */
        { seL4_CapSMC, CAP_TAG_NULL },          /* aarch64 only */
    };
    for (unsigned i = 0; i < sizeof(expected) / sizeof(expected[0]); i++) {
        CHECK_CAP(expected[i].slot, expected[i].tag);
    }
}

KEEL_TEST(bootinfo_empty_region_is_empty,
          "no slot of the BootInfo's empty region holds a cap (beyond those the suite uses)")
{
    for (seL4_CPtr slot = env->slot_first; slot < env->slot_end; slot++) {
        CHECK_CAP(slot, CAP_TAG_NULL);
    }
    for (seL4_CPtr slot = env->suite_slots_end; slot < env->bootinfo->empty.end; slot++) {
        const char *why = cap_mismatch(slot, CAP_TAG_NULL);
        if (why != NULL) {
            TEST_FAIL("slot %u of the empty region is not empty: %s", (unsigned)slot, why);
        }
    }
}

KEEL_TEST(bootinfo_untyped_region_holds_untyped_caps,
          "every slot of the untyped region holds an untyped cap, one per untypedList entry")
{
    const seL4_BootInfo *bi = env->bootinfo;
    CHECK(untyped_count(bi) >= 1);
    CHECK(untyped_count(bi) <= CONFIG_MAX_NUM_BOOTINFO_UNTYPED_CAPS);
    for (seL4_CPtr slot = bi->untyped.start; slot < bi->untyped.end; slot++) {
        CHECK_CAP(slot, CAP_TAG_UNTYPED);
    }
}

KEEL_TEST(bootinfo_user_image_frames_cover_the_image,
          "userImageFrames holds one 4 KiB frame cap per page of the root task's image")
{
    const seL4_BootInfo *bi = env->bootinfo;
    seL4_Word pages =
        ((seL4_Word)_end - ((seL4_Word)__executable_start & ~(PAGE_SIZE - 1))) / PAGE_SIZE;
    CHECK_EQ(region_size(bi->userImageFrames), pages);
    for (seL4_CPtr slot = bi->userImageFrames.start; slot < bi->userImageFrames.end; slot++) {
        CHECK_CAP(slot, CAP_TAG_SMALL_FRAME);
    }
}

KEEL_TEST(bootinfo_user_image_paging_holds_page_tables,
          "userImagePaging holds the page tables that map the image (at least one)")
{
    const seL4_BootInfo *bi = env->bootinfo;
    CHECK(region_size(bi->userImagePaging) >= 1);
    for (seL4_CPtr slot = bi->userImagePaging.start; slot < bi->userImagePaging.end; slot++) {
        CHECK_CAP(slot, CAP_TAG_PAGE_TABLE);
    }
}

KEEL_TEST(bootinfo_user_image_frames_are_contiguous_and_not_untyped,
          "the image's frames are physically consecutive and no untyped covers them")
{
    const seL4_BootInfo *bi = env->bootinfo;
    seL4_Word first = frame_paddr(bi->userImageFrames.start);
    for (seL4_CPtr slot = bi->userImageFrames.start; slot < bi->userImageFrames.end; slot++) {
        seL4_Word paddr = frame_paddr(slot);
        CHECK_EQ(paddr, first + (slot - bi->userImageFrames.start) * PAGE_SIZE);
        for (seL4_Word i = 0; i < untyped_count(bi); i++) {
            const seL4_UntypedDesc *u = &bi->untypedList[i];
            if (paddr >= u->paddr && paddr < untyped_end(u)) {
                TEST_FAIL("image frame at 0x%" SEL4_PRIx_word " lies in untyped %u", paddr,
                          (unsigned)i);
            }
        }
    }
}

KEEL_TEST(bootinfo_untyped_descriptors_are_sane,
          "each untyped is 2^4..2^29 bytes, aligned to its size, padding zero, below 4 GiB")
{
    const seL4_BootInfo *bi = env->bootinfo;
    for (seL4_Word i = 0; i < untyped_count(bi); i++) {
        const seL4_UntypedDesc *u = &bi->untypedList[i];
        if (u->sizeBits < seL4_MinUntypedBits || u->sizeBits > seL4_MaxUntypedBits) {
            TEST_FAIL("untyped %u has size bits %u", (unsigned)i, u->sizeBits);
        }
        if (u->paddr & (((seL4_Word)1 << u->sizeBits) - 1)) {
            TEST_FAIL("untyped %u at 0x%" SEL4_PRIx_word " is not aligned to 2^%u", (unsigned)i,
                      u->paddr, u->sizeBits);
        }
        CHECK(untyped_end(u) <= ((uint64_t)1 << 32));
        CHECK(u->isDevice == 0 || u->isDevice == 1);
        for (unsigned b = 0; b < sizeof(u->padding); b++) {
            CHECK_EQ(u->padding[b], 0);
        }
    }
}

KEEL_TEST(bootinfo_untypeds_do_not_overlap, "no two untypeds of the BootInfo share a byte")
{
    const seL4_BootInfo *bi = env->bootinfo;
    for (seL4_Word i = 0; i < untyped_count(bi); i++) {
        const seL4_UntypedDesc *a = &bi->untypedList[i];
        for (seL4_Word j = 0; j < i; j++) {
            const seL4_UntypedDesc *b = &bi->untypedList[j];
            if (a->paddr < untyped_end(b) && b->paddr < untyped_end(a)) {
                TEST_FAIL("untypeds %u (0x%" SEL4_PRIx_word ") and %u (0x%" SEL4_PRIx_word
                          ") overlap",
                          (unsigned)i, a->paddr, (unsigned)j, b->paddr);
            }
        }
    }
}

KEEL_TEST(bootinfo_ram_untypeds_lie_in_memory_and_devices_outside,
          "RAM untypeds lie in the device tree's memory; device untypeds outside it")
{
    const seL4_BootInfo *bi = env->bootinfo;
    struct fdt_reg mem = dtb_memory(env);
    uint64_t ram_bytes = 0;

    for (seL4_Word i = 0; i < untyped_count(bi); i++) {
        const seL4_UntypedDesc *u = &bi->untypedList[i];
        bool inside = u->paddr >= mem.base && untyped_end(u) <= mem.base + mem.size;
        bool outside = untyped_end(u) <= mem.base || u->paddr >= mem.base + mem.size;
        if (!u->isDevice && !inside) {
            TEST_FAIL("RAM untyped %u at 0x%" SEL4_PRIx_word " is outside memory", (unsigned)i,
                      u->paddr);
        }
        if (u->isDevice && !outside) {
            TEST_FAIL("device untyped %u at 0x%" SEL4_PRIx_word " overlaps memory", (unsigned)i,
                      u->paddr);
        }
        if (!u->isDevice) {
            ram_bytes += (uint64_t)1 << u->sizeBits;
        }
    }
    /* The kernel, the root task and its boot-time objects take some RAM;
     * the rest is the root task's. */
    CHECK(ram_bytes > mem.size / 2);
    CHECK(ram_bytes < mem.size);
}

KEEL_TEST(bootinfo_lists_device_untypeds,
          "device memory (e.g. the platform's peripherals) is handed out as device untypeds")
{
    const seL4_BootInfo *bi = env->bootinfo;
    unsigned devices = 0;
    for (seL4_Word i = 0; i < untyped_count(bi); i++) {
        devices += bi->untypedList[i].isDevice;
    }
    CHECK(devices >= 1);
}

KEEL_TEST(bootinfo_device_untypeds_reach_4_gib_without_a_cascade,
          "the highest device untyped ends at 2^32 itself and is of the largest size its "
          "alignment allows (seL4 16.0.0: no run of ever smaller untypeds below 4 GiB)")
{
    const seL4_BootInfo *bi = env->bootinfo;
    const seL4_UntypedDesc *top = NULL;
    for (seL4_Word i = 0; i < untyped_count(bi); i++) {
        const seL4_UntypedDesc *u = &bi->untypedList[i];
        if (u->isDevice && (top == NULL || u->paddr > top->paddr)) {
            top = u;
        }
    }
    CHECK(top != NULL);
    CHECK(untyped_end(top) == (uint64_t)1 << 32);
    seL4_Word largest = seL4_MaxUntypedBits;
    while (top->paddr & ((1u << largest) - 1)) {
        largest--;
    }
    CHECK_EQ(top->sizeBits, largest);
}

KEEL_TEST(bootinfo_extra_records_hold_the_device_tree,
          "the extra BootInfo records tile extraLen and one is the DTB (SEL4_BOOTINFO_HEADER_FDT)")
{
    const seL4_BootInfo *bi = env->bootinfo;
    const char *extra = (const char *)bi + seL4_BootInfoFrameSize;
    seL4_Word at = 0, len;
    const char *why;

    CHECK(bi->extraLen > 0);
    /* The records tile extraLen exactly (seL4 closes any gap with a
     * SEL4_BOOTINFO_HEADER_PADDING record). */
    while (at < bi->extraLen) {
        const seL4_BootInfoHeader *h = (const void *)(extra + at);
        if (at + sizeof(*h) > bi->extraLen || h->len < sizeof(*h) || h->len > bi->extraLen - at ||
            h->id >= SEL4_BOOTINFO_HEADER_NUM) {
            TEST_FAIL("bad record at offset %u of extraLen %u: id %u, len %u", (unsigned)at,
                      (unsigned)bi->extraLen, (unsigned)h->id, (unsigned)h->len);
        }
        at += h->len;
    }
    const void *fdt = bootinfo_record(bi, SEL4_BOOTINFO_HEADER_FDT, &len);
    CHECK(fdt != NULL);
    if (!fdt_check(fdt, len, &why)) {
        TEST_FAIL("the FDT record is not a device tree: %s", why);
    }
}

KEEL_TEST(bootinfo_extra_pages_are_frames,
          "extraBIPages holds one frame cap per page of extra BootInfo records")
{
    const seL4_BootInfo *bi = env->bootinfo;
    seL4_Word pages = (bi->extraLen + PAGE_SIZE - 1) / PAGE_SIZE;
    CHECK_EQ(region_size(bi->extraBIPages), pages);
    for (seL4_CPtr slot = bi->extraBIPages.start; slot < bi->extraBIPages.end; slot++) {
        CHECK_CAP(slot, CAP_TAG_SMALL_FRAME);
    }
}

KEEL_TEST(bootinfo_frame_cap_is_the_mapped_bootinfo,
          "the BootInfo frame cap names the frame the root task reads its BootInfo from")
{
    /* The frame is mapped at the BootInfo address: its physical address is
     * one the IPC buffer frame cap does not have, and a fresh copy of the
     * cap maps elsewhere showing the same bytes. */
    seL4_CPtr copy = test_copy(env, seL4_CapBootInfoFrame, seL4_CanRead);
    seL4_Word vaddr = test_vaddr(env, 0);
    test_map_page_table(env, vaddr);
    CHECK_OK(seL4_ARM_Page_Map(copy, seL4_CapInitThreadVSpace, vaddr, seL4_CanRead,
                               seL4_ARM_Default_VMAttributes));
    CHECK(memcmp((const void *)vaddr, env->bootinfo, sizeof(seL4_BootInfo)) == 0);
    CHECK(frame_paddr(seL4_CapBootInfoFrame) != frame_paddr(seL4_CapInitThreadIPCBuffer));
}

KEEL_TEST(bootinfo_ipc_buffer_cap_is_the_ipc_buffer,
          "seL4_CapInitThreadIPCBuffer names the frame mapped at BootInfo's ipcBuffer")
{
    seL4_CPtr copy = test_copy(env, seL4_CapInitThreadIPCBuffer, seL4_AllRights);
    seL4_Word vaddr = test_vaddr(env, 0);
    volatile seL4_Word *alias = (volatile seL4_Word *)vaddr;

    test_map_frame(env, copy, vaddr);
    /* msg[] words past MR3 are only ever in the buffer: a safe place. The
     * buffer is the initial thread's (the driver's), not this thread's. */
    env->bootinfo->ipcBuffer->msg[100] = 0x5a5a1234;
    CHECK_EQ(alias[offsetof(seL4_IPCBuffer, msg) / sizeof(seL4_Word) + 100], 0x5a5a1234);
}
