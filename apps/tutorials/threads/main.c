/*
 * Tutorial 5 (docs/tutorials/5-threads.md): threads. rootlib makes two
 * threads in the root task's address space, each with its own stack, IPC
 * buffer and TLS; they run side by side and are joined through their
 * notifications. A third thread faults on purpose, and the root task
 * receives the fault as a message on the thread's fault endpoint.
 */
#include <stdio.h>
#include <stdlib.h>
#include <sel4/sel4.h>
#include <rootlib/env.h>
#include <rootlib/thread.h>

#define WORKER_PRIORITY 100 /* below the root task's 255: it waits, they run */
#define FAULTY_BADGE 3u
#define UNMAPPED_ADDRESS 0x1000u

static struct rootlib_pool pool; /* BootInfo's slots and untypeds */
static struct rootlib_env env;

/* Each thread has its own copy of a thread-local variable. */
static __thread seL4_Word steps;

static void check(seL4_Error err, const char *what)
{
    if (err != seL4_NoError) {
        printf("threads: %s failed with error %d\n", what, (int)err);
        exit(1);
    }
}

/* The sum 1 + 2 + ... + n, counting its steps in the thread's own `steps`. */
static seL4_Word sum_to(seL4_Word n)
{
    seL4_Word sum = 0;
    for (seL4_Word i = 1; i <= n; i++) {
        sum += i;
        steps++;
    }
    return steps == n ? sum : 0; /* 0 would mean another thread's steps leaked in */
}

static seL4_Word write_unmapped(seL4_Word address)
{
    *(volatile seL4_Word *)address = 1;
    return 0; /* not reached: the fault stops the thread */
}

static void workers(void)
{
    static struct rootlib_thread a, b;
    seL4_Word sum_a, sum_b;

    check(rootlib_thread_create(&env, &a, WORKER_PRIORITY, seL4_CapNull, 0), "thread a");
    check(rootlib_thread_create(&env, &b, WORKER_PRIORITY, seL4_CapNull, 0), "thread b");
    printf("threads: two threads at priority %d, stacks below 0x%08lx and 0x%08lx\n",
           WORKER_PRIORITY, (unsigned long)a.stack_top, (unsigned long)b.stack_top);
    check(rootlib_thread_start(&a, sum_to, 1000), "start a");
    check(rootlib_thread_start(&b, sum_to, 2000), "start b");
    rootlib_thread_join(&a, &sum_a);
    rootlib_thread_join(&b, &sum_b);
    printf("threads: joined: 1+...+1000 = %lu, 1+...+2000 = %lu\n", (unsigned long)sum_a,
           (unsigned long)sum_b);
    printf("threads: the root task's own steps counter is still %lu\n", (unsigned long)steps);
}

/* A thread whose fault endpoint is a badged cap: its VM fault arrives as a
 * message with label seL4_Fault_VMFault, the badge naming the thread. */
static void faulty(void)
{
    static struct rootlib_thread t;
    seL4_CPtr ep, badged;
    seL4_Word badge;

    check(rootlib_alloc_object(&env, seL4_EndpointObject, 0, &ep), "endpoint");
    check(rootlib_mint(&env, ep, seL4_AllRights, FAULTY_BADGE, &badged), "Mint");
    check(rootlib_thread_create(&env, &t, WORKER_PRIORITY, badged, 0), "faulty thread");
    check(rootlib_thread_start(&t, write_unmapped, UNMAPPED_ADDRESS), "start");
    seL4_MessageInfo_t info = seL4_Recv(ep, &badge);
    printf("threads: fault message from badge %lu: label %lu (seL4_Fault_VMFault), "
           "address 0x%08lx\n",
           (unsigned long)badge, (unsigned long)seL4_MessageInfo_get_label(info),
           (unsigned long)seL4_GetMR(seL4_VMFault_Addr));
    check(seL4_TCB_Suspend(t.tcb), "Suspend"); /* no reply: it would fault again */
}

int main(void)
{
    rootlib_env_init(&env, &pool, seL4_GetBootInfo());
    workers();
    faulty();
    return 0;
}
