/*
 * User address spaces on ARMv7 (short descriptors): page directories, page
 * tables and frames of 4 KiB, 64 KiB, 1 MiB and 16 MiB. Decodes their
 * invocations with seL4's checks and errors (upstream aarch32 vspace.c is
 * the reference for semantics), writes and clears translation table
 * entries, and keeps caches and TLB in step. ASIDs live in asid.c; every
 * ARM cap's invocation arrives here first (arch_decode_invocation).
 */
#include <api/invocation.h>
#include <arch/asid.h>
#include <arch/kernel_vspace.h>
#include <arch/machine_cache.h>
#include <arch/vspace.h>
#include <kernel/cdt.h>
#include <kernel/hooks.h>

#define USER_TOP KERNEL_WINDOW_VBASE /* seL4_UserTop: user mappings end here */

/* seL4_ARM_VMAttributes bits; parity (bit 1) is accepted and ignored. */
#define VM_ATTR_CACHEABLE BIT(0)
#define VM_ATTR_EXECUTE_NEVER BIT(2)

/* Bits a page-table lookup resolves, for its lookup fault (seL4 reports a
 * missing page table as a missing capability with these bits left). */
#define PT_LOOKUP_BITS (PT_INDEX_BITS + PAGE_BITS)

static result_t error(word_t type)
{
    return result_error(syscall_error(type));
}

/* ---- Walking the tables ---- */

static pde_t *pd_slot(pde_t *pd, vptr_t vaddr)
{
    return &pd[vaddr >> SECTION_BITS];
}

/* The second-level entry for vaddr, or NULL when no page table covers it. */
static pte_t *pt_slot(pde_t *pd, vptr_t vaddr)
{
    pde_t pde = *pd_slot(pd, vaddr);
    if (pde_get_type(pde) != PDE_PAGE_TABLE) {
        return NULL;
    }
    pte_t *pt = pptr_to_ptr(paddr_to_pptr(pde_page_table_address(pde)));
    return &pt[(vaddr >> PAGE_BITS) & MASK(PT_INDEX_BITS)];
}

static bool frame_size_in_pt(word_t size)
{
    return size == FRAME_SMALL || size == FRAME_LARGE;
}

static word_t frame_entry_count(word_t size)
{
    switch (size) {
    case FRAME_LARGE:
        return PTES_PER_LARGE_PAGE;
    case FRAME_SUPER_SECTION:
        return PDES_PER_SUPER_SECTION;
    default:
        return 1;
    }
}

/* The entries a frame of this size at vaddr occupies, NULL if it needs a
 * page table and there is none. */
static word_t *frame_entries(pde_t *pd, vptr_t vaddr, word_t size)
{
    return frame_size_in_pt(size) ? pt_slot(pd, vaddr) : pd_slot(pd, vaddr);
}

/* Whether a table entry (at the level the size lives in) maps the frame
 * of that size at paddr. */
static bool entry_maps_frame(word_t entry, word_t size, paddr_t paddr)
{
    switch (size) {
    case FRAME_SMALL:
        return pte_get_type(entry) == PTE_SMALL && pte_small_address(entry) == paddr;
    case FRAME_LARGE:
        return pte_get_type(entry) == PTE_LARGE && pte_large_address(entry) == paddr;
    case FRAME_SECTION:
        return pde_get_type(entry) == PDE_SECTION && pde_section_address(entry) == paddr;
    default:
        return pde_get_type(entry) == PDE_SUPER_SECTION &&
               pde_super_section_address(entry) == paddr;
    }
}

/* ---- Writing entries: caches and TLB ---- */

/* Table walks are cacheable (ttbr0_new), so new entries need cleaning only
 * as far as the point of unification (ARM ARM B3.10.1). */
static void clean_entries(const word_t *first, word_t count)
{
    pptr_t start = ptr_to_pptr(first);
    cache_clean_range_pou(start, start + count * (word_t)sizeof(word_t));
}

static void write_entries(word_t *first, word_t count, word_t value)
{
    for (word_t i = 0; i < count; i++) {
        first[i] = value;
    }
    clean_entries(first, count);
}

/* Drops what the TLB may hold of a changed or removed frame mapping. An
 * ASID without a hardware ASID has nothing in the TLB. One TLBIMVA covers
 * a small page; larger pages drop the whole hardware ASID, which is right
 * however the TLB holds them. */
static void frame_tlb_flush(word_t asid, vptr_t vaddr, word_t size)
{
    word_t hw = asid_hw_asid(asid);
    if (hw == 0) {
        return;
    }
    if (size == FRAME_SMALL) {
        tlbi_page(vaddr, hw);
    } else {
        tlbi_asid(hw);
    }
}

/* ---- Unmapping (invocations and the hooks of <kernel/hooks.h>) ---- */

/* Removes the mapping a frame cap records, if the tables still hold it
 * (seL4 unmapPage: a changed or vanished mapping is left alone). So the
 * cap of a frame that Page_Map replaced unmaps nothing: the entries name
 * the new frame. Only the first entry is looked at: large pages and
 * supersections are written and cleared 16 entries at a time, and no
 * other size can replace part of them. */
static void frame_unmap(word_t size, word_t asid, vptr_t vaddr, pptr_t base)
{
    pde_t *pd = asid_find_pd(asid);
    if (pd == NULL) {
        return;
    }
    word_t *entries = frame_entries(pd, vaddr, size);
    if (entries == NULL || !entry_maps_frame(entries[0], size, pptr_to_paddr(base))) {
        return;
    }
    write_entries(entries, frame_entry_count(size), 0);
    frame_tlb_flush(asid, vaddr, size);
}

/* Removes page table pt from asid's page directory if it is still there
 * (seL4 unmapPageTable). TLBIALL: walks cached through the old entry go
 * too, whatever hardware ASID they were made under. */
static void page_table_unmap(word_t asid, vptr_t vaddr, pptr_t pt)
{
    pde_t *pd = asid_find_pd(asid);
    if (pd == NULL) {
        return;
    }
    pde_t *slot = pd_slot(pd, vaddr);
    if (pde_get_type(*slot) != PDE_PAGE_TABLE ||
        pde_page_table_address(*slot) != pptr_to_paddr(pt)) {
        return;
    }
    write_entries(slot, 1, 0);
    tlbi_all();
}

void vspace_unmap_frame(const cap_t *frame_cap)
{
    cap_t cap = *frame_cap;
    frame_unmap(frame_cap_get_size(cap), frame_cap_get_mapped_asid(cap), frame_cap_get_vaddr(cap),
                frame_cap_get_base(cap));
}

void vspace_unmap_page_table(const cap_t *page_table_cap)
{
    cap_t cap = *page_table_cap;
    page_table_unmap(cap_page_table_get_asid(cap), cap_page_table_get_vaddr(cap),
                     cap_page_table_get_base(cap));
}

void vspace_init_object(word_t object_type, pptr_t base, bool is_device)
{
    switch (object_type) {
    case OBJ_ARM_PAGE_DIRECTORY:
        kernel_vspace_copy_globals(pptr_to_ptr(base));
        cache_clean_range_pou(base, base + BIT(PAGE_DIR_BITS));
        break;
    case OBJ_ARM_PAGE_TABLE:
        cache_clean_range_pou(base, base + BIT(PAGE_TABLE_BITS));
        break;
    default:
        /* A new frame's zeroes reach memory before any uncached mapping
         * can see it (seL4 cleans new frames the same way). */
        if (!is_device) {
            cache_clean_range_poc(base, base + BIT(arch_object_size_bits(object_type)));
        }
        break;
    }
}

/* ---- Checks shared by the decoders ---- */

/* seL4 findPDForASID, as a decoder checks a page directory cap's ASID. */
static syscall_error_t check_pd_asid(word_t asid, const pde_t *pd, word_t cap_number)
{
    pde_t *found = asid_find_pd(asid);
    if (found == NULL) {
        return syscall_error_failed_lookup(false, lookup_fault_invalid_root());
    }
    if (found != pd) {
        return syscall_error_invalid_capability(cap_number);
    }
    return syscall_error(ERR_NONE);
}

static bool is_assigned_pd_cap(cap_t cap)
{
    return cap_get_type(cap) == CAP_PAGE_DIRECTORY && cap_page_directory_get_is_mapped(cap);
}

/* ---- Cache maintenance invocations ---- */

typedef enum { FLUSH_CLEAN, FLUSH_INVALIDATE, FLUSH_CLEAN_INVALIDATE, FLUSH_UNIFY } flush_t;

/* Invalidating would throw away the neighbours' bytes of a line the range
 * only partly covers, so such lines are cleaned and invalidated instead. */
static void invalidate_range(word_t start, word_t end)
{
    word_t bits = cache_line_bits();
    word_t first = ROUND_UP(start, bits), last = ROUND_DOWN(end, bits);
    if (first >= last) {
        cache_clean_invalidate_range_poc(start, end);
        return;
    }
    if (start < first) {
        cache_clean_invalidate_range_poc(start, first);
    }
    cache_invalidate_range_poc(first, last);
    if (last < end) {
        cache_clean_invalidate_range_poc(last, end);
    }
}

/* Maintains [start, end) through the kernel window (ARM ARM B4.2.1: the
 * PIPT caches of the Cortex-A15 make the window alias reach the user's
 * lines). */
static void flush_kernel_range(flush_t op, pptr_t start, pptr_t end)
{
    switch (op) {
    case FLUSH_CLEAN:
        cache_clean_range_poc(start, end);
        break;
    case FLUSH_INVALIDATE:
        invalidate_range(start, end);
        break;
    case FLUSH_CLEAN_INVALIDATE:
        cache_clean_invalidate_range_poc(start, end);
        break;
    case FLUSH_UNIFY:
        cache_clean_range_pou(start, end);
        icache_invalidate_range_pou(start, end);
        branch_predictor_invalidate();
        break;
    }
}

/* Physical [paddr, paddr + bytes): only RAM in the kernel window is ever
 * cached; device frames are mapped uncached, so they need nothing. */
static void flush_physical(flush_t op, paddr_t paddr, word_t bytes)
{
    pptr_t start = paddr_to_pptr(paddr);
    word_t offset = start - KERNEL_WINDOW_VBASE;
    if (offset < kernel_window_size() && bytes <= kernel_window_size() - offset) {
        flush_kernel_range(op, start, start + bytes);
    }
}

/* The cache operation of a PageDirectory or Page flush label. */
static bool pd_flush_op(word_t label, flush_t *op)
{
    switch (label) {
    case ARMPDClean_Data:
        *op = FLUSH_CLEAN;
        return true;
    case ARMPDInvalidate_Data:
        *op = FLUSH_INVALIDATE;
        return true;
    case ARMPDCleanInvalidate_Data:
        *op = FLUSH_CLEAN_INVALIDATE;
        return true;
    case ARMPDUnify_Instruction:
        *op = FLUSH_UNIFY;
        return true;
    default:
        return false;
    }
}

static bool page_flush_op(word_t label, flush_t *op)
{
    switch (label) {
    case ARMPageClean_Data:
        *op = FLUSH_CLEAN;
        return true;
    case ARMPageInvalidate_Data:
        *op = FLUSH_INVALIDATE;
        return true;
    case ARMPageCleanInvalidate_Data:
        *op = FLUSH_CLEAN_INVALIDATE;
        return true;
    case ARMPageUnify_Instruction:
        *op = FLUSH_UNIFY;
        return true;
    default:
        return false;
    }
}

/* What the frame holding vaddr in pd is, if any (seL4 resolveVAddr). */
typedef struct resolved {
    bool valid;
    paddr_t base;
    word_t size_bits;
} resolved_t;

static resolved_t resolve_vaddr(pde_t *pd, vptr_t vaddr)
{
    pde_t pde = *pd_slot(pd, vaddr);
    switch (pde_get_type(pde)) {
    case PDE_SECTION:
        return (resolved_t){ true, pde_section_address(pde), SECTION_BITS };
    case PDE_SUPER_SECTION:
        return (resolved_t){ true, pde_super_section_address(pde), SUPER_SECTION_BITS };
    case PDE_PAGE_TABLE: {
        pte_t pte = *pt_slot(pd, vaddr);
        if (pte_get_type(pte) == PTE_SMALL) {
            return (resolved_t){ true, pte_small_address(pte), PAGE_BITS };
        }
        if (pte_get_type(pte) == PTE_LARGE) {
            return (resolved_t){ true, pte_large_address(pte), LARGE_PAGE_BITS };
        }
        return (resolved_t){ .valid = false };
    }
    default:
        return (resolved_t){ .valid = false };
    }
}

paddr_t vspace_lookup_frame(pde_t *pd, vptr_t vaddr, word_t *size_bits)
{
    resolved_t r = resolve_vaddr(pd, vaddr);
    if (!r.valid) {
        return 0;
    }
    *size_bits = r.size_bits;
    return r.base;
}

/* PageDirectory Clean/Invalidate/CleanInvalidate/Unify: user range
 * [start, end) within one mapped frame. */
result_t decode_page_directory_invocation(const invocation_args_t *args, cap_t cap)
{
    flush_t op;
    if (!pd_flush_op(args->label, &op)) {
        return error(ERR_ILLEGAL_OPERATION);
    }
    if (args->length < 2) {
        return error(ERR_TRUNCATED_MESSAGE);
    }
    vptr_t start = args->mrs[0], end = args->mrs[1];
    if (end <= start) {
        return result_error(syscall_error_invalid_argument(1));
    }
    if (start >= USER_TOP || end > USER_TOP) {
        return error(ERR_ILLEGAL_OPERATION); /* the kernel's part is not the caller's */
    }
    if (!is_assigned_pd_cap(cap)) {
        return result_error(syscall_error_invalid_capability(0));
    }
    pde_t *pd = pptr_to_ptr(cap_page_directory_get_base(cap));
    syscall_error_t e = check_pd_asid(cap_page_directory_get_asid(cap), pd, 0);
    if (e.type != ERR_NONE) {
        return result_error(e);
    }
    resolved_t frame = resolve_vaddr(pd, start);
    if (!frame.valid) {
        return result_ok(); /* nothing mapped, so nothing cached for it here */
    }
    vptr_t page = ROUND_DOWN(start, frame.size_bits);
    if (page != ROUND_DOWN(end - 1, frame.size_bits)) {
        return result_error(syscall_error_range(start, page + MASK(frame.size_bits)));
    }
    flush_physical(op, frame.base + (start - page), end - start);
    return result_ok();
}

/* ---- Page tables ---- */

static result_t page_table_perform_unmap(cte_t *slot, cap_t cap)
{
    if (cap_page_table_get_is_mapped(cap)) {
        pptr_t pt = cap_page_table_get_base(cap);
        page_table_unmap(cap_page_table_get_asid(cap), cap_page_table_get_vaddr(cap), pt);
        /* Its entries are gone with it (seL4 clears an unmapped table). */
        __builtin_memset(pptr_to_ptr(pt), 0, BIT(PAGE_TABLE_BITS));
        cache_clean_range_pou(pt, pt + BIT(PAGE_TABLE_BITS));
    }
    slot->cap = cap_page_table_set_is_mapped(slot->cap, false);
    return result_ok();
}

static result_t decode_page_table_map(const invocation_args_t *args, cte_t *slot, cap_t cap)
{
    if (args->length < 2 || args->extra_caps[0] == NULL) {
        return error(ERR_TRUNCATED_MESSAGE);
    }
    if (cap_page_table_get_is_mapped(cap)) {
        return result_error(syscall_error_invalid_capability(0));
    }
    vptr_t vaddr = args->mrs[0]; /* mrs[1], the attributes, only carry parity */
    cap_t pd_cap = args->extra_caps[0]->cap;
    if (!is_assigned_pd_cap(pd_cap)) {
        return result_error(syscall_error_invalid_capability(1));
    }
    pde_t *pd = pptr_to_ptr(cap_page_directory_get_base(pd_cap));
    word_t asid = cap_page_directory_get_asid(pd_cap);
    if (vaddr >= USER_TOP) {
        return result_error(syscall_error_invalid_argument(0));
    }
    syscall_error_t e = check_pd_asid(asid, pd, 1);
    if (e.type != ERR_NONE) {
        return result_error(e);
    }
    pde_t *pde = pd_slot(pd, vaddr);
    if (pde_get_type(*pde) != PDE_INVALID) {
        return error(ERR_DELETE_FIRST);
    }

    pptr_t pt = cap_page_table_get_base(cap);
    cap = cap_page_table_set_is_mapped(cap, true);
    cap = cap_page_table_set_asid(cap, asid);
    slot->cap = cap_page_table_set_vaddr(cap, ROUND_DOWN(vaddr, SECTION_BITS));
    write_entries(pde, 1, pde_page_table_new(pptr_to_paddr(pt)));
    return result_ok();
}

result_t decode_page_table_invocation(const invocation_args_t *args, cte_t *slot, cap_t cap)
{
    if (args->label == ARMPageTableUnmap) {
        if (!mdb_is_final_cap(slot)) {
            return error(ERR_REVOKE_FIRST); /* other caps may still name the mapping */
        }
        return page_table_perform_unmap(slot, cap);
    }
    if (args->label != ARMPageTableMap) {
        return error(ERR_ILLEGAL_OPERATION);
    }
    return decode_page_table_map(args, slot, cap);
}

/* ---- Frames ---- */

/* The mapping a user frame gets: rights as AP, memory type from the
 * attributes, except that device frames are always device memory and
 * never executable. Always non-global (tagged with the ASID). */
static vm_mapping_t user_mapping(word_t vm_rights, word_t attr, bool is_device)
{
    vm_mapping_t m = { .global = false, .execute_never = (attr & VM_ATTR_EXECUTE_NEVER) != 0 };
    switch (vm_rights) {
    case VM_READ_WRITE:
        m.access = VM_USER_RW;
        break;
    case VM_READ_ONLY:
        m.access = VM_USER_RO;
        break;
    case VM_KERNEL_ONLY:
        m.access = VM_KERNEL_RW;
        break;
    default:
        m.access = VM_ACCESS_NONE;
        break;
    }
    if (is_device) {
        m.mem = VM_DEVICE;
        m.execute_never = true;
    } else {
        m.mem = (attr & VM_ATTR_CACHEABLE) != 0 ? VM_NORMAL_WBWA : VM_STRONGLY_ORDERED;
    }
    return m;
}

static word_t frame_descriptor(word_t size, paddr_t base, vm_mapping_t m)
{
    switch (size) {
    case FRAME_SMALL:
        return pte_small_map(base, m);
    case FRAME_LARGE:
        return pte_large_map(base, m);
    case FRAME_SECTION:
        return pde_section_map(base, m);
    default:
        return pde_super_section_map(base, m);
    }
}

/* A checked Page_Map, ready to perform. */
typedef struct frame_map {
    word_t *entries; /* the first of `count` table entries to write */
    word_t count;
    word_t value;
    bool replaces; /* valid entries are overwritten: TLB maintenance */
} frame_map_t;

/* Whether a frame of this size may be written over `entry`. Page_Map
 * replaces a mapping of the same kind and size; only a different kind in
 * the way is DeleteFirst: a large page under a small one, a small page
 * under a large one, a page table or supersection under a section, a page
 * table or section under a supersection (seL4 16.0.0 aarch32
 * createSafeMappingEntries_PTE/_PDE). The cap of a frame replaced this
 * way keeps its mapping information, as seL4's does. */
static bool entry_is_replaceable(word_t entry, word_t size)
{
    switch (size) {
    case FRAME_SMALL:
        return pte_get_type(entry) != PTE_LARGE;
    case FRAME_LARGE:
        return pte_get_type(entry) != PTE_SMALL;
    case FRAME_SECTION:
        return pde_get_type(entry) == PDE_INVALID || pde_get_type(entry) == PDE_SECTION;
    default:
        return pde_get_type(entry) == PDE_INVALID || pde_get_type(entry) == PDE_SUPER_SECTION;
    }
}

static bool entry_is_empty(word_t entry, word_t size)
{
    return frame_size_in_pt(size) ? pte_get_type(entry) == PTE_INVALID
                                  : pde_get_type(entry) == PDE_INVALID;
}

/* Finds the entries a frame of this size goes in at vaddr and checks that
 * each is empty or replaceable. */
static syscall_error_t frame_map_entries(pde_t *pd, vptr_t vaddr, word_t size, frame_map_t *map)
{
    map->entries = frame_entries(pd, vaddr, size);
    if (map->entries == NULL) {
        return syscall_error_failed_lookup(false, lookup_fault_missing_capability(PT_LOOKUP_BITS));
    }
    map->count = frame_entry_count(size);
    map->replaces = false;
    for (word_t i = 0; i < map->count; i++) {
        if (!entry_is_replaceable(map->entries[i], size)) {
            return syscall_error(ERR_DELETE_FIRST);
        }
        map->replaces = map->replaces || !entry_is_empty(map->entries[i], size);
    }
    return syscall_error(ERR_NONE);
}

/* Where Page_Map may put the frame. A cap that is mapped names its one
 * mapping: Page_Map with it may only redo that mapping (new rights and
 * attributes), in the same address space (else InvalidCapability 1) at the
 * same address (else InvalidArgument 0). An unmapped cap's frame must end
 * below seL4_UserTop (InvalidArgument 0). seL4 16.0.0 aarch32
 * decodeARMFrameInvocation, ARMPageMap. */
static syscall_error_t check_frame_target(cap_t cap, word_t asid, vptr_t vaddr)
{
    if (frame_cap_get_mapped_asid(cap) != ASID_INVALID) {
        if (frame_cap_get_mapped_asid(cap) != asid) {
            return syscall_error_invalid_capability(1);
        }
        if (frame_cap_get_vaddr(cap) != vaddr) {
            return syscall_error_invalid_argument(0);
        }
    } else if (vaddr + MASK(frame_size_bits(frame_cap_get_size(cap))) >= USER_TOP) {
        return syscall_error_invalid_argument(0);
    }
    return syscall_error(ERR_NONE);
}

static result_t decode_frame_map(const invocation_args_t *args, cte_t *slot, cap_t cap)
{
    if (args->length < 3 || args->extra_caps[0] == NULL) {
        return error(ERR_TRUNCATED_MESSAGE);
    }
    vptr_t vaddr = args->mrs[0];
    word_t rights = args->mrs[1], attr = args->mrs[2];
    cap_t pd_cap = args->extra_caps[0]->cap;
    word_t size_bits = frame_size_bits(frame_cap_get_size(cap));

    if (!is_assigned_pd_cap(pd_cap)) {
        return result_error(syscall_error_invalid_capability(1));
    }
    pde_t *pd = pptr_to_ptr(cap_page_directory_get_base(pd_cap));
    word_t asid = cap_page_directory_get_asid(pd_cap);
    syscall_error_t e = check_frame_target(cap, asid, vaddr);
    if (e.type != ERR_NONE) {
        return result_error(e);
    }
    e = check_pd_asid(asid, pd, 1);
    if (e.type != ERR_NONE) {
        return result_error(e);
    }
    word_t vm_rights = vm_rights_mask(frame_cap_get_rights(cap), rights);
    if (!IS_ALIGNED(vaddr, size_bits)) {
        return error(ERR_ALIGNMENT);
    }
    frame_map_t map;
    e = frame_map_entries(pd, vaddr, frame_cap_get_size(cap), &map);
    if (e.type != ERR_NONE) {
        return result_error(e);
    }

    vm_mapping_t m = user_mapping(vm_rights, attr, frame_cap_get_is_device(cap));
    map.value =
        frame_descriptor(frame_cap_get_size(cap), pptr_to_paddr(frame_cap_get_base(cap)), m);
    slot->cap = frame_cap_set_mapping(cap, asid, vaddr);
    write_entries(map.entries, map.count, map.value);
    if (map.replaces) {
        frame_tlb_flush(asid, vaddr, frame_cap_get_size(cap));
    }
    return result_ok();
}

static result_t frame_perform_unmap(cte_t *slot, cap_t cap)
{
    if (frame_cap_get_mapped_asid(cap) != ASID_INVALID) {
        vspace_unmap_frame(&cap);
    }
    slot->cap = frame_cap_set_mapping(slot->cap, ASID_INVALID, 0);
    return result_ok();
}

/* Whether pd still maps the cap's frame, whole, at the address the cap
 * records. A frame cap's mapping information goes stale when its page
 * table is unmapped or deleted, or another frame replaced it. */
static bool frame_mapping_is_current(pde_t *pd, cap_t cap)
{
    resolved_t r = resolve_vaddr(pd, frame_cap_get_vaddr(cap));
    return r.valid && r.size_bits == frame_size_bits(frame_cap_get_size(cap)) &&
           r.base == pptr_to_paddr(frame_cap_get_base(cap));
}

/* Page Clean/Invalidate/CleanInvalidate/Unify: offsets [start, end) of a
 * mapped frame. Checks in seL4 16.0.0's aarch32 order: mapped at all
 * (IllegalOperation), its ASID still names a page directory
 * (FailedLookup), a non-empty range (InvalidArgument 1), the mapping not
 * stale (InvalidCapability 0: seL4 16.0.0 added this check, which keeps
 * its user-address flush from faulting in the kernel; seL4 PR #1633), the
 * range inside the frame (InvalidArgument 0). Keel maintains the caches
 * through the kernel window, which cannot fault whatever the tables say. */
static result_t decode_frame_flush(const invocation_args_t *args, cap_t cap, flush_t op)
{
    if (args->length < 2) {
        return error(ERR_TRUNCATED_MESSAGE);
    }
    word_t asid = frame_cap_get_mapped_asid(cap);
    if (asid == ASID_INVALID) {
        return error(ERR_ILLEGAL_OPERATION);
    }
    pde_t *pd = asid_find_pd(asid);
    if (pd == NULL) {
        return result_error(syscall_error_failed_lookup(false, lookup_fault_invalid_root()));
    }
    word_t start = args->mrs[0], end = args->mrs[1];
    if (end <= start) {
        return result_error(syscall_error_invalid_argument(1));
    }
    if (!frame_mapping_is_current(pd, cap)) {
        return result_error(syscall_error_invalid_capability(0));
    }
    word_t frame_bytes = BIT(frame_size_bits(frame_cap_get_size(cap)));
    if (start >= frame_bytes || end > frame_bytes) {
        return result_error(syscall_error_invalid_argument(0));
    }
    if (!frame_cap_get_is_device(cap)) {
        pptr_t base = frame_cap_get_base(cap);
        flush_kernel_range(op, base + start, base + end);
    }
    return result_ok();
}

result_t decode_frame_invocation(const invocation_args_t *args, cte_t *slot, cap_t cap)
{
    flush_t op;
    if (page_flush_op(args->label, &op)) {
        return decode_frame_flush(args, cap, op);
    }
    switch (args->label) {
    case ARMPageMap:
        return decode_frame_map(args, slot, cap);
    case ARMPageUnmap:
        return frame_perform_unmap(slot, cap);
    case ARMPageGetAddress:
        /* seL4 replies with the physical address in MR0 */
        assert(args->reply_mrs != NULL && args->reply_length != NULL);
        args->reply_mrs[0] = pptr_to_paddr(frame_cap_get_base(cap));
        *args->reply_length = 1;
        return result_ok();
    default:
        return error(ERR_ILLEGAL_OPERATION);
    }
}

/* ---- Dispatch ---- */
result_t arch_decode_invocation(const invocation_args_t *args, cte_t *slot, cap_t cap)
{
    switch (cap_get_type(cap)) {
    case CAP_PAGE_DIRECTORY:
        return decode_page_directory_invocation(args, cap);
    case CAP_PAGE_TABLE:
        return decode_page_table_invocation(args, slot, cap);
    case CAP_SMALL_FRAME:
    case CAP_FRAME:
        return decode_frame_invocation(args, slot, cap);
    case CAP_ASID_CONTROL:
        return decode_asid_control_invocation(args, cap);
    case CAP_ASID_POOL:
        return decode_asid_pool_invocation(args, cap);
    default:
        return result_error(syscall_error(ERR_ILLEGAL_OPERATION));
    }
}

/* ---- Boot ---- */

void vspace_boot_map_page_table(pde_t *pd, vptr_t vaddr, pte_t *pt)
{
    pde_t *slot = pd_slot(pd, vaddr);
    assert(vaddr < USER_TOP && pde_get_type(*slot) == PDE_INVALID);
    write_entries(slot, 1, pde_page_table_new(pptr_to_paddr(ptr_to_pptr(pt))));
}

void vspace_boot_map_frame(pde_t *pd, vptr_t vaddr, paddr_t frame, word_t size_bits, bool writable,
                           bool executable)
{
    word_t size = FRAME_SMALL;
    while (frame_size_bits(size) != size_bits) {
        size++;
    }
    assert(IS_ALIGNED(vaddr, size_bits) && IS_ALIGNED(frame, size_bits));
    assert(vaddr + MASK(size_bits) < USER_TOP);
    vm_mapping_t m = { .mem = VM_NORMAL_WBWA,
                       .access = writable ? VM_USER_RW : VM_USER_RO,
                       .global = false,
                       .execute_never = !executable };
    word_t *entries = frame_entries(pd, vaddr, size);
    assert(entries != NULL);
    write_entries(entries, frame_entry_count(size), frame_descriptor(size, frame, m));
}
