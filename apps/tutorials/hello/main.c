/*
 * Tutorial 1 (docs/tutorials/1-hello.md): a root task says hello and reads
 * the seL4_BootInfo the kernel gives it, then hands BootInfo's free slots
 * and untypeds to rootlib, which later tutorials allocate from.
 */
#include <stdio.h>
#include <sel4/sel4.h>
#include <rootlib/env.h>

static struct rootlib_pool pool; /* BootInfo's slots and untypeds */
static struct rootlib_env env;

/* The largest RAM untyped BootInfo lists, as an index into untypedList. */
static seL4_Word largest_ram_untyped(const seL4_BootInfo *bi)
{
    seL4_Word best = 0, best_bits = 0;
    for (seL4_Word i = 0; i < bi->untyped.end - bi->untyped.start; i++) {
        const seL4_UntypedDesc *u = &bi->untypedList[i];
        if (!u->isDevice && u->sizeBits > best_bits) {
            best = i;
            best_bits = u->sizeBits;
        }
    }
    return best;
}

int main(void)
{
    seL4_BootInfo *bi = seL4_GetBootInfo();

    printf("hello: Hello, world!\n");
    printf("hello: node %lu of %lu, IPC buffer at %p\n", (unsigned long)bi->nodeID,
           (unsigned long)bi->numNodes, (void *)bi->ipcBuffer);
    printf("hello: root CNode has 2^%lu slots\n", (unsigned long)bi->initThreadCNodeSizeBits);
    printf("hello: empty slots [%lu, %lu)\n", (unsigned long)bi->empty.start,
           (unsigned long)bi->empty.end);

    seL4_Word ram = 0, device = 0;
    for (seL4_Word i = 0; i < bi->untyped.end - bi->untyped.start; i++) {
        bi->untypedList[i].isDevice ? device++ : ram++;
    }
    printf("hello: untypeds in slots [%lu, %lu): %lu RAM, %lu device\n",
           (unsigned long)bi->untyped.start, (unsigned long)bi->untyped.end, (unsigned long)ram,
           (unsigned long)device);
    seL4_Word big = largest_ram_untyped(bi);
    printf("hello: largest RAM untyped: slot %lu, 2^%u bytes at 0x%08lx\n",
           (unsigned long)(bi->untyped.start + big), (unsigned)bi->untypedList[big].sizeBits,
           (unsigned long)bi->untypedList[big].paddr);

    rootlib_env_init(&env, &pool, bi);
    printf("hello: rootlib manages %lu free slots and %u untypeds\n",
           (unsigned long)pool.slots.available, pool.untypeds.count);
    return 0;
}
