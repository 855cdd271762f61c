/*
 * ASIDs on ARMv7: the ASID table of 2^7 pools, ASIDControl_MakePool and
 * ASIDPool_Assign (seL4's checks and errors), deleting ASIDs and pools,
 * and switching address spaces.
 *
 * TLB scheme: every user mapping is non-global, tagged with a hardware
 * ASID. Hardware ASIDs 1..255 are lent to seL4 ASIDs when their address
 * space is first activated (the pool entry records which), round robin,
 * taking one back from its holder with TLBIASID when none is free; so a
 * hardware ASID nobody holds has no TLB entries. Hardware ASID 0 goes
 * with the kernel's page directory, which has only global entries.
 */
#include <api/invocation.h>
#include <arch/asid.h>
#include <arch/kernel_vspace.h>
#include <arch/machine_cache.h>
#include <arch/smp.h>
#include <arch/vspace.h>
#include <kernel/cdt.h>
#include <kernel/cspace.h>
#include <kernel/hooks.h>
#include <object/untyped.h>

static pptr_t asid_table[ASID_POOL_COUNT];

/* The seL4 ASID each hardware ASID is lent to (0: free; entry 0 unused),
 * and where the next search for a free one starts. */
static word_t hw_asid_holder[HW_ASID_COUNT];
static word_t hw_asid_next = 1;

/* The address space vspace_activate last loaded (NULL: the kernel's). */
pde_t *vspace_active_pd;
word_t vspace_active_asid;

void asid_init(void)
{
    for (word_t i = 0; i < ASID_POOL_COUNT; i++) {
        asid_table[i] = 0;
    }
    for (word_t i = 0; i < HW_ASID_COUNT; i++) {
        hw_asid_holder[i] = 0;
    }
    hw_asid_next = 1;
    vspace_active_pd = NULL;
    vspace_active_asid = ASID_INVALID;
}

static asid_entry_t *asid_entry_of(word_t asid)
{
    pptr_t pool = asid_table[asid >> ASID_LOW_BITS];
    if (pool == 0) {
        return NULL;
    }
    return &asid_pool_ptr(pool)->entries[asid & MASK(ASID_LOW_BITS)];
}

pde_t *asid_find_pd(word_t asid)
{
    asid_entry_t *entry = asid_entry_of(asid);
    return entry != NULL ? pptr_to_ptr(asid_entry_get_pd(*entry)) : NULL;
}

word_t asid_hw_asid(word_t asid)
{
    asid_entry_t *entry = asid_entry_of(asid);
    return entry != NULL ? asid_entry_get_hw_asid(*entry) : 0;
}

/* ---- Hardware ASIDs ---- */

/* Takes the entry's hardware ASID back; flush: drop its TLB entries now
 * (deletions flush the whole TLB themselves). */
static void hw_asid_take_back(asid_entry_t *entry, bool flush)
{
    word_t hw = asid_entry_get_hw_asid(*entry);
    if (hw != 0) {
        if (flush) {
            tlbi_asid(hw);
        }
        hw_asid_holder[hw] = 0;
        *entry = asid_entry_set_hw_asid(*entry, 0);
    }
}

/* Lends asid a hardware ASID: a free one if the round finds one, else the
 * next one in turn, taken back from its holder. */
static word_t hw_asid_lend(word_t asid, asid_entry_t *entry)
{
    word_t hw = hw_asid_next;
    for (word_t tries = 1; tries < HW_ASID_COUNT && hw_asid_holder[hw] != 0; tries++) {
        hw = hw == HW_ASID_COUNT - 1 ? 1 : hw + 1;
    }
    /* Never from an address space another core has loaded: its TLB would
     * go on filling entries under the hardware ASID (fewer cores than
     * hardware ASIDs, so the search ends). */
    while (CONFIG_MAX_NUM_NODES > 1 && hw_asid_holder[hw] != 0 &&
           smp_asid_active_elsewhere(hw_asid_holder[hw])) {
        hw = hw == HW_ASID_COUNT - 1 ? 1 : hw + 1;
    }
    if (hw_asid_holder[hw] != 0) {
        asid_entry_t *holder = asid_entry_of(hw_asid_holder[hw]);
        assert(holder != NULL && asid_entry_get_hw_asid(*holder) == hw);
        hw_asid_take_back(holder, true);
    }
    hw_asid_next = hw == HW_ASID_COUNT - 1 ? 1 : hw + 1;
    hw_asid_holder[hw] = asid;
    *entry = asid_entry_set_hw_asid(*entry, hw);
    return hw;
}

/* ---- Switching address spaces ---- */

static void activate_kernel_pd(void)
{
    word_t kernel_ttbr0 = ttbr0_new(kernel_vspace_pd_paddr());
    mmu_switch_address_space(kernel_ttbr0, kernel_ttbr0, 0);
    vspace_active_pd = NULL;
    vspace_active_asid = ASID_INVALID;
}

void vspace_activate_other(pde_t *pd, word_t asid)
{
    asid_entry_t *entry = asid != ASID_INVALID ? asid_entry_of(asid) : NULL;
    if (pd == NULL || entry == NULL || pptr_to_ptr(asid_entry_get_pd(*entry)) != pd) {
        if (vspace_active_pd != NULL || vspace_active_asid != ASID_INVALID) {
            activate_kernel_pd();
        }
        return;
    }
    word_t hw = asid_entry_get_hw_asid(*entry);
    if (pd == vspace_active_pd && asid == vspace_active_asid && hw != 0) {
        return;
    }
    if (hw == 0) {
        hw = hw_asid_lend(asid, entry);
    }
    mmu_switch_address_space(ttbr0_new(kernel_vspace_pd_paddr()),
                             ttbr0_new(pptr_to_paddr(ptr_to_pptr(pd))), hw);
    vspace_active_pd = pd;
    vspace_active_asid = asid;
}

/* ---- Boot ---- */

void asid_boot_install_pool(word_t pool_index, pptr_t pool)
{
    assert(pool_index < ASID_POOL_COUNT && asid_table[pool_index] == 0);
    asid_table[pool_index] = pool;
}

void asid_boot_assign(pptr_t pool, word_t asid, pde_t *pd)
{
    assert(asid != ASID_INVALID && asid_table[asid >> ASID_LOW_BITS] == pool);
    asid_entry_t entry = asid_entry_set_pd((asid_entry_t){ { 0 } }, ptr_to_pptr(pd));
    asid_pool_ptr(pool)->entries[asid & MASK(ASID_LOW_BITS)] = entry;
}

/* ---- Deletion (the hooks of <kernel/hooks.h>) ---- */

/* Forgets asid's entry and its hardware ASID without TLB maintenance:
 * the callers flush the whole TLB, so that walks cached through a page
 * directory about to be reused go too. */
static void asid_entry_clear(word_t asid, asid_entry_t *entry)
{
    hw_asid_take_back(entry, false);
    *entry = (asid_entry_t){ { 0 } };
    if (asid == vspace_active_asid) {
        activate_kernel_pd();
    }
    if (CONFIG_MAX_NUM_NODES > 1) {
        smp_asid_deleted(asid); /* other cores running in it leave it too */
    }
}

void vspace_delete_asid(cap_t *page_directory_cap)
{
    word_t asid = cap_page_directory_get_asid(*page_directory_cap);
    asid_entry_t *entry = asid_entry_of(asid);
    if (entry != NULL &&
        asid_entry_get_pd(*entry) == cap_page_directory_get_base(*page_directory_cap)) {
        asid_entry_clear(asid, entry);
        tlbi_all();
    }
}

void vspace_delete_asid_pool(cap_t *asid_pool_cap)
{
    word_t base = cap_asid_pool_get_asid_base(*asid_pool_cap);
    pptr_t pool = cap_asid_pool_get_ptr(*asid_pool_cap);
    if (asid_table[base >> ASID_LOW_BITS] != pool) {
        return;
    }
    asid_pool_t *p = asid_pool_ptr(pool);
    for (word_t i = 0; i < BIT(ASID_LOW_BITS); i++) {
        if (asid_entry_get_pd(p->entries[i]) != 0) {
            asid_entry_clear(base + i, &p->entries[i]);
        }
    }
    asid_table[base >> ASID_LOW_BITS] = 0;
    tlbi_all();
}

/* ---- ASIDControl_MakePool ---- */

static result_t error(word_t type)
{
    return result_error(syscall_error(type));
}

static void asid_control_make_pool(cte_t *untyped, cte_t *dest, word_t pool_index)
{
    cap_t ut = untyped->cap;
    pptr_t pool = cap_untyped_get_ptr(ut);
    /* The pool uses the whole untyped, which must not hand it out again. */
    untyped->cap = cap_untyped_set_free_index(ut, untyped_max_free_index(ASID_POOL_BITS));
    __builtin_memset(asid_pool_ptr(pool), 0, BIT(ASID_POOL_BITS));
    mdb_insert_child(cap_asid_pool_new(pool, pool_index << ASID_LOW_BITS), untyped, dest);
    asid_table[pool_index] = pool;
}

/* Checks in seL4's order (upstream decodeARMMMUInvocation): a free pool
 * number, a 4 KiB RAM untyped without children, an empty destination. */
result_t decode_asid_control_invocation(const invocation_args_t *args, cap_t cap)
{
    (void)cap;
    if (args->label != ARMASIDControlMakePool) {
        return error(ERR_ILLEGAL_OPERATION);
    }
    if (args->length < 2 || args->extra_caps[0] == NULL || args->extra_caps[1] == NULL) {
        return error(ERR_TRUNCATED_MESSAGE);
    }
    word_t index = args->mrs[0], depth = args->mrs[1];
    cte_t *untyped = args->extra_caps[0];
    cap_t root = args->extra_caps[1]->cap;

    word_t pool_index = 0;
    while (pool_index < ASID_POOL_COUNT && asid_table[pool_index] != 0) {
        pool_index++;
    }
    if (pool_index == ASID_POOL_COUNT) {
        return error(ERR_DELETE_FIRST);
    }
    cap_t ut = untyped->cap;
    if (cap_get_type(ut) != CAP_UNTYPED || cap_untyped_get_block_size(ut) != ASID_POOL_BITS ||
        cap_untyped_get_is_device(ut)) {
        return result_error(syscall_error_invalid_capability(1));
    }
    if (mdb_has_children(untyped)) {
        return error(ERR_REVOKE_FIRST);
    }
    slot_result_t dest = cspace_lookup_target_slot(root, index, depth);
    if (dest.error.type != ERR_NONE) {
        return result_error(dest.error);
    }
    if (!cte_is_empty(dest.slot)) {
        return error(ERR_DELETE_FIRST);
    }
    asid_control_make_pool(untyped, dest.slot, pool_index);
    return result_ok();
}

/* ---- ASIDPool_Assign ---- */

static void asid_pool_assign(asid_pool_t *pool, word_t asid, cte_t *pd_slot)
{
    cap_t pd = pd_slot->cap;
    pool->entries[asid & MASK(ASID_LOW_BITS)] =
        asid_entry_set_pd((asid_entry_t){ { 0 } }, cap_page_directory_get_base(pd));
    pd = cap_page_directory_set_asid(pd, asid);
    pd_slot->cap = cap_page_directory_set_is_mapped(pd, true);
}

result_t decode_asid_pool_invocation(const invocation_args_t *args, cap_t cap)
{
    if (args->label != ARMASIDPoolAssign) {
        return error(ERR_ILLEGAL_OPERATION);
    }
    if (args->extra_caps[0] == NULL) {
        return error(ERR_TRUNCATED_MESSAGE);
    }
    cte_t *pd_slot = args->extra_caps[0];
    if (cap_get_type(pd_slot->cap) != CAP_PAGE_DIRECTORY ||
        cap_page_directory_get_is_mapped(pd_slot->cap)) {
        return result_error(syscall_error_invalid_capability(1));
    }
    word_t base = cap_asid_pool_get_asid_base(cap);
    pptr_t pool = asid_table[base >> ASID_LOW_BITS];
    if (pool == 0) {
        return result_error(syscall_error_failed_lookup(false, lookup_fault_invalid_root()));
    }
    if (pool != cap_asid_pool_get_ptr(cap)) {
        return result_error(syscall_error_invalid_capability(0));
    }
    /* The first free entry; ASID 0 is never handed out. */
    asid_pool_t *p = asid_pool_ptr(pool);
    word_t i = 0;
    while (i < BIT(ASID_LOW_BITS) &&
           (base + i == ASID_INVALID || asid_entry_get_pd(p->entries[i]) != 0)) {
        i++;
    }
    if (i == BIT(ASID_LOW_BITS)) {
        return error(ERR_DELETE_FIRST);
    }
    asid_pool_assign(p, base + i, pd_slot);
    return result_ok();
}
