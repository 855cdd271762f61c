/*
 * Recording fakes of <arch/machine_cache.h> and the host's kernel window
 * (<arch/kernel_vspace.h>); see machine_fake.h.
 */
#include <string.h>

#include <arch/kernel_vspace.h>
#include <machine/pptr_impl.h>

#include "machine_fake.h"

machine_log_t machine;

void machine_fake_reset(void)
{
    memset(&machine, 0, sizeof(machine));
}

static void record(machine_op_t op, word_t a, word_t b)
{
    machine.count[op]++;
    if (machine.calls < MACHINE_LOG_SIZE) {
        machine.log[machine.calls] = (machine_call_t){ op, a, b };
    }
    machine.calls++;
}

const machine_call_t *machine_last(machine_op_t op)
{
    word_t n = machine.calls < MACHINE_LOG_SIZE ? machine.calls : MACHINE_LOG_SIZE;
    for (word_t i = n; i > 0; i--) {
        if (machine.log[i - 1].op == op) {
            return &machine.log[i - 1];
        }
    }
    return NULL;
}

bool machine_did_range(machine_op_t op, word_t start, word_t end)
{
    word_t n = machine.calls < MACHINE_LOG_SIZE ? machine.calls : MACHINE_LOG_SIZE;
    for (word_t i = 0; i < n; i++) {
        const machine_call_t *c = &machine.log[i];
        if (c->op == op && c->a <= start && end <= c->b) {
            return true;
        }
    }
    return false;
}

/* ---- <arch/machine_cache.h> ---- */

word_t cache_line_bits(void)
{
    return HOST_CACHE_LINE_BITS;
}

void cache_clean_range_poc(word_t start, word_t end)
{
    record(OP_CLEAN_POC, start, end);
}

void cache_invalidate_range_poc(word_t start, word_t end)
{
    record(OP_INVALIDATE_POC, start, end);
}

void cache_clean_invalidate_range_poc(word_t start, word_t end)
{
    record(OP_CLEAN_INVALIDATE_POC, start, end);
}

void cache_clean_range_pou(word_t start, word_t end)
{
    record(OP_CLEAN_POU, start, end);
}

void icache_invalidate_range_pou(word_t start, word_t end)
{
    record(OP_ICACHE_INVALIDATE_POU, start, end);
}

void branch_predictor_invalidate(void)
{
    record(OP_BRANCH_PREDICTOR, 0, 0);
}

void tlbi_all(void)
{
    record(OP_TLBI_ALL, 0, 0);
}

void tlbi_asid(word_t hw_asid)
{
    record(OP_TLBI_ASID, hw_asid, 0);
}

void tlbi_page(vptr_t vaddr, word_t hw_asid)
{
    record(OP_TLBI_PAGE, vaddr, hw_asid);
}

void mmu_switch_address_space(word_t kernel_ttbr0, word_t ttbr0, word_t hw_asid)
{
    (void)kernel_ttbr0;
    record(OP_SWITCH, ttbr0, hw_asid);
}

/* ---- <arch/kernel_vspace.h> ---- */

pptr_t paddr_to_pptr(paddr_t p)
{
    return p - HOST_ARENA_PADDR + HOST_ARENA_PPTR;
}

paddr_t pptr_to_paddr(pptr_t v)
{
    return v - HOST_ARENA_PPTR + HOST_ARENA_PADDR;
}

word_t kernel_window_size(void)
{
    return BIT(HOST_ARENA_BITS);
}

pde_t host_kernel_global_pde(word_t index)
{
    word_t offset = (index << SECTION_BITS) - HOST_ARENA_PPTR;
    if (index < (HOST_ARENA_PPTR >> SECTION_BITS) || offset >= kernel_window_size()) {
        return 0;
    }
    return pde_section_new(HOST_ARENA_PADDR + offset, VM_NORMAL_WBWA, VM_KERNEL_RW, true);
}

void kernel_vspace_copy_globals(pde_t *pd)
{
    for (word_t i = HOST_ARENA_PPTR >> SECTION_BITS; i < PD_ENTRIES; i++) {
        pd[i] = host_kernel_global_pde(i);
    }
}

paddr_t kernel_vspace_pd_paddr(void)
{
    return HOST_KERNEL_PD_PADDR;
}
