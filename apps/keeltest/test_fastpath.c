/*
 * keeltest: the IPC fast path (src/fastpath) gives exactly what the general
 * path gives. The series below sends a long pseudo-random run of Calls
 * (lengths 0..8 words, labels, badges, a cap now and then) to servers of
 * higher, equal and lower priority, one of them in a second address space,
 * which answer with ReplyRecv; every message and reply is checked against
 * what was sent, and a digest of everything user level observed (message
 * contents, badges, message info, the order the threads ran in) is printed.
 * tools/run_tests.py compares the digest of a build with the fast path
 * (KernelFastpath=ON) with that of one without: they must be equal. The
 * other tests make cases the fast path must leave to the general path.
 */
#include <stdio.h>
#include <string.h>
#include <keel/runtime.h>
#include "keeltest.h"

#define PAGE_SIZE ((seL4_Word)1 << seL4_PageBits)
#define SERVERS 4
#define SERIES_MESSAGES 3000
#define MAX_WORDS 8

/* The servers' places relative to the client (the test's thread). */
static const int server_priority_offset[SERVERS] = { +2, 0, -2, +1 };
#define OTHER_SPACE_SERVER 3

/* Shared by the client and the servers: globals, so that the server in the
 * second address space (which maps the same image frames) sees them too. */
static struct series {
    seL4_CPtr ep[SERVERS];       /* each server receives on its own */
    seL4_CPtr recv_slot;         /* where servers take a transferred cap */
    volatile seL4_Word sequence; /* bumped by whoever runs next */
    volatile seL4_Word stop;
    /* What the last server to receive saw. */
    volatile seL4_Word seen_badge, seen_info, seen_words[MAX_WORDS], seen_sequence;
    volatile seL4_Word seen_server, seen_cap;
    volatile seL4_Word failures;
} series;

/* FNV-1a over words: the digest the two builds must agree on. */
static seL4_Word digest_word(seL4_Word h, seL4_Word w)
{
    for (int i = 0; i < 4; i++) {
        h = (h ^ ((w >> (8 * i)) & 0xff)) * 16777619u;
    }
    return h;
}

/* A xorshift generator: the same series on every kernel. */
static seL4_Word next_random(seL4_Word *state)
{
    seL4_Word x = *state;
    x ^= x << 13;
    x ^= x >> 17;
    x ^= x << 5;
    return *state = x;
}

/* The reply a server gives to a message: derived from it, so the client
 * can check it. */
static seL4_Word reply_word(seL4_Word w, seL4_Word i, seL4_Word server)
{
    return ~w + i * 0x9e3779b9u + server;
}

/* Receives, records what arrived, answers; never returns (the test
 * suspends it). */
static void series_server(seL4_Word server, seL4_Word unused)
{
    (void)unused;
    seL4_Word badge;
    seL4_SetCapReceivePath(seL4_CapInitThreadCNode, series.recv_slot, seL4_WordBits);
    seL4_MessageInfo_t info = seL4_Recv(series.ep[server], &badge);
    for (;;) {
        seL4_Word length = seL4_MessageInfo_get_length(info);
        series.seen_server = server;
        series.seen_badge = badge;
        series.seen_info = info.words[0];
        series.seen_sequence = ++series.sequence;
        series.seen_cap = seL4_MessageInfo_get_extraCaps(info);
        for (seL4_Word i = 0; i < MAX_WORDS; i++) {
            series.seen_words[i] = i < length ? seL4_GetMR(i) : 0;
        }
        if (series.seen_cap != 0) {
            /* keep the receive slot free for the next one */
            if (seL4_CNode_Delete(seL4_CapInitThreadCNode, series.recv_slot, seL4_WordBits)) {
                series.failures++;
            }
        }
        seL4_Word reply_length = (length + server) % (MAX_WORDS + 1);
        for (seL4_Word i = 0; i < reply_length; i++) {
            seL4_SetMR(i, reply_word(i < length ? series.seen_words[i] : badge, i, server));
        }
        seL4_MessageInfo_t reply =
            seL4_MessageInfo_new(seL4_MessageInfo_get_label(info) ^ 0x5a5a5, 0, 0, reply_length);
        info = seL4_ReplyRecv(series.ep[server], reply, &badge);
    }
}

/* ---- A second address space: the image and the thread's own pages ---- */

/* Maps a copy of `frame` at vaddr in pd, adding a page table there first if
 * `*covered` (the 1 MiB section last given one) is another section. */
static void other_map(struct test_env *env, seL4_CPtr pd, seL4_CPtr frame, seL4_Word vaddr,
                      seL4_Word *covered)
{
    if ((vaddr & ~0xfffffu) != *covered) {
        *covered = vaddr & ~0xfffffu;
        seL4_CPtr pt = test_retype(env, seL4_ARM_PageTableObject, 0);
        CHECK_OK(seL4_ARM_PageTable_Map(pt, pd, *covered, seL4_ARM_Default_VMAttributes));
    }
    seL4_CPtr copy = test_copy(env, frame, seL4_AllRights);
    CHECK_OK(seL4_ARM_Page_Map(copy, pd, vaddr, seL4_AllRights, seL4_ARM_Default_VMAttributes));
}

extern char __executable_start[];

/* A page directory with its own ASID that maps the root task's image as
 * the root VSpace does. */
static seL4_CPtr other_space_new(struct test_env *env)
{
    const seL4_BootInfo *bi = env->bootinfo;
    seL4_CPtr pd = test_retype(env, seL4_ARM_PageDirectoryObject, 0);
    CHECK_OK(seL4_ARM_ASIDPool_Assign(seL4_CapInitThreadASIDPool, pd));
    seL4_Word covered = 1; /* no section yet: sections are 1 MiB aligned */
    for (seL4_CPtr f = bi->userImageFrames.start; f < bi->userImageFrames.end; f++) {
        other_map(env, pd, f,
                  (seL4_Word)__executable_start + (f - bi->userImageFrames.start) * PAGE_SIZE,
                  &covered);
    }
    return pd;
}

/* What a thread of the second space starts with (its first page). */
struct other_block {
    test_thread_fn_t *fn;
    seL4_Word arg0;
    seL4_IPCBuffer *ipc_buffer;
};

static _Noreturn void other_entry(struct other_block *b)
{
    seL4_SetIPCBuffer(b->ipc_buffer);
    b->fn(b->arg0, 0);
    for (;;) {
        seL4_Yield();
    }
}

/* A thread in pd running fn(arg0): IPC buffer, start-up page and stack of
 * its own, mapped at the same addresses in the root VSpace (where this
 * function fills them in) and in pd. */
static seL4_CPtr other_thread_new(struct test_env *env, seL4_CPtr pd, seL4_Word priority,
                                  test_thread_fn_t *fn, seL4_Word arg0)
{
    seL4_Word base = test_vaddr(env, 0); /* the first 1 MiB: nothing else of this test */
    seL4_Word covered = 1;
    seL4_CPtr frames[4];
    for (int i = 0; i < 4; i++) {
        frames[i] = test_retype(env, seL4_ARM_SmallPageObject, 0);
        test_map_frame(env, frames[i], base + i * PAGE_SIZE);
        other_map(env, pd, frames[i], base + i * PAGE_SIZE, &covered);
    }
    struct other_block *b = (struct other_block *)(base + PAGE_SIZE);
    b->fn = fn;
    b->arg0 = arg0;
    b->ipc_buffer = (seL4_IPCBuffer *)base;
    seL4_CPtr tcb = test_retype(env, seL4_TCBObject, 0);
    CHECK_OK(seL4_TCB_Configure(tcb, env->fault_ep, env->cnode, 0, pd, 0, base, frames[0]));
    CHECK_OK(seL4_TCB_SetPriority(tcb, env->tcb, priority));
    seL4_UserContext regs;
    memset(&regs, 0, sizeof regs);
    regs.pc = (seL4_Word)other_entry;
    regs.sp = base + 4 * PAGE_SIZE;
    regs.r0 = (seL4_Word)b;
    regs.tpidruro = keel_tls_init((char *)b + 256);
    CHECK_OK(seL4_TCB_WriteRegisters(tcb, true, 0, sizeof(regs) / sizeof(seL4_Word), &regs));
    return tcb;
}

/* ---- The series ---- */

KEEL_TEST_SIZED(fastpath_randomised_series_matches_the_general_path, 22,
                "3000 Calls with pseudo-random lengths (0-8 words), labels, badges and the "
                "odd cap to servers above, at and below the client's priority, one in a "
                "second address space: every message and reply arrives as sent; the digest "
                "of all user level saw is the same with and without the fast path")
{
    memset((void *)&series, 0, sizeof(series));
    seL4_CPtr caps[SERVERS][3];
    seL4_CPtr tcbs[SERVERS];
    struct test_thread threads[SERVERS];
    series.recv_slot = test_slot(env);
    seL4_CPtr pd = other_space_new(env);
    for (int s = 0; s < SERVERS; s++) {
        series.ep[s] = test_retype(env, seL4_EndpointObject, 0);
        caps[s][0] = series.ep[s]; /* unbadged, all rights */
        caps[s][1] = test_mint(env, series.ep[s], seL4_AllRights, 0x100 + s);
        /* no Grant: a cap sent through it does not arrive */
        caps[s][2] = test_mint(env, series.ep[s], seL4_CapRights_new(1, 0, 0, 1), 0x200 + s);
        seL4_Word priority = env->priority + server_priority_offset[s];
        if (s == OTHER_SPACE_SERVER) {
            tcbs[s] = other_thread_new(env, pd, priority, series_server, s);
        } else {
            test_thread_new(env, &threads[s], priority, env->fault_ep);
            test_thread_start(&threads[s], series_server, s, 0);
            tcbs[s] = threads[s].tcb;
        }
    }
    seL4_CPtr gift = test_retype(env, seL4_NotificationObject, 0);

    seL4_Word random = 0x2545f491u, digest = 2166136261u, words[MAX_WORDS];
    for (seL4_Word n = 0; n < SERIES_MESSAGES; n++) {
        seL4_Word r = next_random(&random);
        seL4_Word server = r % SERVERS, which = (r >> 4) % 3;
        seL4_Word length = (r >> 8) % (MAX_WORDS + 1);
        seL4_Word send_cap = ((r >> 12) & 15) == 0;
        seL4_Word label = next_random(&random) & 0xfffff;
        for (seL4_Word i = 0; i < MAX_WORDS; i++) {
            words[i] = next_random(&random);
            seL4_SetMR(i, words[i]);
        }
        if (send_cap) {
            seL4_SetCap(0, gift);
        }
        seL4_MessageInfo_t info = seL4_MessageInfo_new(label, 0, send_cap, length);
        seL4_Word before = series.sequence;
        info = seL4_Call(caps[server][which], info);

        /* What the server saw. */
        seL4_Word badge = which == 0 ? 0 : (which == 1 ? 0x100 : 0x200) + server;
        CHECK_EQ(series.seen_server, server);
        CHECK_EQ(series.seen_sequence, before + 1);
        CHECK_EQ(series.seen_badge, badge);
        CHECK_EQ(seL4_MessageInfo_get_label((seL4_MessageInfo_t){ { series.seen_info } }), label);
        CHECK_EQ(seL4_MessageInfo_get_length((seL4_MessageInfo_t){ { series.seen_info } }), length);
        CHECK_EQ(series.seen_cap, send_cap && which != 2);
        for (seL4_Word i = 0; i < length; i++) {
            CHECK_EQ(series.seen_words[i], words[i]);
        }
        /* What came back. */
        seL4_Word reply_length = (length + server) % (MAX_WORDS + 1);
        CHECK_EQ(seL4_MessageInfo_get_label(info), label ^ 0x5a5a5);
        CHECK_EQ(seL4_MessageInfo_get_length(info), reply_length);
        CHECK_EQ(seL4_MessageInfo_get_extraCaps(info), 0);
        digest = digest_word(digest, series.seen_info);
        digest = digest_word(digest, series.seen_badge);
        digest = digest_word(digest, series.seen_sequence);
        digest = digest_word(digest, info.words[0]);
        for (seL4_Word i = 0; i < reply_length; i++) {
            seL4_Word expect = reply_word(i < length ? words[i] : badge, i, server);
            CHECK_EQ(seL4_GetMR(i), expect);
            digest = digest_word(digest, seL4_GetMR(i));
        }
    }
    for (int s = 0; s < SERVERS; s++) {
        CHECK_OK(seL4_TCB_Suspend(tcbs[s]));
    }
    CHECK_EQ(series.failures, 0);
    printf("fastpath series digest 0x%08lx after %u messages\n", (unsigned long)digest,
           (unsigned)SERIES_MESSAGES);
}

/* ---- Cases the fast path must leave alone ---- */

static volatile seL4_Word case_ran, case_returned, case_badge;

/* Receives once on the endpoint in arg 0 and replies with its badge. */
static void answers_once(seL4_Word ep, seL4_Word unused)
{
    (void)unused;
    seL4_Word badge;
    seL4_Recv(ep, &badge);
    case_badge = badge;
    case_ran = 1;
    seL4_SetMR(0, badge);
    seL4_Reply(seL4_MessageInfo_new(0, 0, 0, 1));
}

/* Calls the cap in arg 0 with no words, then notes it came back. */
static void calls_once(seL4_Word cap, seL4_Word unused)
{
    (void)unused;
    seL4_Call(cap, seL4_MessageInfo_new(3, 0, 0, 0));
    case_returned = 1;
}

KEEL_TEST(fastpath_call_without_grant_rights_leaves_the_caller_inactive,
          "a Call through an endpoint cap with neither Grant nor GrantReply delivers the "
          "message but leaves the caller inactive with no reply cap (the general path's "
          "rule): the server's Reply finds no caller, the caller never returns")
{
    struct test_thread server, client;
    seL4_CPtr ep = test_retype(env, seL4_EndpointObject, 0);
    seL4_CPtr send_only = test_mint(env, ep, seL4_CapRights_new(0, 0, 0, 1), 7);
    case_ran = case_returned = 0;
    test_thread_new(env, &server, env->priority + 2, env->fault_ep);
    test_thread_start(&server, answers_once, ep, 0);
    test_thread_new(env, &client, env->priority + 1, env->fault_ep);
    test_thread_start(&client, calls_once, send_only, 0);
    CHECK_EQ(case_ran, 1);
    CHECK_EQ(case_badge, 7);
    CHECK_EQ(case_returned, 0);
    CHECK_OK(seL4_TCB_Suspend(client.tcb));
}

/* Recv, Reply, then ReplyRecv with no caller left: its reply part is
 * dropped and it receives the next message, which it answers with 2. */
static void replies_twice(seL4_Word ep, seL4_Word unused)
{
    (void)unused;
    seL4_Word badge;
    seL4_Recv(ep, &badge);
    seL4_SetMR(0, 1);
    seL4_Reply(seL4_MessageInfo_new(0, 0, 0, 1));
    seL4_SetMR(0, 0xdead);
    seL4_ReplyRecv(ep, seL4_MessageInfo_new(0, 0, 0, 1), &badge);
    seL4_SetMR(0, 2);
    seL4_Reply(seL4_MessageInfo_new(0, 0, 0, 1));
}

KEEL_TEST(fastpath_reply_recv_after_the_reply_cap_was_used_only_receives,
          "ReplyRecv by a server whose reply cap is already used drops the reply and "
          "receives: the next caller gets the answer to its own Call")
{
    struct test_thread server;
    seL4_CPtr ep = test_retype(env, seL4_EndpointObject, 0);
    test_thread_new(env, &server, env->priority + 1, env->fault_ep);
    test_thread_start(&server, replies_twice, ep, 0);
    seL4_MessageInfo_t info = seL4_Call(ep, seL4_MessageInfo_new(0, 0, 0, 0));
    CHECK_EQ(seL4_MessageInfo_get_length(info), 1);
    CHECK_EQ(seL4_GetMR(0), 1);
    info = seL4_Call(ep, seL4_MessageInfo_new(0, 0, 0, 0));
    CHECK_EQ(seL4_GetMR(0), 2);
}

/* The order two threads ran in. */
static volatile seL4_Word order[4], order_length;

static void logs_its_id(seL4_Word id, seL4_Word unused)
{
    (void)unused;
    order[order_length++] = id;
}

static void serves_low(seL4_Word ep, seL4_Word unused)
{
    (void)unused;
    seL4_Word badge;
    seL4_Recv(ep, &badge);
    order[order_length++] = 1;
    seL4_Reply(seL4_MessageInfo_new(0, 0, 0, 0));
}

KEEL_TEST(fastpath_call_to_a_lower_server_runs_a_higher_ready_thread_first,
          "a Call to a server below both the caller and a ready thread runs the ready "
          "thread first (the scheduler's choice, not a direct switch)")
{
    struct test_thread server, ready;
    seL4_CPtr ep = test_retype(env, seL4_EndpointObject, 0);
    order_length = 0;
    /* The server starts above the test, so it is waiting in Recv at once;
     * then it goes below. */
    test_thread_new(env, &server, env->priority + 1, env->fault_ep);
    test_thread_start(&server, serves_low, ep, 0);
    CHECK_OK(seL4_TCB_SetPriority(server.tcb, env->tcb, env->priority - 2));
    test_thread_new(env, &ready, env->priority - 1, env->fault_ep);
    test_thread_start(&ready, logs_its_id, 2, 0);
    CHECK_EQ(order_length, 0); /* both below the test */
    seL4_Call(ep, seL4_MessageInfo_new(0, 0, 0, 0));
    /* The server was waiting, but below the test and the ready thread:
     * the ready thread ran first. */
    CHECK_EQ(order_length, 2);
    CHECK_EQ(order[0], 2);
    CHECK_EQ(order[1], 1);
}
