/*
 * ARMv7 (aarch32) caps: frames, page tables, page directories, ASID caps and
 * SGI signal caps, with seL4's aarch32 tags and object sizes. Included at
 * the end of <object/structures.h>; fields are declared once, in the table
 * below.
 */
#pragma once

/* Object sizes (seL4 aarch32 ABI). */
#define PAGE_BITS 12u          /* seL4_PageBits */
#define LARGE_PAGE_BITS 16u    /* seL4_LargePageBits */
#define SECTION_BITS 20u       /* seL4_SectionBits */
#define SUPER_SECTION_BITS 24u /* seL4_SuperSectionBits */
#define PAGE_TABLE_BITS 10u    /* seL4_PageTableBits */
#define PAGE_DIR_BITS 14u      /* seL4_PageDirBits */
#define ASID_POOL_BITS 12u     /* seL4_ASIDPoolBits */
#define ASID_BITS 17u          /* 7 bits of pool, 10 bits within the pool */
#define ASID_LOW_BITS 10u      /* seL4_ASIDPoolIndexBits */
#define ASID_INVALID 0u        /* ASID 0 is never handed out: "not mapped" */

/* seL4_ObjectType values of the ARM objects (aarch32 numbering). */
enum arch_object_type {
    OBJ_ARM_PAGE_DIRECTORY = 5,
    OBJ_ARM_SMALL_PAGE = 6,
    OBJ_ARM_LARGE_PAGE = 7,
    OBJ_ARM_SECTION = 8,
    OBJ_ARM_SUPER_SECTION = 9,
    OBJ_ARM_PAGE_TABLE = 10,
    OBJ_TYPE_COUNT = 11, /* seL4_ObjectTypeCount */
};

enum arch_cap_type {
    CAP_SMALL_FRAME = 1, /* 4 KiB: its own type, as there is no room for a size */
    CAP_FRAME = 3,       /* 64 KiB, 1 MiB, 16 MiB */
    CAP_ASID_POOL = 5,
    CAP_PAGE_TABLE = 7,
    CAP_PAGE_DIRECTORY = 9,
    CAP_ASID_CONTROL = 11,
    /* seL4 16.0.0 aarch32 structures.bf, non-SMP builds: an 8-bit arch tag
     * (0x0f, 0x1f, 0x2f belong to the VCPU and TK1 SMMU caps). */
    CAP_SGI_SIGNAL = 0x3f,
};

/* Frame sizes in a CAP_FRAME (seL4's vm_page_size numbering). */
enum frame_size { FRAME_SMALL = 0, FRAME_LARGE = 1, FRAME_SECTION = 2, FRAME_SUPER_SECTION = 3 };

/* Mapping rights of a frame cap (seL4 ARM vm_rights). */
enum vm_rights { VM_NO_ACCESS = 0, VM_KERNEL_ONLY = 1, VM_READ_ONLY = 2, VM_READ_WRITE = 3 };

/*
 *   tag                 kind            field       word lsb width shift
 * A frame's mapped ASID is split over both words (see frame_cap_*_asid).
 */
/* clang-format off */
#define ARCH_CAP_FIELDS(F)                                                 \
    F(CAP_SMALL_FRAME,    small_frame,    base,       0, 12, 20, 12)      \
    F(CAP_SMALL_FRAME,    small_frame,    is_device,  0, 11,  1, 0)       \
    F(CAP_SMALL_FRAME,    small_frame,    asid_high,  0,  4,  7, 0)       \
    F(CAP_SMALL_FRAME,    small_frame,    vaddr,      1, 12, 20, 12)      \
    F(CAP_SMALL_FRAME,    small_frame,    rights,     1, 10,  2, 0)       \
    F(CAP_SMALL_FRAME,    small_frame,    asid_low,   1,  0, 10, 0)       \
    F(CAP_FRAME,          frame,          base,       0, 14, 18, 14)      \
    F(CAP_FRAME,          frame,          is_device,  0, 13,  1, 0)       \
    F(CAP_FRAME,          frame,          asid_high,  0,  4,  7, 0)       \
    F(CAP_FRAME,          frame,          vaddr,      1, 14, 18, 14)      \
    F(CAP_FRAME,          frame,          size,       1, 12,  2, 0)       \
    F(CAP_FRAME,          frame,          rights,     1, 10,  2, 0)       \
    F(CAP_FRAME,          frame,          asid_low,   1,  0, 10, 0)       \
    F(CAP_PAGE_TABLE,     page_table,     base,       0, 10, 22, 10)      \
    F(CAP_PAGE_TABLE,     page_table,     is_mapped,  0,  9,  1, 0)       \
    F(CAP_PAGE_TABLE,     page_table,     vaddr,      1, 20, 12, 20)      \
    F(CAP_PAGE_TABLE,     page_table,     asid,       1,  0, 17, 0)       \
    F(CAP_PAGE_DIRECTORY, page_directory, base,       0, 14, 18, 14)      \
    F(CAP_PAGE_DIRECTORY, page_directory, is_mapped,  0, 13,  1, 0)       \
    F(CAP_PAGE_DIRECTORY, page_directory, asid,       1,  0, 17, 0)       \
    F(CAP_ASID_POOL,      asid_pool,      ptr,        0, 12, 20, 12)      \
    F(CAP_ASID_POOL,      asid_pool,      asid_base,  1,  0, 17, 0)       \
    F(CAP_SGI_SIGNAL,     sgi_signal,     irq,        0,  8,  4, 0)       \
    F(CAP_SGI_SIGNAL,     sgi_signal,     target,     1,  0, 32, 0)
/* clang-format on */

ARCH_CAP_FIELDS(CAP_ACCESSORS)

static inline word_t frame_size_bits(word_t size)
{
    static const uint8_t bits[] = { PAGE_BITS, LARGE_PAGE_BITS, SECTION_BITS, SUPER_SECTION_BITS };
    assert(size < ARRAY_SIZE(bits));
    return bits[size];
}

static inline bool cap_is_frame(cap_t cap)
{
    return cap_get_type(cap) == CAP_SMALL_FRAME || cap_get_type(cap) == CAP_FRAME;
}

/* ---- Accessors over both frame cap types. ---- */

static inline pptr_t frame_cap_get_base(cap_t cap)
{
    return cap_get_type(cap) == CAP_SMALL_FRAME ? cap_small_frame_get_base(cap)
                                                : cap_frame_get_base(cap);
}

static inline word_t frame_cap_get_size(cap_t cap)
{
    return cap_get_type(cap) == CAP_SMALL_FRAME ? FRAME_SMALL : cap_frame_get_size(cap);
}

static inline bool frame_cap_get_is_device(cap_t cap)
{
    return cap_get_type(cap) == CAP_SMALL_FRAME ? cap_small_frame_get_is_device(cap)
                                                : cap_frame_get_is_device(cap);
}

static inline word_t frame_cap_get_rights(cap_t cap)
{
    return cap_get_type(cap) == CAP_SMALL_FRAME ? cap_small_frame_get_rights(cap)
                                                : cap_frame_get_rights(cap);
}

static inline cap_t frame_cap_set_rights(cap_t cap, word_t rights)
{
    return cap_get_type(cap) == CAP_SMALL_FRAME ? cap_small_frame_set_rights(cap, rights)
                                                : cap_frame_set_rights(cap, rights);
}

static inline word_t frame_cap_get_vaddr(cap_t cap)
{
    return cap_get_type(cap) == CAP_SMALL_FRAME ? cap_small_frame_get_vaddr(cap)
                                                : cap_frame_get_vaddr(cap);
}

static inline word_t frame_cap_get_mapped_asid(cap_t cap)
{
    if (cap_get_type(cap) == CAP_SMALL_FRAME) {
        return (cap_small_frame_get_asid_high(cap) << ASID_LOW_BITS) |
               cap_small_frame_get_asid_low(cap);
    }
    return (cap_frame_get_asid_high(cap) << ASID_LOW_BITS) | cap_frame_get_asid_low(cap);
}

/* Records where the frame is mapped (asid ASID_INVALID: not mapped). */
static inline cap_t frame_cap_set_mapping(cap_t cap, word_t asid, vptr_t vaddr)
{
    word_t high = asid >> ASID_LOW_BITS, low = asid & bitfield_mask(ASID_LOW_BITS);
    if (cap_get_type(cap) == CAP_SMALL_FRAME) {
        cap = cap_small_frame_set_asid_high(cap, high);
        cap = cap_small_frame_set_asid_low(cap, low);
        return cap_small_frame_set_vaddr(cap, vaddr);
    }
    cap = cap_frame_set_asid_high(cap, high);
    cap = cap_frame_set_asid_low(cap, low);
    return cap_frame_set_vaddr(cap, vaddr);
}

/* ---- Constructors. ---- */

static inline cap_t cap_frame_new(word_t size, pptr_t base, word_t rights, bool is_device)
{
    cap_t cap;
    if (size == FRAME_SMALL) {
        cap = cap_small_frame_set_base(cap_with_type(CAP_SMALL_FRAME), base);
        cap = cap_small_frame_set_is_device(cap, is_device);
    } else {
        cap = cap_frame_set_base(cap_with_type(CAP_FRAME), base);
        cap = cap_frame_set_size(cap, size);
        cap = cap_frame_set_is_device(cap, is_device);
    }
    return frame_cap_set_rights(cap, rights);
}

static inline cap_t cap_page_table_new(pptr_t base)
{
    return cap_page_table_set_base(cap_with_type(CAP_PAGE_TABLE), base);
}

static inline cap_t cap_page_directory_new(pptr_t base)
{
    return cap_page_directory_set_base(cap_with_type(CAP_PAGE_DIRECTORY), base);
}

static inline cap_t cap_asid_control_new(void)
{
    return cap_with_type(CAP_ASID_CONTROL);
}

static inline cap_t cap_asid_pool_new(pptr_t pool, word_t asid_base)
{
    cap_t cap = cap_asid_pool_set_ptr(cap_with_type(CAP_ASID_POOL), pool);
    return cap_asid_pool_set_asid_base(cap, asid_base);
}

/* The authority to send SGI `irq` (0-15) to the CPU interface `target`
 * (seL4 16.0.0: one core, not a target list). It names no object. */
static inline cap_t cap_sgi_signal_new(word_t irq, word_t target)
{
    cap_t cap = cap_sgi_signal_set_irq(cap_with_type(CAP_SGI_SIGNAL), irq);
    return cap_sgi_signal_set_target(cap, target);
}

/* ---- How ARM caps sit in the CDT (seL4's arch hooks of the same names). ---- */

/* seL4 Arch_isCapRevocable: an SGI signal cap issued by IRQControl is the
 * parent of the copies made of it; no other ARM cap is revocable. */
static inline bool arch_cap_is_revocable(cap_t derived, cap_t src)
{
    return cap_get_type(derived) == CAP_SGI_SIGNAL && cap_get_type(src) == CAP_IRQ_CONTROL;
}

/* seL4 isMDBParentOf, sgi_signal case: an issued SGI signal cap's children
 * are the copies made of it, never another cap IRQControl issued for the
 * same SGI and CPU (that one starts its own subtree: first_badged). */
static inline bool arch_cap_children_are_its_copies(cap_t cap)
{
    return cap_get_type(cap) == CAP_SGI_SIGNAL;
}

/* seL4 Arch_isIRQControlDescendant: ARM caps IRQControl issues, which
 * revoking IRQControl deletes (beside the generic IRQHandler caps). */
static inline bool arch_cap_is_irq_control_descendant(cap_t cap)
{
    return cap_get_type(cap) == CAP_SGI_SIGNAL;
}
