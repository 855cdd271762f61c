/*
 * Tutorial 10's second process (docs/tutorials/10-process.md): a program
 * of its own, loaded by the root task into a new address space and
 * CSpace. Keel's C runtime starts it as it starts a root task, from the
 * BootInfo-shaped page the root task prepared (only ipcBuffer is set).
 * It asks the root task a question through the endpoint in its slot 5,
 * then touches unmapped memory: its fault goes to the root task, which
 * ends it (returning from main would halt the whole system).
 */
#include <stdio.h>
#include <sel4/sel4.h>

#define SERVICE_SLOT 5u /* where the root task put the endpoint */
#define UNMAPPED_ADDRESS 0x1000u

int main(void)
{
    seL4_BootInfo *bi = seL4_GetBootInfo();
    printf("child: hello from my own address space; IPC buffer at %p\n", (void *)bi->ipcBuffer);
    seL4_SetMR(0, 21);
    seL4_Call(SERVICE_SLOT, seL4_MessageInfo_new(0, 0, 0, 1));
    printf("child: the root task answered %lu\n", (unsigned long)seL4_GetMR(0));
    printf("child: now reading 0x%08x, which is not mapped here\n", UNMAPPED_ADDRESS);
    return (int)*(volatile seL4_Word *)UNMAPPED_ADDRESS;
}
