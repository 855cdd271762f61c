/*
 * Capabilities and slots. A cap is two words; a slot (cte) is a cap plus its
 * MDB node (the CDT links), 16 bytes. Every field of every cap type is
 * declared once, in the tables below and in the architecture's
 * <arch/object/structures.h>; code reads and writes fields only through the
 * accessors those tables generate.
 */
#pragma once

#include <types.h>
#include <kernel/assert.h>
#include <kernel/bitfield.h>
#include <kernel/pptr.h>

/* Object sizes and limits (seL4 ABI, ../shared/abi/reference.txt). */
#define SLOT_BITS 4u            /* seL4_SlotBits */
#define TCB_BITS 10u            /* seL4_TCBBits */
#define ENDPOINT_BITS 4u        /* seL4_EndpointBits */
#define NOTIFICATION_BITS 4u    /* seL4_NotificationBits */
#define MIN_UNTYPED_BITS 4u     /* seL4_MinUntypedBits */
#define MAX_UNTYPED_BITS 29u    /* seL4_MaxUntypedBits */
#define BADGE_BITS 28u          /* seL4_BadgeBits */
#define MAX_EXTRA_CAPS 3u       /* seL4_MsgMaxExtraCaps */
#define RETYPE_MAX_OBJECTS 256u /* seL4_UntypedRetypeMaxObjects */

/* Object types user level names in Untyped_Retype (seL4_ObjectType values);
 * the architecture's types follow from OBJ_NON_ARCH_COUNT. */
enum object_type {
    OBJ_UNTYPED = 0,
    OBJ_TCB = 1,
    OBJ_ENDPOINT = 2,
    OBJ_NOTIFICATION = 3,
    OBJ_CNODE = 4, /* seL4_CapTableObject */
    OBJ_NON_ARCH_COUNT = 5,
};

typedef struct cap {
    word_t words[2];
} cap_t;

typedef struct mdb_node {
    word_t words[2];
} mdb_node_t;

typedef struct cte {
    cap_t cap;
    mdb_node_t mdb;
} cte_t;

_Static_assert(sizeof(cte_t) == BIT(SLOT_BITS), "a slot is seL4_SlotBits wide");

/*
 * Cap type tags: seL4's values for aarch32 (structures.bf), which user level
 * sees through seL4_DebugCapIdentify. Odd tags are architecture caps; a low
 * nibble of 0xe or 0xf marks an 8-bit tag.
 */
enum cap_type {
    CAP_NULL = 0,
    CAP_UNTYPED = 2,
    CAP_ENDPOINT = 4,
    CAP_NOTIFICATION = 6,
    CAP_REPLY = 8,
    CAP_CNODE = 10,
    CAP_THREAD = 12,
    CAP_IRQ_CONTROL = 0x0e,
    CAP_IRQ_HANDLER = 0x1e,
    CAP_ZOMBIE = 0x2e,
    CAP_DOMAIN = 0x3e,
};

/* The tag lives in the low bits of words[0]: 4 bits, or 8 for 8-bit tags. */
static inline word_t cap_get_type(cap_t cap)
{
    word_t tag4 = bitfield_get(cap.words[0], 0, 4, 0);
    return (tag4 & 0xeu) == 0xeu ? bitfield_get(cap.words[0], 0, 8, 0) : tag4;
}

static inline cap_t cap_with_type(word_t type)
{
    cap_t cap = { { 0, 0 } };
    cap.words[0] = bitfield_set(0, 0, (type & 0xeu) == 0xeu ? 8 : 4, 0, type);
    return cap;
}

static inline bool cap_is_arch(cap_t cap)
{
    return (cap_get_type(cap) & 1u) != 0;
}

#define CAP_ACCESSORS(TAG, KIND, FIELD, WORD, LSB, WIDTH, SHIFT) \
    BITFIELD_ACCESSORS(cap_t, cap_##KIND, FIELD, cap_get_type(r) == (TAG), WORD, LSB, WIDTH, SHIFT)

/*
 * Generic cap fields. Pointers keep their high bits (objects are at least
 * 16-byte aligned); the zombie's id packs its slot pointer and slot count
 * (see cap_zombie_new).
 *   tag               kind          field            word lsb width shift
 */
/* clang-format off */
#define CAP_FIELDS(F)                                                   \
    F(CAP_UNTYPED,      untyped,      ptr,             0,  4, 28, 4)   \
    F(CAP_UNTYPED,      untyped,      free_index,      1,  6, 26, 0)   \
    F(CAP_UNTYPED,      untyped,      is_device,       1,  5,  1, 0)   \
    F(CAP_UNTYPED,      untyped,      block_size,      1,  0,  5, 0)   \
    F(CAP_ENDPOINT,     endpoint,     ptr,             0,  4, 28, 4)   \
    F(CAP_ENDPOINT,     endpoint,     badge,           1,  4, 28, 0)   \
    F(CAP_ENDPOINT,     endpoint,     can_grant_reply, 1,  3,  1, 0)   \
    F(CAP_ENDPOINT,     endpoint,     can_grant,       1,  2,  1, 0)   \
    F(CAP_ENDPOINT,     endpoint,     can_receive,     1,  1,  1, 0)   \
    F(CAP_ENDPOINT,     endpoint,     can_send,        1,  0,  1, 0)   \
    F(CAP_NOTIFICATION, notification, ptr,             0,  4, 28, 4)   \
    F(CAP_NOTIFICATION, notification, badge,           1,  4, 28, 0)   \
    F(CAP_NOTIFICATION, notification, can_receive,     1,  1,  1, 0)   \
    F(CAP_NOTIFICATION, notification, can_send,        1,  0,  1, 0)   \
    F(CAP_REPLY,        reply,        tcb,             0,  4, 28, 4)   \
    F(CAP_REPLY,        reply,        can_grant,       1,  1,  1, 0)   \
    F(CAP_REPLY,        reply,        master,          1,  0,  1, 0)   \
    F(CAP_CNODE,        cnode,        ptr,             0,  4, 28, 4)   \
    F(CAP_CNODE,        cnode,        guard,           1, 10, 18, 0)   \
    F(CAP_CNODE,        cnode,        guard_size,      1,  5,  5, 0)   \
    F(CAP_CNODE,        cnode,        radix,           1,  0,  5, 0)   \
    F(CAP_THREAD,       thread,       tcb,             0,  4, 28, 4)   \
    F(CAP_IRQ_HANDLER,  irq_handler,  irq,             1,  0, 32, 0)   \
    F(CAP_ZOMBIE,       zombie,       type,            0,  8,  6, 0)   \
    F(CAP_ZOMBIE,       zombie,       id,              1,  0, 32, 0)
/* clang-format on */

CAP_FIELDS(CAP_ACCESSORS)

/* MDB node fields: the CDT's list links (slot addresses) and two bits. */
#define MDB_ACCESSORS(FIELD, WORD, LSB, WIDTH, SHIFT) \
    BITFIELD_ACCESSORS(mdb_node_t, mdb, FIELD, true, WORD, LSB, WIDTH, SHIFT)
MDB_ACCESSORS(prev, 0, 4, 28, 4)
MDB_ACCESSORS(next, 1, 4, 28, 4)
MDB_ACCESSORS(revocable, 1, 1, 1, 0)
MDB_ACCESSORS(first_badged, 1, 0, 1, 0)

/* The data word of CNode Mint/Mutate (seL4_CNode_CapData, a user-visible
 * layout: guard in bits 8..25, guard size in bits 3..7). */
typedef struct cnode_capdata {
    word_t words[1];
} cnode_capdata_t;

BITFIELD_ACCESSORS(cnode_capdata_t, cnode_capdata, guard, true, 0, 8, 18, 0)
BITFIELD_ACCESSORS(cnode_capdata_t, cnode_capdata, guard_size, true, 0, 3, 5, 0)

static inline mdb_node_t mdb_null(void)
{
    return (mdb_node_t){ { 0, 0 } };
}

static inline cte_t *cte_ptr(pptr_t p)
{
    return pptr_to_ptr(p);
}

static inline pptr_t cte_ref(const cte_t *slot)
{
    return ptr_to_pptr(slot);
}

static inline bool cte_is_empty(const cte_t *slot)
{
    return cap_get_type(slot->cap) == CAP_NULL;
}

/* ---- Constructors of the generic caps. ---- */

static inline cap_t cap_null_new(void)
{
    return cap_with_type(CAP_NULL);
}

static inline cap_t cap_untyped_new(pptr_t ptr, word_t block_size, bool is_device,
                                    word_t free_index)
{
    cap_t cap = cap_with_type(CAP_UNTYPED);
    cap = cap_untyped_set_ptr(cap, ptr);
    cap = cap_untyped_set_block_size(cap, block_size);
    cap = cap_untyped_set_is_device(cap, is_device);
    return cap_untyped_set_free_index(cap, free_index);
}

static inline cap_t cap_endpoint_new(pptr_t ptr, word_t badge, bool can_send, bool can_receive,
                                     bool can_grant, bool can_grant_reply)
{
    cap_t cap = cap_with_type(CAP_ENDPOINT);
    cap = cap_endpoint_set_ptr(cap, ptr);
    cap = cap_endpoint_set_badge(cap, badge);
    cap = cap_endpoint_set_can_send(cap, can_send);
    cap = cap_endpoint_set_can_receive(cap, can_receive);
    cap = cap_endpoint_set_can_grant(cap, can_grant);
    return cap_endpoint_set_can_grant_reply(cap, can_grant_reply);
}

static inline cap_t cap_notification_new(pptr_t ptr, word_t badge, bool can_send, bool can_receive)
{
    cap_t cap = cap_with_type(CAP_NOTIFICATION);
    cap = cap_notification_set_ptr(cap, ptr);
    cap = cap_notification_set_badge(cap, badge);
    cap = cap_notification_set_can_send(cap, can_send);
    return cap_notification_set_can_receive(cap, can_receive);
}

/* tcb: the TCB object's base address. A master reply cap sits in its
 * owner's reply slot; the others are one-shot caps to reply to the owner. */
static inline cap_t cap_reply_new(pptr_t tcb, bool master, bool can_grant)
{
    cap_t cap = cap_with_type(CAP_REPLY);
    cap = cap_reply_set_tcb(cap, tcb);
    cap = cap_reply_set_master(cap, master);
    return cap_reply_set_can_grant(cap, can_grant);
}

static inline cap_t cap_cnode_new(pptr_t ptr, word_t radix, word_t guard_size, word_t guard)
{
    cap_t cap = cap_with_type(CAP_CNODE);
    cap = cap_cnode_set_ptr(cap, ptr);
    cap = cap_cnode_set_radix(cap, radix);
    cap = cap_cnode_set_guard_size(cap, guard_size);
    return cap_cnode_set_guard(cap, guard);
}

/* tcb: the TCB object's base address (its slots come first). */
static inline cap_t cap_thread_new(pptr_t tcb)
{
    return cap_thread_set_tcb(cap_with_type(CAP_THREAD), tcb);
}

static inline cap_t cap_irq_control_new(void)
{
    return cap_with_type(CAP_IRQ_CONTROL);
}

static inline cap_t cap_irq_handler_new(word_t irq)
{
    return cap_irq_handler_set_irq(cap_with_type(CAP_IRQ_HANDLER), irq);
}

static inline cap_t cap_domain_new(void)
{
    return cap_with_type(CAP_DOMAIN);
}

/*
 * A zombie stands for a CNode or TCB whose last cap is being deleted: it
 * covers `number` slots from `slots`, which are emptied from the last one
 * down. Its type is the CNode's radix, or ZOMBIE_TYPE_TCB. The id packs the
 * slot pointer with the count in bits [0, radix], which the object's
 * alignment leaves free (seL4 packs Zombie caps the same way).
 */
#define ZOMBIE_TYPE_TCB 32u
#define TCB_CNODE_RADIX 4u /* a TCB's slots, counted as a CNode of 2^4 */

static inline word_t zombie_number_bits(word_t zombie_type)
{
    return (zombie_type == ZOMBIE_TYPE_TCB ? TCB_CNODE_RADIX : zombie_type) + 1;
}

static inline cap_t cap_zombie_new(pptr_t slots, word_t zombie_type, word_t number)
{
    word_t mask = bitfield_mask(zombie_number_bits(zombie_type));
    assert((slots & mask) == 0 && (number & ~mask) == 0);
    cap_t cap = cap_zombie_set_type(cap_with_type(CAP_ZOMBIE), zombie_type);
    return cap_zombie_set_id(cap, slots | number);
}

static inline pptr_t cap_zombie_get_slots(cap_t cap)
{
    word_t bits = zombie_number_bits(cap_zombie_get_type(cap));
    return cap_zombie_get_id(cap) & ~bitfield_mask(bits);
}

static inline word_t cap_zombie_get_number(cap_t cap)
{
    word_t bits = zombie_number_bits(cap_zombie_get_type(cap));
    return cap_zombie_get_id(cap) & bitfield_mask(bits);
}

static inline cap_t cap_zombie_set_number(cap_t cap, word_t number)
{
    return cap_zombie_new(cap_zombie_get_slots(cap), cap_zombie_get_type(cap), number);
}

#include <arch/object/structures.h>
