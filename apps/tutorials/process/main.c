/*
 * Tutorial 10 (docs/tutorials/10-process.md): a second process. The root
 * task makes an address space and a CSpace, loads the child program (an
 * ELF built separately and embedded in this one, see child_elf.S) into
 * them, hands it an endpoint cap at slot 5, starts it, answers its request,
 * repairs its fault by mapping a page, and hears of its exit.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <keel/runtime.h>
#include <sel4/sel4.h>
#include <rootlib/env.h>
#include <rootlib/process.h>
#include <rootlib/vspace.h>

/* The child's ELF, placed in this program's read-only data by the build. */
extern const char child_elf[], child_elf_end[];

#define CHILD_CNODE_BITS 8
#define CHILD_PRIORITY 100
#define CHILD_SERVICE_SLOT 5u
#define SERVICE_BADGE 0x7u
#define FAULT_BADGE 0x9u
/* In the child: its IPC buffer, then the page its runtime reads as BootInfo. */
#define CHILD_IPC_BUFFER 0x30000000u
#define CHILD_BOOTINFO 0x30001000u

static struct rootlib_pool pool; /* BootInfo's slots and untypeds */
static struct rootlib_env env;
static seL4_BootInfo child_bootinfo;

static void check(seL4_Error err, const char *what)
{
    if (err != seL4_NoError) {
        printf("process: %s failed with error %d\n", what, (int)err);
        exit(1);
    }
}

/* The page Keel's runtime takes as BootInfo in the child: only the IPC
 * buffer's address matters to it. */
static void give_bootinfo(struct rootlib_process *p)
{
    seL4_CPtr frame;
    child_bootinfo.ipcBuffer = (seL4_IPCBuffer *)CHILD_IPC_BUFFER;
    child_bootinfo.numNodes = 1;
    check(rootlib_process_map_new_page(&env, p, CHILD_BOOTINFO, &frame), "BootInfo page");
    check(rootlib_process_write(&env, frame, 0, &child_bootinfo, sizeof(child_bootinfo)),
          "BootInfo write");
}

int main(void)
{
    static struct rootlib_process child;
    seL4_CPtr service, fault_ep;
    seL4_Word badge;
    seL4_Word elf_size = (seL4_Word)(child_elf_end - child_elf);

    rootlib_env_init(&env, &pool, seL4_GetBootInfo());
    check(rootlib_process_create(&env, &child, CHILD_CNODE_BITS), "process");
    printf("process: a new CSpace (2^%d slots) and VSpace; its TCB, CNode, VSpace in slots "
           "1-3\n",
           CHILD_CNODE_BITS);
    check(rootlib_process_load_elf(&env, &child, child_elf, elf_size), "ELF load");
    printf("process: loaded the child's ELF (%lu bytes), entry 0x%08lx\n", (unsigned long)elf_size,
           (unsigned long)child.entry);

    check(rootlib_alloc_object(&env, seL4_EndpointObject, 0, &service), "endpoint");
    check(rootlib_alloc_object(&env, seL4_EndpointObject, 0, &fault_ep), "endpoint");
    check(rootlib_process_give(&child, CHILD_SERVICE_SLOT, service, seL4_CapRights_new(1, 0, 0, 1),
                               SERVICE_BADGE),
          "give");
    printf("process: an endpoint with badge 0x%x in its slot %u\n", SERVICE_BADGE,
           CHILD_SERVICE_SLOT);
    give_bootinfo(&child);
    check(rootlib_process_start(&env, &child, CHILD_IPC_BUFFER, CHILD_BOOTINFO, CHILD_PRIORITY,
                                fault_ep, FAULT_BADGE),
          "start");

    seL4_Recv(service, &badge);
    printf("process: request from badge 0x%lx: %lu; replying %lu\n", (unsigned long)badge,
           (unsigned long)seL4_GetMR(0), (unsigned long)seL4_GetMR(0) * 2);
    seL4_SetMR(0, seL4_GetMR(0) * 2);
    seL4_Reply(seL4_MessageInfo_new(0, 0, 0, 1));

    /* Its fault: a page where it read, then a reply, which restarts the load. */
    seL4_MessageInfo_t info = seL4_Recv(fault_ep, &badge);
    seL4_Word address = seL4_GetMR(seL4_VMFault_Addr);
    printf("process: fault from badge 0x%lx: label %lu (seL4_Fault_VMFault) at 0x%08lx; "
           "mapping a page there\n",
           (unsigned long)badge, (unsigned long)seL4_MessageInfo_get_label(info),
           (unsigned long)address);
    check(rootlib_process_map_new_page(&env, &child, address & ~(ROOTLIB_PAGE_SIZE - 1), NULL),
          "page");
    seL4_Reply(seL4_MessageInfo_new(0, 0, 0, 0));

    /* Its exit: the runtime's message on the same endpoint, label 0. */
    info = seL4_Recv(fault_ep, &badge);
    if (seL4_MessageInfo_get_label(info) != KEEL_PROCESS_EXIT_LABEL) {
        printf("process: another fault (label %lu) instead of an exit\n",
               (unsigned long)seL4_MessageInfo_get_label(info));
        return 1;
    }
    printf("process: the child exited with status %lu (badge 0x%lx, label 0); it suspends "
           "itself\n",
           (unsigned long)seL4_GetMR(0), (unsigned long)badge);
    return 0;
}
