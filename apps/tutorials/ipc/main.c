/*
 * Tutorial 6 (docs/tutorials/6-ipc.md): IPC with badges. A server thread
 * keeps a running total per client; each client calls it through its own
 * badged copy of the endpoint cap, so the badge tells the server who
 * called. The server is rootlib_serve: Recv once, then ReplyRecv.
 */
#include <stdio.h>
#include <stdlib.h>
#include <sel4/sel4.h>
#include <rootlib/env.h>
#include <rootlib/server.h>
#include <rootlib/thread.h>

/* The protocol: a request's label says what it asks for. */
enum { REQUEST_ADD = 1, REQUEST_STOP = 2 };
enum { REPLY_OK = 0, REPLY_ERROR = 1 };

/* The server runs above its clients, so it answers each call at once;
 * client 1 runs above client 2, so their lines come out in order. */
#define SERVER_PRIORITY 110
#define CLIENT1_PRIORITY 90
#define CLIENT2_PRIORITY 80
#define MAX_BADGE 8

static struct rootlib_pool pool; /* BootInfo's slots and untypeds */
static struct rootlib_env env;

struct server_state {
    seL4_Word totals[MAX_BADGE]; /* indexed by the caller's badge */
    seL4_Word requests;
};

static void check(seL4_Error err, const char *what)
{
    if (err != seL4_NoError) {
        printf("ipc: %s failed with error %d\n", what, (int)err);
        exit(1);
    }
}

/* One request: MR0 is the number to add; the reply's MR0 the new total. */
static enum rootlib_server_action handle(void *ctx, seL4_Word badge, seL4_MessageInfo_t *msg)
{
    struct server_state *s = ctx;
    seL4_Word label = seL4_MessageInfo_get_label(*msg);

    s->requests++;
    if (label == REQUEST_STOP) {
        *msg = seL4_MessageInfo_new(REPLY_OK, 0, 0, 0);
        return ROOTLIB_SERVER_STOP;
    }
    if (label != REQUEST_ADD || badge == 0 || badge >= MAX_BADGE ||
        seL4_MessageInfo_get_length(*msg) != 1) {
        *msg = seL4_MessageInfo_new(REPLY_ERROR, 0, 0, 0);
        return ROOTLIB_SERVER_REPLY;
    }
    s->totals[badge] += seL4_GetMR(0);
    seL4_SetMR(0, s->totals[badge]);
    *msg = seL4_MessageInfo_new(REPLY_OK, 0, 0, 1);
    return ROOTLIB_SERVER_REPLY;
}

static seL4_Word server_main(seL4_Word ep)
{
    static struct server_state state;
    rootlib_serve(ep, handle, &state);
    return state.requests;
}

/* What a client does: a Call carrying `value` through its badged cap. */
static void add(seL4_CPtr ep, seL4_Word client, seL4_Word value)
{
    seL4_SetMR(0, value);
    seL4_MessageInfo_t reply = seL4_Call(ep, seL4_MessageInfo_new(REQUEST_ADD, 0, 0, 1));
    printf("ipc: client %lu: add %lu -> total %lu\n", (unsigned long)client, (unsigned long)value,
           (unsigned long)seL4_GetMR(0));
    (void)reply;
}

static seL4_Word client1_main(seL4_Word ep)
{
    add(ep, 1, 5);
    add(ep, 1, 7);
    return 0;
}

static seL4_Word client2_main(seL4_Word ep)
{
    add(ep, 2, 100);
    seL4_MessageInfo_t reply = seL4_Call(ep, seL4_MessageInfo_new(99, 0, 0, 0));
    printf("ipc: client 2: an unknown request -> reply label %lu (error)\n",
           (unsigned long)seL4_MessageInfo_get_label(reply));
    return 0;
}

/* A copy of the endpoint cap with a badge, and just the rights a Call
 * needs: write (to send) and grant-reply (for the reply cap). */
static seL4_CPtr badged_copy(seL4_CPtr ep, seL4_Word badge)
{
    seL4_CPtr slot;
    check(rootlib_mint(&env, ep, seL4_CapRights_new(1, 0, 0, 1), badge, &slot), "Mint");
    return slot;
}

static void start(struct rootlib_thread *t, seL4_Word priority, rootlib_thread_fn_t *fn,
                  seL4_Word arg)
{
    check(rootlib_thread_create(&env, t, priority, seL4_CapNull, 0), "thread");
    check(rootlib_thread_start(t, fn, arg), "start");
}

int main(void)
{
    static struct rootlib_thread server, client1, client2;
    seL4_CPtr ep;
    seL4_Word served;

    rootlib_env_init(&env, &pool, seL4_GetBootInfo());
    check(rootlib_alloc_object(&env, seL4_EndpointObject, 0, &ep), "endpoint");
    start(&server, SERVER_PRIORITY, server_main, ep);
    printf("ipc: server at priority %d waits on the endpoint in slot %lu\n", SERVER_PRIORITY,
           (unsigned long)ep);
    start(&client1, CLIENT1_PRIORITY, client1_main, badged_copy(ep, 1));
    start(&client2, CLIENT2_PRIORITY, client2_main, badged_copy(ep, 2));
    rootlib_thread_join(&client1, NULL);
    rootlib_thread_join(&client2, NULL);

    seL4_Call(badged_copy(ep, 7), seL4_MessageInfo_new(REQUEST_STOP, 0, 0, 0));
    rootlib_thread_join(&server, &served);
    printf("ipc: clients done; the server stopped after %lu requests\n", (unsigned long)served);
    return 0;
}
