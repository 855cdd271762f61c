/*
 * The root task, built as seL4 builds its initial thread: a root CNode of
 * 2^13 slots holding the initial caps in their documented slots, a TCB
 * starting at the user image's entry with r0 = the BootInfo frame's
 * address, the address space (architecture code), and untyped caps for all
 * free RAM and for the device address space, described in seL4_BootInfo.
 */
#include <arch/cpu.h>
#include <arch/kernel_vspace.h>
#include <kernel/boot_root.h>
#include <kernel/cdt.h>
#include <kernel/printf.h>
#include <kernel/sched.h>
#include <kernel/thread.h>
#include <object/objecttype.h>
#include <object/tcb.h>
#include <object/untyped.h>
#include <plat/machine_map.h>

void *memset(void *dst, int c, size_t n);
void *memcpy(void *restrict dst, const void *restrict src, size_t n);

void *root_boot_alloc(root_boot_t *rb, word_t bits)
{
    uint64_t paddr = boot_mem_alloc(&rb->ram, bits);
    if (paddr == 0) {
        kprintf("Keel: boot: out of memory for the root task (2^%u bytes)\n", bits);
        kernel_stop();
    }
    void *p = pptr_to_ptr(paddr_to_pptr((paddr_t)paddr));
    memset(p, 0, BIT(bits));
    return p;
}

cte_t *root_boot_provide_cap(root_boot_t *rb, cap_t cap)
{
    if (rb->next_slot >= BIT(ROOT_CNODE_BITS)) {
        kprintf("Keel: boot: the root CNode is full\n");
        kernel_stop();
    }
    cte_t *slot = &rb->cnode[rb->next_slot++];
    mdb_insert_root(slot, cap);
    return slot;
}

static void root_boot_reserve(root_boot_t *rb, uint64_t start, uint64_t end)
{
    if (!boot_mem_reserve(&rb->ram, start, end)) {
        kprintf("Keel: boot: too many memory regions\n");
        kernel_stop();
    }
}

/* Free RAM: the kernel window minus the kernel, the user image and the DTB. */
static void root_boot_init_memory(root_boot_t *rb)
{
    const boot_args_t *a = rb->args;
    boot_mem_init(&rb->ram, PLAT_RAM_PADDR, (uint64_t)PLAT_RAM_PADDR + kernel_window_size());
    root_boot_reserve(rb, pptr_to_paddr((pptr_t)(uintptr_t)ki_start),
                      pptr_to_paddr((pptr_t)(uintptr_t)ki_end));
    root_boot_reserve(rb, a->ui_p_start, a->ui_p_end);
    root_boot_reserve(rb, ROUND_DOWN(a->dtb_p, PAGE_BITS),
                      ROUND_UP((uint64_t)a->dtb_p + a->dtb_size, PAGE_BITS));
}

static cte_t *root_boot_cnode_create(root_boot_t *rb)
{
    void *mem = root_boot_alloc(rb, ROOT_CNODE_BITS + SLOT_BITS);
    cap_t cap = object_create(OBJ_CNODE, ptr_to_pptr(mem), ROOT_CNODE_BITS, false);
    /* The guard makes a 32-bit cptr resolve in one level (seL4 does the same). */
    cap = cap_cnode_set_guard_size(cap, WORD_BITS - ROOT_CNODE_BITS);
    rb->cnode = mem;
    mdb_insert_root(&rb->cnode[seL4_CapInitThreadCNode], cap);
    return &rb->cnode[seL4_CapInitThreadCNode];
}

static void root_boot_tcb_create(root_boot_t *rb, cte_t *cnode_slot)
{
    void *mem = root_boot_alloc(rb, TCB_BITS);
    cap_t cap = object_create(OBJ_TCB, ptr_to_pptr(mem), 0, false);
    tcb_t *tcb = tcb_ptr(ptr_to_pptr(mem));
    cte_t *vspace_slot = &rb->cnode[seL4_CapInitThreadVSpace];

    mdb_insert_child(cnode_slot->cap, cnode_slot, tcb_slot(tcb, TCB_CTABLE));
    mdb_insert_child(vspace_slot->cap, vspace_slot, tcb_slot(tcb, TCB_VTABLE));
    mdb_insert_child(rb->ipc_buffer_slot->cap, rb->ipc_buffer_slot, tcb_slot(tcb, TCB_BUFFER));
    tcb_setup_reply_master(tcb);
    tcb->ipc_buffer = rb->ipc_buffer_v;
    tcb->context.regs[REG_PC] = rb->args->ui_v_entry;
    tcb->context.regs[REG_FAULT_IP] = rb->args->ui_v_entry;
    tcb->context.regs[REG_R0] = rb->bi_frame_v;
    tcb->context.regs[REG_CPSR] = CPSR_USER;
    tcb->priority = MAX_PRIORITY; /* seL4 starts the root task at seL4_MaxPrio */
    tcb->mcp = MAX_PRIORITY;
    tcb->time_slice = TIME_SLICE_TICKS;
    memcpy(tcb->name, "rootserver", sizeof("rootserver")); /* seL4's name for it */
    thread_set_state(tcb, THREAD_RUNNING);
    mdb_insert_root(&rb->cnode[seL4_CapInitThreadTCB], cap);
    thread_switch_to(tcb);
}

/* boot_mem_blocks callback: one untyped cap and its BootInfo entry. */
typedef struct {
    root_boot_t *rb;
    bool is_device;
} untyped_ctx_t;

static bool root_boot_untyped(void *ctx, uint64_t base, word_t bits)
{
    untyped_ctx_t *u = ctx;
    seL4_BootInfo *bi = u->rb->bi;
    word_t index = u->rb->next_slot - bi->untyped.start;
    if (index >= CONFIG_MAX_NUM_BOOTINFO_UNTYPED_CAPS || u->rb->next_slot >= BIT(ROOT_CNODE_BITS)) {
        return false;
    }
    root_boot_provide_cap(u->rb,
                          untyped_cap_for_boot(paddr_to_pptr((paddr_t)base), bits, u->is_device));
    bi->untypedList[index] = (seL4_UntypedDesc){ .paddr = (seL4_Word)base,
                                                 .sizeBits = (seL4_Uint8)bits,
                                                 .isDevice = u->is_device };
    return true;
}

/* Everything but the RAM in the kernel window and the interrupt controller
 * is device memory user level may map (seL4 hands out the same). The console
 * UART is included: the kernel only ever writes characters to it, so a
 * user-level driver can own its input and interrupts (apps/uart_driver). */
static bool root_boot_device_untypeds(root_boot_t *rb)
{
    static const boot_region_t kernel_devices[] = {
        { ROUND_DOWN(PLAT_GIC_DIST_PADDR, PAGE_BITS),
          ROUND_DOWN(PLAT_GIC_DIST_PADDR, PAGE_BITS) + BIT(PAGE_BITS) },
        { ROUND_DOWN(PLAT_GIC_CPU_PADDR, PAGE_BITS),
          ROUND_DOWN(PLAT_GIC_CPU_PADDR, PAGE_BITS) + 2 * BIT(PAGE_BITS) },
    };
    boot_mem_t dev;
    bool ok =
        boot_mem_device_space(&dev, PLAT_RAM_PADDR, (uint64_t)PLAT_RAM_PADDR + kernel_window_size(),
                              kernel_devices, ARRAY_SIZE(kernel_devices));
    untyped_ctx_t ctx = { rb, true };
    for (word_t i = 0; ok && i < dev.count; i++) {
        ok = boot_mem_blocks(dev.regions[i].start, dev.regions[i].end, PAGE_BITS, MAX_UNTYPED_BITS,
                             root_boot_untyped, &ctx);
    }
    return ok;
}

static void root_boot_untypeds(root_boot_t *rb)
{
    untyped_ctx_t ctx = { rb, false };
    bool ok = true;
    rb->bi->untyped.start = rb->next_slot;
    for (word_t i = 0; ok && i < rb->ram.count; i++) {
        ok = boot_mem_blocks(rb->ram.regions[i].start, rb->ram.regions[i].end, MIN_UNTYPED_BITS,
                             MAX_UNTYPED_BITS, root_boot_untyped, &ctx);
    }
    if (!ok || !root_boot_device_untypeds(rb)) {
        kprintf("Keel: boot: more untyped regions than BootInfo can list; some left out\n");
    }
    rb->bi->untyped.end = rb->next_slot;
}

/* The root task's virtual layout: the user image, then the IPC buffer, the
 * BootInfo frame and the extra BootInfo pages, a page each (as seL4). */
static void root_boot_layout(root_boot_t *rb)
{
    const boot_args_t *a = rb->args;
    rb->ui_v_start = a->ui_p_start - a->ui_pv_offset;
    rb->ui_v_end = a->ui_p_end - a->ui_pv_offset;
    rb->ipc_buffer_v = rb->ui_v_end;
    rb->bi_frame_v = rb->ipc_buffer_v + BIT(PAGE_BITS);
    rb->extra_bi_v = rb->bi_frame_v + BIT(PAGE_BITS);
    /* Room for the DTB record and a padding record that fills the rest. */
    rb->extra_bi_size = ROUND_UP(a->dtb_size + 2 * (word_t)sizeof(seL4_BootInfoHeader), PAGE_BITS);
}

/* The extra BootInfo pages: one record, the DTB (seL4 passes it the same
 * way, as SEL4_BOOTINFO_HEADER_FDT). Physically contiguous, power-of-two
 * sized; only the first extra_bi_size bytes are mapped. */
static void *root_boot_extra_bi(root_boot_t *rb)
{
    word_t bits = PAGE_BITS;
    while (BIT(bits) < rb->extra_bi_size) {
        bits++;
    }
    uint8_t *extra = root_boot_alloc(rb, bits);
    seL4_BootInfoHeader header = { SEL4_BOOTINFO_HEADER_FDT,
                                   rb->args->dtb_size + (word_t)sizeof(seL4_BootInfoHeader) };
    memcpy(extra, &header, sizeof(header));
    memcpy(extra + sizeof(header), pptr_to_ptr(paddr_to_pptr(rb->args->dtb_p)), rb->args->dtb_size);
    /* extraLen covers whole pages: a padding record takes up the rest. */
    seL4_BootInfoHeader padding = { SEL4_BOOTINFO_HEADER_PADDING, rb->extra_bi_size - header.len };
    memcpy(extra + header.len, &padding, sizeof(padding));
    return extra;
}

void boot_create_root_task(const boot_args_t *args)
{
    static root_boot_t rb;
    rb.args = args;
    rb.next_slot = seL4_NumInitialCaps;
    root_boot_layout(&rb);
    root_boot_init_memory(&rb);

    cte_t *cnode_slot = root_boot_cnode_create(&rb);
    mdb_insert_root(&rb.cnode[seL4_CapIRQControl], cap_irq_control_new());
    mdb_insert_root(&rb.cnode[seL4_CapDomain], cap_domain_new());

    seL4_BootInfo *bi = root_boot_alloc(&rb, PAGE_BITS);
    rb.bi = bi;
    void *extra = root_boot_extra_bi(&rb);
    arch_root_vspace_create(&rb, bi, extra);

    bi->nodeID = 0;
    bi->numNodes = CONFIG_MAX_NUM_NODES; /* as seL4: the configured cores */
    bi->ipcBuffer = (seL4_IPCBuffer *)(uintptr_t)rb.ipc_buffer_v;
    bi->initThreadCNodeSizeBits = ROOT_CNODE_BITS;
    bi->initThreadDomain = 0;
    bi->extraLen = rb.extra_bi_size;
    root_boot_tcb_create(&rb, cnode_slot);
    root_boot_untypeds(&rb);
    bi->empty = (seL4_SlotRegion){ rb.next_slot, BIT(ROOT_CNODE_BITS) };
    kprintf("Keel: root task: %u untypeds, slots %u-%u free, entry 0x%08x\n",
            bi->untyped.end - bi->untyped.start, bi->empty.start, bi->empty.end - 1,
            args->ui_v_entry);
}
