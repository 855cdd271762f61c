/*
 * Tutorial 10's second process (docs/tutorials/10-process.md): a program
 * of its own, loaded by the root task into a new address space and
 * CSpace. Keel's C runtime starts it as it starts a root task, from the
 * BootInfo-shaped page the root task prepared (only ipcBuffer is set).
 * It asks the root task a question through the endpoint in its slot 5,
 * touches memory its address space lacks (the root task maps a page there
 * and lets it go on), and returns from main: built with keel_process, its
 * runtime then reports the status to its parent and suspends it.
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
    seL4_Word answer = seL4_GetMR(0);
    printf("child: the root task answered %lu\n", (unsigned long)answer);
    printf("child: now reading 0x%08x, which is not mapped here\n", UNMAPPED_ADDRESS);
    seL4_Word value = *(volatile seL4_Word *)UNMAPPED_ADDRESS;
    printf("child: it reads %lu now; returning %lu from main\n", (unsigned long)value,
           (unsigned long)(answer / 6));
    return (int)(answer / 6);
}
