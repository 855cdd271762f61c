/*
 * The system-call fuzzer (apps/fuzz, docs/reliability.md "Fuzzing"): what
 * the controller (main.c, the initial thread) and the actor (actor.c, the
 * thread that makes the random invocations) share, and the run's settings.
 */
#pragma once

#include <stdint.h>
#include <sel4/sel4.h>

/*
 * The run's settings. tools/fuzz_image.py finds this block in a built image
 * by its magic string and rewrites the fields (and the payload's CRC), so
 * one image replays any seed without a rebuild. Field order and sizes are
 * that tool's contract: magic[16], then little-endian 32-bit words.
 */
struct fuzz_config {
    char magic[16];
    uint32_t seed_lo;
    uint32_t seed_hi;
    uint32_t invocations;  /* total invocations the actor makes */
    uint32_t verbose;      /* 1: print each invocation before it is made */
    uint32_t oracle_every; /* invocations between oracle checks */
    uint32_t epoch_every;  /* invocations between pool rebuilds */
    uint32_t progress_every;
};
extern volatile const struct fuzz_config fuzz_config;

/*
 * The actor's CSpace (cptrs as the actor names them). T, its root, has
 * radix 2 and a 14-bit guard, so bits 17..16 pick a T slot:
 *   T[0] = C0 (guard 8, radix 8): cptr 0x000000ii names C0 slot ii
 *   T[1] = D  (radix 8): cptr 0x0001jjxx names D slot jj with 8 bits left,
 *          which a CNode there with a 4-bit guard of 5 and radix 4 takes:
 *          0x0001jj5k names that CNode's slot k (the deep cptrs)
 *   T[2] = the actor's stop notification, T[3] = its fault endpoint
 * The actor has no cap to T, so it cannot lose these; C0 and D it may
 * wreck at will (the controller puts back C0's first slots at checks).
 */
#define C0_BITS 8u
#define C0_SLOTS (1u << C0_BITS)
#define C0_SELF 1u     /* C0's own cap: CNode invocations on C0 (depth 8) */
#define C0_D 2u        /* D's cap: CNode invocations on D (depth 8 or 16) */
#define C0_COLLECT 3u  /* the fault collector endpoint, badged, for children */
#define C0_PD 4u       /* the children's page directory (never the root task's) */
#define C0_POOL 5u     /* first pool slot */
#define D_NESTED 0x10u /* D slot holding the nested CNode (guard 5, radix 4) */
#define NESTED_GUARD 5u
#define CPTR_D(j) ((seL4_CPtr)0x10000u | ((seL4_CPtr)(j) << 8))
#define CPTR_DEEP(k) (CPTR_D(D_NESTED) | (NESTED_GUARD << 4) | (seL4_CPtr)(k))
#define CPTR_STOP ((seL4_CPtr)0x20000u)
#define CPTR_FAULT ((seL4_CPtr)0x30000u)

/* The kinds of cap the pool holds, so that an invocation is made mostly on
 * a cap of the kind its label is for (and so decodes past the cap type). */
enum pool_kind {
    K_UNTYPED,
    K_TCB,
    K_CNODE,
    K_EP,
    K_NTFN,
    K_PD,
    K_PT,
    K_FRAME,
    K_ASIDPOOL,
    K_ASIDCONTROL,
    K_IRQCONTROL,
    K_IRQHANDLER,
    K_DOMAIN,
    K_ANY,
    K_COUNT
};
#define KIND_SLOTS 16u

/* Why the actor stopped, as it leaves it for the controller. */
enum fuzz_stop {
    STOP_NONE = 0, /* it did not stop on purpose: blocked or faulted */
    STOP_ORACLE,
    STOP_EPOCH,
};

/* State the actor keeps across restarts (it is restarted at actor_entry
 * with a fresh stack whenever it blocks in a fuzzed call). */
struct fuzz_shared {
    uint64_t rng;
    uint32_t op;          /* invocations started */
    uint32_t op_limit;    /* stop for the epoch's end here */
    uint32_t next_oracle; /* stop for the oracles here */
    volatile uint32_t stop;
    uint32_t pool_used;   /* C0 slots [C0_POOL, pool_used) were filled */
    seL4_CPtr deleted[8]; /* cptrs the actor deleted lately */
    uint32_t deleted_next;
    uint32_t per_label[64];                 /* invocations per label (all syscalls in 63) */
    uint32_t errors[16];                    /* results per seL4_Error */
    uint8_t kind_slot[K_COUNT][KIND_SLOTS]; /* C0 slots the pool put each kind in */
    uint8_t kind_n[K_COUNT];
    seL4_Word child_pc[4]; /* where a child may start (child.c) */
    seL4_Word child_sp[4];
};
extern struct fuzz_shared fuzz;

/* The random generator (splitmix64), in struct fuzz_shared. */
uint64_t fuzz_rand64(void);
static inline uint32_t fuzz_rand(uint32_t n) /* uniform in [0, n), n > 0 */
{
    return (uint32_t)(fuzz_rand64() % n);
}
static inline int fuzz_chance(uint32_t percent)
{
    return fuzz_rand(100) < percent;
}

/* actor.c: the actor thread's entry (never returns) and one invocation. */
void actor_entry(void);
void actor_one_invocation(void);

/* child.c: the code children may be started at. */
void child_entry(seL4_Word seed, seL4_Word count, seL4_Word cptr);
