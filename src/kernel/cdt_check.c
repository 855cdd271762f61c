/*
 * The CDT invariant checker (see <kernel/cdt_check.h>). Checks: links are
 * symmetric and stay inside live slot arrays; empty slots are unlinked;
 * every chain is acyclic; each cap's descendants follow it contiguously
 * (what revoke relies on); untyped caps are revocable; badged caps start
 * their badge's group (first_badged, seL4's valid_badges); objects lie in
 * their untyped below its watermark and among its descendants; distinct
 * objects do not overlap; reply caps name live TCBs. Debug builds only;
 * bounded static tables, no recursion.
 */
#include <kernel/cdt.h>
#include <kernel/cdt_check.h>
#include <object/objecttype.h>
#include <object/tcb.h>
#include <object/untyped.h>

#ifdef CONFIG_DEBUG_BUILD

#ifndef CONFIG_CDT_CHECK_MAX_REGIONS
#define CONFIG_CDT_CHECK_MAX_REGIONS 1024
#endif
#ifndef CONFIG_CDT_CHECK_MAX_CAPS
#define CONFIG_CDT_CHECK_MAX_CAPS 8192
#endif

typedef struct region {
    pptr_t base;  /* first slot */
    word_t slots; /* number of slots */
} region_t;

static region_t regions[CONFIG_CDT_CHECK_MAX_REGIONS];
static word_t region_count;
static pptr_t caps[CONFIG_CDT_CHECK_MAX_CAPS]; /* the non-empty slots */
static word_t cap_count;
/* Each physical cap's object [base, end), so that the pairwise object
 * checks compare two words before looking at a pair's caps. */
static pptr_t obj_base[CONFIG_CDT_CHECK_MAX_CAPS], obj_end[CONFIG_CDT_CHECK_MAX_CAPS];
static bool obj_physical[CONFIG_CDT_CHECK_MAX_CAPS];
static bool adopt_linked; /* see cdt_check_kernel */

static cdt_check_result_t problem(const char *what, pptr_t slot)
{
    return (cdt_check_result_t){ .problem = what, .slot = slot };
}

static const cdt_check_result_t OK = { NULL, 0 };

static bool container_region(cap_t cap, region_t *r)
{
    switch (cap_get_type(cap)) {
    case CAP_CNODE:
        *r = (region_t){ cap_cnode_get_ptr(cap), BIT(cap_cnode_get_radix(cap)) };
        return true;
    case CAP_THREAD:
        *r = (region_t){ cap_thread_get_tcb(cap), TCB_CNODE_ENTRIES };
        return true;
    case CAP_ZOMBIE: {
        word_t type = cap_zombie_get_type(cap);
        *r = (region_t){ cap_zombie_get_slots(cap),
                         type == ZOMBIE_TYPE_TCB ? TCB_CNODE_ENTRIES : BIT(type) };
        return true;
    }
    default:
        return false;
    }
}

static bool in_regions(pptr_t slot)
{
    for (word_t i = 0; i < region_count; i++) {
        pptr_t offset = slot - regions[i].base;
        if (slot >= regions[i].base && offset / sizeof(cte_t) < regions[i].slots &&
            offset % sizeof(cte_t) == 0) {
            return true;
        }
    }
    return false;
}

/* Adds the region of a container cap; *added says whether it was new. */
static const char *add_container(cap_t cap, bool *added)
{
    region_t r;
    if (!container_region(cap, &r)) {
        return NULL;
    }
    for (word_t i = 0; i < region_count; i++) {
        if (regions[i].base == r.base) {
            return regions[i].slots == r.slots
                       ? NULL
                       : "two slot arrays of different sizes at one address";
        }
    }
    if (region_count == CONFIG_CDT_CHECK_MAX_REGIONS) {
        return "too many slot arrays for the checker";
    }
    regions[region_count++] = r;
    *added = true;
    return NULL;
}

/* Takes one slot reached only through CDT links as a region of its own. */
static const char *adopt_slot(const cte_t *slot, bool *added)
{
    if (region_count == CONFIG_CDT_CHECK_MAX_REGIONS) {
        return "too many slot arrays for the checker";
    }
    regions[region_count++] = (region_t){ cte_ref(slot), 1 };
    *added = true;
    return NULL;
}

/* Follows one direction of a slot's CDT links through slots not yet
 * known, adding the containers their caps name (and, when adopting, the
 * first such slot itself). */
static const char *follow_unknown_links(const cte_t *slot, bool forward, bool adopt, bool *added)
{
    word_t steps = 0;
    const cte_t *n = forward ? mdb_next_slot(slot) : mdb_prev_slot(slot);
    while (n && !in_regions(cte_ref(n))) {
        const char *p = add_container(n->cap, added);
        if (p == NULL && adopt) {
            return adopt_slot(n, added);
        }
        if (p) {
            return p;
        }
        if (++steps > CONFIG_CDT_CHECK_MAX_CAPS) {
            return "CDT chain loops outside the known slots";
        }
        n = forward ? mdb_next_slot(n) : mdb_prev_slot(n);
    }
    return NULL;
}

/* One pass over the known slots, adding the containers their caps name and
 * those found along their CDT chains (a CNode whose last cap was deleted
 * from inside another one is reachable only that way). */
static cdt_check_result_t discover_pass(bool adopt, bool *added)
{
    for (word_t i = 0; i < region_count; i++) {
        for (word_t j = 0; j < regions[i].slots; j++) {
            pptr_t ref = regions[i].base + j * (word_t)sizeof(cte_t);
            const cte_t *slot = cte_ptr(ref);
            const char *p = add_container(slot->cap, added);
            if (p == NULL) {
                p = follow_unknown_links(slot, true, adopt, added);
            }
            if (p == NULL) {
                p = follow_unknown_links(slot, false, adopt, added);
            }
            if (p) {
                return problem(p, ref);
            }
        }
    }
    return OK;
}

static cdt_check_result_t discover(const cap_t *roots, word_t count)
{
    bool added = false;
    region_count = 0;
    for (word_t i = 0; i < count; i++) {
        const char *p = add_container(roots[i], &added);
        if (p) {
            return problem(p, 0);
        }
    }
    /* Slots are adopted only once no container is left to find, so a slot
     * of a CNode that is still to be found is not taken alone. */
    bool adopting = false;
    do {
        added = false;
        cdt_check_result_t r = discover_pass(adopting, &added);
        if (r.problem) {
            return r;
        }
        adopting = !added && adopt_linked && !adopting;
    } while (added || adopting);
    return OK;
}

static bool regions_overlap(const region_t *a, const region_t *b)
{
    pptr_t a_end = a->base + a->slots * (word_t)sizeof(cte_t);
    pptr_t b_end = b->base + b->slots * (word_t)sizeof(cte_t);
    return a->base < b_end && b->base < a_end;
}

/* Per-slot checks; also collects the non-empty slots into caps[]. */
static cdt_check_result_t check_slots(void)
{
    cap_count = 0;
    for (word_t i = 0; i < region_count; i++) {
        for (word_t k = i + 1; k < region_count; k++) {
            if (regions_overlap(&regions[i], &regions[k])) {
                return problem("slot arrays overlap", regions[k].base);
            }
        }
        for (word_t j = 0; j < regions[i].slots; j++) {
            pptr_t ref = regions[i].base + j * (word_t)sizeof(cte_t);
            const cte_t *slot = cte_ptr(ref);
            const cte_t *prev = mdb_prev_slot(slot), *next = mdb_next_slot(slot);
            if (cte_is_empty(slot)) {
                if (slot->mdb.words[0] != 0 || slot->mdb.words[1] != 0) {
                    return problem("empty slot with CDT links or bits", ref);
                }
                continue;
            }
            if ((prev && !in_regions(cte_ref(prev))) || (next && !in_regions(cte_ref(next)))) {
                return problem("CDT link to a slot outside every live CNode/TCB", ref);
            }
            if ((prev && mdb_next_slot(prev) != slot) || (next && mdb_prev_slot(next) != slot)) {
                return problem("CDT links not symmetric", ref);
            }
            if ((prev && cte_is_empty(prev)) || (next && cte_is_empty(next))) {
                return problem("CDT link to an empty slot", ref);
            }
            if (cap_count == CONFIG_CDT_CHECK_MAX_CAPS) {
                return problem("too many caps for the checker", ref);
            }
            caps[cap_count++] = ref;
        }
    }
    return OK;
}

static cdt_check_result_t check_cap_fields(const cte_t *slot)
{
    cap_t cap = slot->cap;
    pptr_t ref = cte_ref(slot);
    switch (cap_get_type(cap)) {
    case CAP_UNTYPED:
        if (!mdb_get_revocable(slot->mdb)) {
            return problem("untyped cap not revocable", ref);
        }
        if (cap_untyped_get_free_index(cap) >
            untyped_max_free_index(cap_untyped_get_block_size(cap))) {
            return problem("untyped watermark beyond its end", ref);
        }
        return OK;
    case CAP_CNODE:
        if (cap_cnode_get_radix(cap) == 0 ||
            cap_cnode_get_radix(cap) + cap_cnode_get_guard_size(cap) > WORD_BITS) {
            return problem("CNode cap with bad radix or guard size", ref);
        }
        return OK;
    case CAP_REPLY:
        if (cap_reply_get_master(cap) != mdb_get_revocable(slot->mdb)) {
            return problem("reply cap revocable unless master", ref);
        }
        return OK;
    case CAP_ZOMBIE: {
        region_t r;
        container_region(cap, &r);
        return cap_zombie_get_number(cap) <= r.slots ? OK : problem("zombie too large", ref);
    }
    default:
        return OK;
    }
}

static word_t badge_of(cap_t cap)
{
    return cap_get_type(cap) == CAP_ENDPOINT ? cap_endpoint_get_badge(cap)
                                             : cap_notification_get_badge(cap);
}

/* seL4's valid_badges: a cap whose badge differs from the cap before it
 * (same object) starts a new badge group. */
static cdt_check_result_t check_badges(const cte_t *slot)
{
    const cte_t *prev = mdb_prev_slot(slot);
    word_t type = cap_get_type(slot->cap);
    if (!prev || (type != CAP_ENDPOINT && type != CAP_NOTIFICATION) ||
        !cap_same_region_as(prev->cap, slot->cap) || cap_get_type(prev->cap) != type) {
        return OK;
    }
    word_t badge = badge_of(slot->cap);
    if (badge != 0 && badge != badge_of(prev->cap) && !mdb_get_first_badged(slot->mdb)) {
        return problem("new badge without first_badged", cte_ref(slot));
    }
    return OK;
}

/* Every chain starts at a slot without prev and none loops. */
static cdt_check_result_t check_chains(void)
{
    word_t visited = 0;
    for (word_t i = 0; i < cap_count; i++) {
        const cte_t *slot = cte_ptr(caps[i]);
        if (mdb_prev_slot(slot) != NULL) {
            continue;
        }
        for (; slot; slot = mdb_next_slot(slot)) {
            if (++visited > cap_count) {
                return problem("CDT chain loops", caps[i]);
            }
        }
    }
    return visited == cap_count ? OK : problem("CDT loop without a head", 0);
}

/* Whether `n` is in the run of caps right after `m` that revoking m
 * deletes: every cap from m's next up to n is m's child. */
static bool in_run_of(const cte_t *m, const cte_t *n)
{
    for (const cte_t *k = mdb_next_slot(m); k; k = mdb_next_slot(k)) {
        if (!mdb_is_parent_of(m, k)) {
            return false;
        }
        if (k == n) {
            return true;
        }
    }
    return false;
}

/* Whether `n` is in the badge group that `m` starts: m is marked
 * first_badged and every cap from m's next up to n is a copy of m's badge
 * of the same object. When a group's first cap is deleted, the mark passes
 * to the cap after it (cdt.c, as seL4's emptySlot), which may be a plain,
 * non-revocable copy: the group's other copies are then no cap's children,
 * yet they still belong to that group, not to an older mint of the badge. */
static bool in_badge_group_of(const cte_t *m, const cte_t *n)
{
    word_t type = cap_get_type(m->cap);
    if (!mdb_get_first_badged(m->mdb) || (type != CAP_ENDPOINT && type != CAP_NOTIFICATION) ||
        badge_of(m->cap) == 0) {
        return false;
    }
    for (const cte_t *k = mdb_next_slot(m); k; k = mdb_next_slot(k)) {
        if (cap_get_type(k->cap) != type || !cap_same_region_as(m->cap, k->cap) ||
            badge_of(k->cap) != badge_of(m->cap) || mdb_get_first_badged(k->mdb)) {
            return false;
        }
        if (k == n) {
            return true;
        }
    }
    return false;
}

/* Whether `n`, past the run of `slot`'s descendants that starts with
 * `run_end` (the first cap not in it), belongs to the run or the badge
 * group of a cap between them. The parent rule is not transitive for
 * badges: with E, P, Q, C, where P and Q are two mints of badge 5 from E
 * and C a copy of Q, P's rule accepts C, yet C is Q's child, and revoking
 * P rightly keeps it; and so it stays once Q is deleted and C (or a copy
 * of Q before C) carries Q's mark. */
static bool adopted_after(const cte_t *slot, const cte_t *run_end, const cte_t *n)
{
    for (const cte_t *m = mdb_prev_slot(n); m && m != slot; m = mdb_prev_slot(m)) {
        if (in_run_of(m, n) || in_badge_group_of(m, n)) {
            return true;
        }
        if (m == run_end) {
            break;
        }
    }
    return false;
}

/* A cap's descendants follow it without a gap (revoke stops at the first
 * non-descendant): a later cap the parent rule accepts must be a child of
 * some cap after that gap. */
static cdt_check_result_t check_descendants_contiguous(const cte_t *slot)
{
    const cte_t *n = mdb_next_slot(slot);
    while (n && mdb_is_parent_of(slot, n)) {
        n = mdb_next_slot(n);
    }
    const cte_t *run_end = n;
    for (; n; n = mdb_next_slot(n)) {
        if (mdb_is_parent_of(slot, n) && !adopted_after(slot, run_end, n)) {
            return problem("descendant separated from its parent", cte_ref(n));
        }
    }
    return OK;
}

static bool is_descendant(const cte_t *ancestor, const cte_t *slot)
{
    for (const cte_t *n = mdb_next_slot(ancestor); n && mdb_is_parent_of(ancestor, n);
         n = mdb_next_slot(n)) {
        if (n == slot) {
            return true;
        }
    }
    return false;
}

/* Object x overlapping untyped u must lie inside u, below its watermark,
 * and descend from it; else its memory could be handed out again. */
static cdt_check_result_t check_in_untyped(const cte_t *u, const cte_t *x)
{
    pptr_t ub = cap_get_ptr(u->cap), ue = ub + BIT(cap_get_size_bits(u->cap));
    pptr_t xb = cap_get_ptr(x->cap), xe = xb + BIT(cap_get_size_bits(x->cap));
    if (xe <= ub || ue <= xb) {
        return OK;
    }
    if (cap_get_type(x->cap) == CAP_UNTYPED && xb <= ub && ue <= xe) {
        return OK; /* x covers u: a copy of u or an ancestor; checked the other way */
    }
    if (xb < ub || ue < xe) {
        return problem("object straddles an untyped's boundary", cte_ref(x));
    }
    word_t used = untyped_free_index_to_offset(cap_untyped_get_free_index(u->cap));
    if (xe > ub + used) {
        return problem("object above its untyped's watermark", cte_ref(x));
    }
    if (!is_descendant(u, x)) {
        return problem("object in an untyped's memory but not its descendant", cte_ref(x));
    }
    return OK;
}

static cdt_check_result_t check_no_overlap(const cte_t *a, const cte_t *b)
{
    pptr_t ab = cap_get_ptr(a->cap), ae = ab + BIT(cap_get_size_bits(a->cap));
    pptr_t bb = cap_get_ptr(b->cap), be = bb + BIT(cap_get_size_bits(b->cap));
    if (be <= ab || ae <= bb || cap_same_region_as(a->cap, b->cap) ||
        cap_same_region_as(b->cap, a->cap)) {
        return OK;
    }
    return problem("two objects overlap", cte_ref(b));
}

static bool tcb_is_live(pptr_t tcb)
{
    for (word_t i = 0; i < cap_count; i++) {
        cap_t cap = ((const cte_t *)cte_ptr(caps[i]))->cap;
        if ((cap_get_type(cap) == CAP_THREAD && cap_thread_get_tcb(cap) == tcb) ||
            (cap_get_type(cap) == CAP_ZOMBIE && cap_zombie_get_type(cap) == ZOMBIE_TYPE_TCB &&
             cap_zombie_get_slots(cap) == tcb)) {
            return true;
        }
    }
    return false;
}

static void collect_objects(void)
{
    for (word_t i = 0; i < cap_count; i++) {
        cap_t cap = ((const cte_t *)cte_ptr(caps[i]))->cap;
        obj_physical[i] = cap_is_physical(cap);
        if (obj_physical[i]) {
            obj_base[i] = cap_get_ptr(cap);
            obj_end[i] = obj_base[i] + BIT(cap_get_size_bits(cap));
        }
    }
}

/* a is caps[i]. Pairs whose objects do not overlap pass every check
 * below, so only overlapping ones are looked at. */
static cdt_check_result_t check_objects(word_t i, const cte_t *a)
{
    if (cap_get_type(a->cap) == CAP_REPLY && !tcb_is_live(cap_reply_get_tcb(a->cap))) {
        return problem("reply cap to a TCB that is gone", cte_ref(a));
    }
    if (!obj_physical[i]) {
        return OK;
    }
    for (word_t j = 0; j < cap_count; j++) {
        const cte_t *b = cte_ptr(caps[j]);
        cdt_check_result_t r = OK;
        if (j == i || !obj_physical[j] || obj_end[j] <= obj_base[i] || obj_end[i] <= obj_base[j]) {
            continue;
        }
        if (cap_get_type(a->cap) == CAP_UNTYPED) {
            r = check_in_untyped(a, b);
        } else if (cap_get_type(b->cap) != CAP_UNTYPED) {
            r = check_no_overlap(a, b);
        }
        if (r.problem) {
            return r;
        }
    }
    return OK;
}

static cdt_check_result_t cdt_check_from(const cap_t *roots, word_t count)
{
    cdt_check_result_t r = discover(roots, count);
    if (!r.problem) {
        r = check_slots();
    }
    if (!r.problem) {
        r = check_chains();
    }
    if (!r.problem) {
        collect_objects();
    }
    for (word_t i = 0; !r.problem && i < cap_count; i++) {
        const cte_t *slot = cte_ptr(caps[i]);
        r = check_cap_fields(slot);
        if (!r.problem) {
            r = check_badges(slot);
        }
        if (!r.problem) {
            r = check_descendants_contiguous(slot);
        }
        if (!r.problem) {
            r = check_objects(i, slot);
        }
    }
    return r;
}

cdt_check_result_t cdt_check(const cap_t *roots, word_t count)
{
    adopt_linked = false;
    return cdt_check_from(roots, count);
}

cdt_check_result_t cdt_check_kernel(const cap_t *roots, word_t count)
{
    adopt_linked = true;
    return cdt_check_from(roots, count);
}

word_t cdt_check_cap_count(void)
{
    return cap_count;
}

const cte_t *cdt_check_cap(word_t i)
{
    return cte_ptr(caps[i]);
}

#endif /* CONFIG_DEBUG_BUILD */
