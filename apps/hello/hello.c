/*
 * apps/hello: the main image's root task. It prints a summary of the
 * seL4_BootInfo the kernel handed it (through picolibc's printf on the
 * kernel's debug console) and returns; the runtime then halts the system,
 * which powers QEMU off (a release build parks it instead: see
 * <keel/runtime.h>). manifest.xml's boot test checks these lines.
 */
#include <stdint.h>
#include <stdio.h>
#include <sel4/sel4.h>

struct untyped_totals {
    unsigned count;
    uint64_t bytes;
};

static void print_region(const char *what, seL4_SlotRegion r)
{
    printf("hello: %s in slots [0x%lx, 0x%lx) (%lu)\n", what, (unsigned long)r.start,
           (unsigned long)r.end, (unsigned long)(r.end - r.start));
}

static void print_totals(const char *kind, struct untyped_totals t)
{
    printf("hello:   %s: %u untypeds, %llu bytes (%llu MiB)\n", kind, t.count,
           (unsigned long long)t.bytes, (unsigned long long)(t.bytes >> 20));
}

int main(void)
{
    seL4_BootInfo *bi = seL4_GetBootInfo();
    struct untyped_totals ram = { 0, 0 }, device = { 0, 0 };
    seL4_Word n = bi->untyped.end - bi->untyped.start;

    for (seL4_Word i = 0; i < n; i++) {
        const seL4_UntypedDesc *u = &bi->untypedList[i];
        struct untyped_totals *t = u->isDevice ? &device : &ram;
        t->count++;
        t->bytes += (uint64_t)1 << u->sizeBits;
    }

    printf("hello: BootInfo at %p, IPC buffer at %p\n", (void *)bi, (void *)bi->ipcBuffer);
    printf("hello: root CNode 2^%lu slots\n", (unsigned long)bi->initThreadCNodeSizeBits);
    print_region("empty", bi->empty);
    print_region("user image frames", bi->userImageFrames);
    print_region("untypeds", bi->untyped);
    print_totals("RAM", ram);
    print_totals("device", device);

    /* The kernel's debug view of the threads: this one, renamed, and idle
     * (debug system calls, which only the builds that have them declare). */
#ifdef CONFIG_DEBUG_BUILD
    seL4_DebugNameThread(seL4_CapInitThreadTCB, "hello");
#endif
#ifdef CONFIG_PRINTING
    seL4_DebugDumpScheduler();
#endif
    return 0;
}
