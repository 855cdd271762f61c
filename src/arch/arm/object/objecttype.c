/*
 * ARMv7 caps (frames, page tables, page directories, ASID control and pools,
 * SGI signals): the arch_* half of <object/objecttype.h>, with seL4's
 * aarch32 semantics. The VSpace caps' invocations are decoded in
 * src/arch/arm/vspace.c and asid.c, and finalising them unmaps through the
 * VSpace hooks of <kernel/hooks.h>; SGI signal caps belong to
 * src/object/interrupt.c and need no finalising.
 */
#include <arch/vspace.h>
#include <kernel/hooks.h>
#include <object/objecttype.h>

bool arch_cap_is_physical(cap_t cap)
{
    return cap_get_type(cap) != CAP_ASID_CONTROL && cap_get_type(cap) != CAP_SGI_SIGNAL;
}

pptr_t arch_cap_get_ptr(cap_t cap)
{
    switch (cap_get_type(cap)) {
    case CAP_SMALL_FRAME:
    case CAP_FRAME:
        return frame_cap_get_base(cap);
    case CAP_PAGE_TABLE:
        return cap_page_table_get_base(cap);
    case CAP_PAGE_DIRECTORY:
        return cap_page_directory_get_base(cap);
    case CAP_ASID_POOL:
        return cap_asid_pool_get_ptr(cap);
    default:
        return 0;
    }
}

word_t arch_cap_get_size_bits(cap_t cap)
{
    switch (cap_get_type(cap)) {
    case CAP_SMALL_FRAME:
    case CAP_FRAME:
        return frame_size_bits(frame_cap_get_size(cap));
    case CAP_PAGE_TABLE:
        return PAGE_TABLE_BITS;
    case CAP_PAGE_DIRECTORY:
        return PAGE_DIR_BITS;
    case CAP_ASID_POOL:
        return ASID_POOL_BITS;
    default:
        return 0;
    }
}

bool arch_cap_same_region_as(cap_t a, cap_t b)
{
    word_t type_b = cap_get_type(b);
    switch (cap_get_type(a)) {
    case CAP_SMALL_FRAME:
    case CAP_FRAME: {
        if (!cap_is_frame(b)) {
            return false;
        }
        pptr_t bot_a = frame_cap_get_base(a), bot_b = frame_cap_get_base(b);
        pptr_t top_a = bot_a + bitfield_mask(arch_cap_get_size_bits(a));
        pptr_t top_b = bot_b + bitfield_mask(arch_cap_get_size_bits(b));
        return bot_a <= bot_b && top_b <= top_a && bot_b <= top_b;
    }
    case CAP_PAGE_TABLE:
        return type_b == CAP_PAGE_TABLE && cap_page_table_get_base(a) == cap_page_table_get_base(b);
    case CAP_PAGE_DIRECTORY:
        return type_b == CAP_PAGE_DIRECTORY &&
               cap_page_directory_get_base(a) == cap_page_directory_get_base(b);
    case CAP_ASID_CONTROL:
        return type_b == CAP_ASID_CONTROL;
    case CAP_ASID_POOL:
        return type_b == CAP_ASID_POOL && cap_asid_pool_get_ptr(a) == cap_asid_pool_get_ptr(b);
    case CAP_SGI_SIGNAL:
        return type_b == CAP_SGI_SIGNAL && cap_sgi_signal_get_irq(a) == cap_sgi_signal_get_irq(b) &&
               cap_sgi_signal_get_target(a) == cap_sgi_signal_get_target(b);
    default:
        return false;
    }
}

bool arch_cap_same_object_as(cap_t a, cap_t b)
{
    /* seL4 16.0.0 Arch_sameObjectAs: every SGI signal cap is final (it
     * stands for no object, so deleting one has nothing to finalise). */
    if (cap_get_type(a) == CAP_SGI_SIGNAL) {
        return false;
    }
    /* Frames are the same object only with equal base, size and memory kind. */
    if (cap_is_frame(a) && cap_is_frame(b)) {
        return cap_get_type(a) == cap_get_type(b) &&
               frame_cap_get_base(a) == frame_cap_get_base(b) &&
               frame_cap_get_size(a) == frame_cap_get_size(b) &&
               frame_cap_get_is_device(a) == frame_cap_get_is_device(b);
    }
    return arch_cap_same_region_as(a, b);
}

derive_result_t arch_cap_derive(cap_t cap)
{
    derive_result_t illegal = { .cap = cap_null_new(),
                                .error = syscall_error(ERR_ILLEGAL_OPERATION) };
    derive_result_t unchanged = { .cap = cap };
    switch (cap_get_type(cap)) {
    case CAP_PAGE_TABLE:
        /* seL4 aarch32: only a mapped page table or PD may be copied. */
        return cap_page_table_get_is_mapped(cap) ? unchanged : illegal;
    case CAP_PAGE_DIRECTORY:
        return cap_page_directory_get_is_mapped(cap) ? unchanged : illegal;
    case CAP_SMALL_FRAME:
    case CAP_FRAME:
        /* Each frame cap stands for at most one mapping: copies start unmapped. */
        return (derive_result_t){ .cap = frame_cap_set_mapping(cap, ASID_INVALID, 0) };
    default:
        /* ASID control and pools, SGI signals: copied as they are */
        return unchanged;
    }
}

/* seL4 ARM maskVMRights: read is needed for any user access; write alone
 * cannot be expressed, so it leaves kernel-only. */
word_t vm_rights_mask(word_t vm_rights, word_t rights)
{
    bool read = (rights & CAP_RIGHT_READ) != 0, write = (rights & CAP_RIGHT_WRITE) != 0;
    if (vm_rights == VM_NO_ACCESS) {
        return VM_NO_ACCESS;
    }
    if (vm_rights == VM_READ_ONLY && read) {
        return VM_READ_ONLY;
    }
    if (vm_rights == VM_READ_WRITE && read) {
        return write ? VM_READ_WRITE : VM_READ_ONLY;
    }
    return VM_KERNEL_ONLY;
}

cap_t arch_cap_mask_rights(word_t rights, cap_t cap)
{
    if (!cap_is_frame(cap)) {
        return cap;
    }
    return frame_cap_set_rights(cap, vm_rights_mask(frame_cap_get_rights(cap), rights));
}

finalise_result_t arch_cap_finalise(cap_t cap, bool final)
{
    switch (cap_get_type(cap)) {
    case CAP_ASID_POOL:
        if (final) {
            vspace_delete_asid_pool(&cap);
        }
        break;
    case CAP_PAGE_DIRECTORY:
        if (final && cap_page_directory_get_is_mapped(cap)) {
            vspace_delete_asid(&cap);
        }
        break;
    case CAP_PAGE_TABLE:
        if (final && cap_page_table_get_is_mapped(cap)) {
            vspace_unmap_page_table(&cap);
        }
        break;
    case CAP_SMALL_FRAME:
    case CAP_FRAME:
        /* every frame cap owns its own mapping, final or not */
        if (frame_cap_get_mapped_asid(cap) != ASID_INVALID) {
            vspace_unmap_frame(&cap);
        }
        break;
    default:
        break;
    }
    return (finalise_result_t){ .remainder = cap_null_new(), .cleanup = cap_null_new() };
}

static bool frame_type_size(word_t type, word_t *size)
{
    switch (type) {
    case OBJ_ARM_SMALL_PAGE:
        *size = FRAME_SMALL;
        return true;
    case OBJ_ARM_LARGE_PAGE:
        *size = FRAME_LARGE;
        return true;
    case OBJ_ARM_SECTION:
        *size = FRAME_SECTION;
        return true;
    case OBJ_ARM_SUPER_SECTION:
        *size = FRAME_SUPER_SECTION;
        return true;
    default:
        return false;
    }
}

bool arch_object_type_is_frame(word_t type)
{
    word_t size;
    return frame_type_size(type, &size);
}

word_t arch_object_size_bits(word_t type)
{
    word_t size;
    if (frame_type_size(type, &size)) {
        return frame_size_bits(size);
    }
    assert(type == OBJ_ARM_PAGE_TABLE || type == OBJ_ARM_PAGE_DIRECTORY);
    return type == OBJ_ARM_PAGE_TABLE ? PAGE_TABLE_BITS : PAGE_DIR_BITS;
}

cap_t arch_object_create(word_t type, pptr_t base, bool is_device)
{
    word_t size;
    cap_t cap;
    if (frame_type_size(type, &size)) {
        cap = cap_frame_new(size, base, VM_READ_WRITE, is_device);
    } else if (type == OBJ_ARM_PAGE_TABLE) {
        cap = cap_page_table_new(base);
    } else {
        assert(type == OBJ_ARM_PAGE_DIRECTORY);
        cap = cap_page_directory_new(base);
    }
    vspace_init_object(type, base, is_device);
    return cap;
}
