/*
 * Tutorial 7 (docs/tutorials/7-notifications.md): notifications. Signals
 * through badged caps OR their badges into the notification's word; a
 * Wait or Poll takes the word and clears it, so a signal sent before the
 * Wait is not lost. A notification bound to a thread's TCB wakes that
 * thread's Recv on an endpoint, and the badge says which of the two it was.
 */
#include <stdio.h>
#include <stdlib.h>
#include <sel4/sel4.h>
#include <rootlib/env.h>
#include <rootlib/server.h>
#include <rootlib/thread.h>

#define WORKER_PRIORITY 100
#define SERVER_PRIORITY 110

/* The server's badges: notification bits and endpoint badges kept apart. */
#define NOTIFY_BADGE 0x8u
#define CLIENT_BADGE 0x100u
#define REQUEST_STOP 2u

static struct rootlib_pool pool; /* BootInfo's slots and untypeds */
static struct rootlib_env env;

static void check(seL4_Error err, const char *what)
{
    if (err != seL4_NoError) {
        printf("notifications: %s failed with error %d\n", what, (int)err);
        exit(1);
    }
}

static seL4_CPtr new_object(seL4_Word type)
{
    seL4_CPtr cap;
    check(rootlib_alloc_object(&env, type, 0, &cap), "object allocation");
    return cap;
}

static seL4_CPtr mint(seL4_CPtr cap, seL4_Word badge)
{
    seL4_CPtr slot;
    check(rootlib_mint(&env, cap, seL4_AllRights, badge, &slot), "Mint");
    return slot;
}

/* Part 1: badges OR together; Poll takes the word without blocking. */
static void signal_and_poll(seL4_CPtr ntfn)
{
    seL4_Word word;
    seL4_Signal(mint(ntfn, 0x1));
    seL4_Signal(mint(ntfn, 0x4));
    seL4_Poll(ntfn, &word);
    printf("notifications: badges 0x1 and 0x4 signalled; Poll returns word 0x%lx\n",
           (unsigned long)word);
    seL4_Poll(ntfn, &word);
    printf("notifications: Poll again: word 0x%lx, nothing pending\n", (unsigned long)word);
}

static seL4_Word wait_once(seL4_Word ntfn)
{
    seL4_Word word;
    seL4_Wait(ntfn, &word);
    return word;
}

/* Part 2: the signal comes before the worker's Wait, and is not lost. */
static void signal_before_wait(seL4_CPtr ntfn)
{
    static struct rootlib_thread worker;
    seL4_Word word;
    check(rootlib_thread_create(&env, &worker, WORKER_PRIORITY, seL4_CapNull, 0), "worker");
    check(rootlib_thread_start(&worker, wait_once, ntfn), "start");
    seL4_Signal(mint(ntfn, 0x2)); /* the worker has not run yet: it is below us */
    rootlib_thread_join(&worker, &word);
    printf("notifications: the worker's Wait returned word 0x%lx: the signal came first\n",
           (unsigned long)word);
}

/* Part 3: the server's handler sees both kinds of message. */
static enum rootlib_server_action serve(void *ctx, seL4_Word badge, seL4_MessageInfo_t *msg)
{
    seL4_Word *served = ctx;
    (*served)++;
    if (badge & NOTIFY_BADGE) {
        printf("notifications: server: notification with word 0x%lx\n", (unsigned long)badge);
        return ROOTLIB_SERVER_NO_REPLY; /* nobody waits for an answer */
    }
    seL4_Word label = seL4_MessageInfo_get_label(*msg);
    printf("notifications: server: call through the endpoint with badge 0x%lx, label %lu\n",
           (unsigned long)badge, (unsigned long)label);
    *msg = seL4_MessageInfo_new(0, 0, 0, 0);
    return label == REQUEST_STOP ? ROOTLIB_SERVER_STOP : ROOTLIB_SERVER_REPLY;
}

static seL4_Word server_main(seL4_Word ep)
{
    seL4_Word served = 0;
    rootlib_serve(ep, serve, &served);
    return served;
}

static void bound_notification(seL4_CPtr ntfn)
{
    static struct rootlib_thread server;
    seL4_CPtr ep = new_object(seL4_EndpointObject);
    seL4_Word served;

    check(rootlib_thread_create(&env, &server, SERVER_PRIORITY, seL4_CapNull, 0), "server");
    check(seL4_TCB_BindNotification(server.tcb, ntfn), "BindNotification");
    check(rootlib_thread_start(&server, server_main, ep), "start");
    printf("notifications: server bound to the notification, waiting on its endpoint\n");
    seL4_Signal(mint(ntfn, NOTIFY_BADGE));
    seL4_Call(mint(ep, CLIENT_BADGE), seL4_MessageInfo_new(REQUEST_STOP, 0, 0, 0));
    rootlib_thread_join(&server, &served);
    printf("notifications: the server handled %lu messages\n", (unsigned long)served);
}

int main(void)
{
    rootlib_env_init(&env, &pool, seL4_GetBootInfo());
    seL4_CPtr ntfn = new_object(seL4_NotificationObject);
    signal_and_poll(ntfn);
    signal_before_wait(ntfn);
    bound_notification(ntfn);
    return 0;
}
