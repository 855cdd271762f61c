/*
 * The CDT's list operations and parent rules used directly, and the
 * invariant checker itself: each kind of corruption it exists to catch is
 * made on purpose and must be reported.
 */
#include <string.h>

#include <kernel/cdt_check.h>

#include "fixture.h"

#define ALL_RIGHTS 0xfu
#define EP SLOT_FREE
#define A (SLOT_FREE + 1)
#define B (SLOT_FREE + 2)
#define C (SLOT_FREE + 3)

static void make(word_t type, word_t size, word_t index)
{
    CHECK_OK(do_retype(SLOT_UNTYPED, type, size, index, 1));
}

static const char *checker_says(void)
{
    cap_t root = root_cap();
    return cdt_check(&root, 1).problem;
}

#define CHECK_PROBLEM(problem, expected) \
    CHECK((problem) != NULL && strstr((problem), (expected)) != NULL)

/* Runs the checker on a deliberately broken state, then puts it back. */
#define CHECK_CHECKER_CATCHES(field, broken, expected) \
    do {                                               \
        __typeof__(field) saved_ = (field);            \
        (field) = (broken);                            \
        const char *problem_ = checker_says();         \
        (field) = saved_;                              \
        CHECK_PROBLEM(problem_, expected);             \
    } while (0)

TEST(mdb_insert_child_links_right_after_the_parent)
{
    make(OBJ_ENDPOINT, 0, EP);
    CHECK_OK(do_copy(A, EP, ALL_RIGHTS));
    CHECK_OK(do_copy(B, EP, ALL_RIGHTS));
    CHECK(mdb_next_slot(slot(EP)) == slot(B));
    CHECK(mdb_next_slot(slot(B)) == slot(A));
    CHECK(mdb_prev_slot(slot(A)) == slot(B));
    CHECK(mdb_prev_slot(slot(EP)) == slot(SLOT_UNTYPED));
}

TEST(mdb_swap_of_neighbours_and_of_distant_slots)
{
    make(OBJ_ENDPOINT, 0, EP);
    CHECK_OK(do_copy(A, EP, ALL_RIGHTS)); /* untyped, EP, A */
    cap_t ep = slot(EP)->cap, a = slot(A)->cap;
    mdb_swap(ep, slot(EP), a, slot(A)); /* neighbours */
    check_cdt();
    CHECK(mdb_next_slot(slot(SLOT_UNTYPED)) == slot(A));
    CHECK(mdb_next_slot(slot(A)) == slot(EP));
    CHECK(mdb_get_revocable(slot(A)->mdb));
    mdb_swap(slot(A)->cap, slot(A), slot(EP)->cap, slot(EP)); /* and back */
    check_cdt();
    make(OBJ_NOTIFICATION, 0, B);
    mdb_swap(slot(B)->cap, slot(B), slot(A)->cap, slot(A)); /* distant */
    check_cdt();
    CHECK_EQ(cap_get_type(slot(A)->cap), CAP_NOTIFICATION);
    CHECK(mdb_is_parent_of(slot(SLOT_UNTYPED), slot(A)));
    mdb_swap(slot(C)->cap, slot(C), slot(B)->cap, slot(B)); /* with an empty slot */
    check_cdt();
    CHECK(cte_is_empty(slot(B)));
    CHECK_EQ(cap_get_type(slot(C)->cap), CAP_ENDPOINT);
}

TEST(mdb_remove_hands_first_badged_to_the_next_cap)
{
    make(OBJ_ENDPOINT, 0, EP);
    CHECK_OK(do_mint(A, EP, ALL_RIGHTS, 5));
    CHECK_OK(do_copy(B, A, ALL_RIGHTS));
    CHECK(!mdb_get_first_badged(slot(B)->mdb));
    CHECK_OK(do_delete(A));
    CHECK(mdb_get_first_badged(slot(B)->mdb));
    /* so a new mint of badge 5 does not adopt B */
    CHECK_OK(do_mint(C, EP, ALL_RIGHTS, 5));
    CHECK(!mdb_is_parent_of(slot(C), slot(B)));
    CHECK(mdb_is_parent_of(slot(EP), slot(B)));
}

TEST(mdb_badged_cap_is_parent_only_of_its_own_badge)
{
    make(OBJ_NOTIFICATION, 0, EP);
    CHECK_OK(do_mint(A, EP, ALL_RIGHTS, 1));
    CHECK_OK(do_mint(B, EP, ALL_RIGHTS, 2));
    CHECK_OK(do_copy(C, A, ALL_RIGHTS));
    CHECK(mdb_is_parent_of(slot(EP), slot(A)));
    CHECK(mdb_is_parent_of(slot(EP), slot(B)));
    CHECK(mdb_is_parent_of(slot(A), slot(C)));
    CHECK(!mdb_is_parent_of(slot(A), slot(B)));
    CHECK(!mdb_is_parent_of(slot(B), slot(C)));
    CHECK(!mdb_is_parent_of(slot(C), slot(A))); /* copies are not revocable */
}

TEST(mdb_final_cap_is_the_last_cap_to_an_object)
{
    make(OBJ_ENDPOINT, 0, EP);
    CHECK(mdb_is_final_cap(slot(EP)));
    CHECK_OK(do_mint(A, EP, ALL_RIGHTS, 1));
    CHECK(!mdb_is_final_cap(slot(EP)));
    CHECK(!mdb_is_final_cap(slot(A)));
    CHECK_OK(do_delete(EP));
    CHECK(mdb_is_final_cap(slot(A)));
    CHECK(mdb_is_final_cap(slot(SLOT_UNTYPED))); /* untyped: never the same object */
}

TEST(mdb_has_children_follows_the_parent_rule)
{
    CHECK(!mdb_has_children(slot(SLOT_UNTYPED)));
    make(OBJ_ENDPOINT, 0, EP);
    CHECK(mdb_has_children(slot(SLOT_UNTYPED)));
    CHECK(!mdb_has_children(slot(EP)));
    CHECK_OK(do_copy(A, EP, ALL_RIGHTS));
    CHECK(mdb_has_children(slot(EP)));
    CHECK(!mdb_has_children(slot(A)));
}

TEST(cdt_check_catches_broken_links)
{
    make(OBJ_ENDPOINT, 0, EP);
    CHECK_OK(do_copy(A, EP, ALL_RIGHTS));
    CHECK(checker_says() == NULL);
    CHECK_CHECKER_CATCHES(slot(A)->mdb.words[0], cte_ref(slot(B)), "not symmetric");
    CHECK_CHECKER_CATCHES(slot(B)->mdb.words[1], cte_ref(slot(A)), "empty slot");
    CHECK_CHECKER_CATCHES(slot(A)->mdb.words[1], HOST_ARENA_PPTR + 0x20000u, "outside");
}

TEST(cdt_check_catches_a_loop)
{
    make(OBJ_ENDPOINT, 0, EP);
    CHECK_OK(do_copy(A, EP, ALL_RIGHTS)); /* untyped, EP, A */
    cte_t *ut = slot(SLOT_UNTYPED);
    mdb_node_t ut_m = ut->mdb, a_m = slot(A)->mdb;
    ut->mdb = mdb_set_prev(ut->mdb, cte_ref(slot(A)));
    slot(A)->mdb = mdb_set_next(slot(A)->mdb, cte_ref(ut));
    const char *problem = checker_says();
    ut->mdb = ut_m, slot(A)->mdb = a_m;
    CHECK_PROBLEM(problem, "loop");
}

TEST(cdt_check_catches_bad_bits)
{
    make(OBJ_ENDPOINT, 0, EP);
    CHECK_OK(do_mint(A, EP, ALL_RIGHTS, 3));
    CHECK_CHECKER_CATCHES(slot(A)->mdb, mdb_set_first_badged(slot(A)->mdb, false), "first_badged");
    CHECK_CHECKER_CATCHES(slot(SLOT_UNTYPED)->mdb,
                          mdb_set_revocable(slot(SLOT_UNTYPED)->mdb, false), "not revocable");
}

TEST(cdt_check_catches_objects_outside_their_untyped)
{
    make(OBJ_ENDPOINT, 0, EP);
    cte_t *ut = slot(SLOT_UNTYPED);
    /* watermark lowered below the endpoint */
    CHECK_CHECKER_CATCHES(ut->cap, cap_untyped_set_free_index(ut->cap, 0), "watermark");
    /* a cap to an object beyond the watermark */
    mdb_insert_root(slot(A), cap_endpoint_new(UNTYPED_PPTR + 0x800000u, 0, 1, 1, 1, 1));
    CHECK_PROBLEM(checker_says(), "watermark");
    mdb_remove(slot(A));
    /* a dangling cap: to a deleted object, outside the untyped's subtree */
    make(OBJ_ENDPOINT, 0, C);
    pptr_t deleted = cap_endpoint_get_ptr(slot(C)->cap);
    CHECK_OK(do_delete(C));
    mdb_insert_root(slot(A), cap_endpoint_new(deleted, 0, 1, 1, 1, 1));
    CHECK_PROBLEM(checker_says(), "not its descendant");
    mdb_remove(slot(A));
    /* two different objects on the same memory */
    make(OBJ_NOTIFICATION, 0, B);
    CHECK_CHECKER_CATCHES(
        slot(B)->cap, cap_notification_set_ptr(slot(B)->cap, cap_endpoint_get_ptr(slot(EP)->cap)),
        "overlap");
}

TEST(cdt_check_catches_separated_descendants)
{
    make(OBJ_ENDPOINT, 0, EP);
    make(OBJ_NOTIFICATION, 0, A);
    CHECK_OK(do_copy(B, EP, ALL_RIGHTS)); /* untyped, A, EP, B */
    /* pretend B's parent moved: relink as untyped, EP, A, B */
    cte_t *ut = slot(SLOT_UNTYPED);
    mdb_node_t ut_m = ut->mdb, a_m = slot(A)->mdb, ep_m = slot(EP)->mdb, b_m = slot(B)->mdb;
    ut->mdb = mdb_set_next(ut->mdb, cte_ref(slot(EP)));
    slot(EP)->mdb = mdb_set_next(mdb_set_prev(slot(EP)->mdb, cte_ref(ut)), cte_ref(slot(A)));
    slot(A)->mdb = mdb_set_next(mdb_set_prev(slot(A)->mdb, cte_ref(slot(EP))), cte_ref(slot(B)));
    slot(B)->mdb = mdb_set_prev(slot(B)->mdb, cte_ref(slot(A)));
    const char *problem = checker_says();
    ut->mdb = ut_m, slot(A)->mdb = a_m, slot(EP)->mdb = ep_m, slot(B)->mdb = b_m;
    CHECK_PROBLEM(problem, "separated");
}

/* Issue 13's false positive: two mints of badge 5 from E, the second after
 * a copy of the first. C follows P's gap but is Q's child, and revoke
 * agrees: revoking P keeps C, revoking Q deletes it. */
TEST(cdt_check_accepts_a_copy_in_a_later_mint_of_the_same_badge)
{
    make(OBJ_ENDPOINT, 0, EP);
    CHECK_OK(do_mint(B, EP, ALL_RIGHTS, 5)); /* Q */
    CHECK_OK(do_copy(C, B, ALL_RIGHTS));     /* C, Q's child */
    CHECK_OK(do_mint(A, EP, ALL_RIGHTS, 5)); /* P */
    CHECK(mdb_next_slot(slot(EP)) == slot(A));
    CHECK(mdb_next_slot(slot(A)) == slot(B));
    CHECK(mdb_next_slot(slot(B)) == slot(C));
    CHECK(checker_says() == NULL);
    CHECK_OK(do_revoke(A));
    CHECK(!cte_is_empty(slot(C)));
    CHECK(checker_says() == NULL);
    CHECK_OK(do_revoke(B));
    CHECK(cte_is_empty(slot(C)));
}

/* Found by the fuzzer (seed 111): E, P, Q, X, Y with P and Q mints of
 * badge 5 and X, Y copies of Q; deleting Q hands its first_badged mark to
 * X, a plain copy. Y is no cap's child now but still of Q's group, which
 * revoking P must keep (as seL4 does): not a separated descendant. */
TEST(cdt_check_accepts_a_badge_group_whose_first_mint_was_deleted)
{
    make(OBJ_ENDPOINT, 0, EP);
    CHECK_OK(do_mint(B, EP, ALL_RIGHTS, 5)); /* Q */
    CHECK_OK(do_copy(C, B, ALL_RIGHTS));     /* Y */
    CHECK_OK(do_copy(A + 3, B, ALL_RIGHTS)); /* X, before Y */
    CHECK_OK(do_mint(A, EP, ALL_RIGHTS, 5)); /* P */
    CHECK(mdb_next_slot(slot(EP)) == slot(A));
    CHECK(mdb_next_slot(slot(A)) == slot(B));
    CHECK_OK(do_delete(B));
    CHECK(mdb_next_slot(slot(A)) == slot(A + 3));
    CHECK(mdb_get_first_badged(slot(A + 3)->mdb));
    CHECK(checker_says() == NULL);
    CHECK_OK(do_revoke(A));
    CHECK(!cte_is_empty(slot(C)) && !cte_is_empty(slot(A + 3)));
    CHECK(checker_says() == NULL);
    CHECK_OK(do_revoke(EP));
    CHECK(cte_is_empty(slot(C)) && cte_is_empty(slot(A + 3)) && cte_is_empty(slot(A)));
}

/* The same shape with another object's cap in the gap: nothing after the
 * gap can own C, so it is reported. */
TEST(cdt_check_catches_a_badged_copy_separated_by_another_object)
{
    make(OBJ_ENDPOINT, 0, EP);
    make(OBJ_NOTIFICATION, 0, B);
    CHECK_OK(do_mint(A, EP, ALL_RIGHTS, 5));
    CHECK_OK(do_copy(C, A, ALL_RIGHTS)); /* untyped, B, EP, A, C */
    CHECK(checker_says() == NULL);
    /* relink as untyped, EP, A, B, C: C no longer follows A */
    cte_t *ut = slot(SLOT_UNTYPED);
    mdb_node_t ut_m = ut->mdb, ep_m = slot(EP)->mdb, a_m = slot(A)->mdb, b_m = slot(B)->mdb,
               c_m = slot(C)->mdb;
    ut->mdb = mdb_set_next(ut->mdb, cte_ref(slot(EP)));
    slot(EP)->mdb = mdb_set_prev(slot(EP)->mdb, cte_ref(ut));
    slot(A)->mdb = mdb_set_next(slot(A)->mdb, cte_ref(slot(B)));
    slot(B)->mdb = mdb_set_next(mdb_set_prev(slot(B)->mdb, cte_ref(slot(A))), cte_ref(slot(C)));
    slot(C)->mdb = mdb_set_prev(slot(C)->mdb, cte_ref(slot(B)));
    const char *problem = checker_says();
    ut->mdb = ut_m, slot(EP)->mdb = ep_m, slot(A)->mdb = a_m, slot(B)->mdb = b_m,
    slot(C)->mdb = c_m;
    CHECK_PROBLEM(problem, "separated");
}

TEST(cdt_check_catches_reply_caps_to_dead_threads)
{
    mdb_insert_root(slot(A), cap_reply_new(HOST_ARENA_PPTR + 0x2000u, false, true));
    slot(A)->mdb = mdb_null();
    CHECK_PROBLEM(checker_says(), "TCB that is gone");
    slot(A)->cap = cap_null_new();
}

/* ---- The checker's other reports, and what it must accept ---- */

/* A slot no CNode or TCB holds (as the kernel's IRQ node slots are),
 * reached only through a CDT link from the root CNode. */
#define LONE_SLOT (HOST_ARENA_PPTR + 0x4000u)

TEST(cdt_check_kernel_takes_slots_only_cdt_links_reach)
{
    make(OBJ_ENDPOINT, 0, EP);
    cte_t *lone = cte_ptr(LONE_SLOT);
    mdb_insert_child(slot(EP)->cap, slot(EP), lone);
    cap_t root = root_cap();
    /* The host tests' checker wants every slot in a CNode or TCB... */
    CHECK_PROBLEM(cdt_check(&root, 1).problem, "outside every live CNode/TCB");
    /* ...the kernel's takes the linked slot as found. */
    cdt_check_result_t r = cdt_check_kernel(&root, 1);
    bool listed = false;
    for (word_t i = 0; i < cdt_check_cap_count(); i++) {
        listed = listed || cdt_check_cap(i) == lone;
    }
    mdb_remove(lone);
    CHECK(r.problem == NULL);
    CHECK(listed);
}

TEST(cdt_check_cap_list_holds_every_non_empty_slot_once)
{
    make(OBJ_ENDPOINT, 0, EP);
    CHECK_OK(do_copy(A, EP, ALL_RIGHTS));
    CHECK(checker_says() == NULL);
    word_t in_root = 0;
    for (word_t i = 0; i < BIT(ROOT_RADIX); i++) {
        in_root += !cte_is_empty(slot(i));
    }
    word_t found_in_root = 0;
    for (word_t i = 0; i < cdt_check_cap_count(); i++) {
        pptr_t ref = cte_ref(cdt_check_cap(i));
        CHECK(!cte_is_empty(cdt_check_cap(i)));
        found_in_root +=
            ref >= ROOT_CNODE_PPTR && ref < ROOT_CNODE_PPTR + BIT(ROOT_RADIX) * sizeof(cte_t);
    }
    CHECK_EQ(found_in_root, in_root);
}

TEST(cdt_check_catches_two_sizes_of_slot_array_at_one_address)
{
    cap_t roots[2] = { root_cap(), cap_cnode_set_radix(root_cap(), ROOT_RADIX - 1) };
    CHECK_PROBLEM(cdt_check(roots, 2).problem, "different sizes");
    mdb_insert_root(slot(A), roots[1]);
    const char *problem = checker_says();
    mdb_remove(slot(A));
    CHECK_PROBLEM(problem, "different sizes");
}

TEST(cdt_check_catches_overlapping_slot_arrays)
{
    /* A CNode cap naming the upper half of the root CNode's slots. */
    pptr_t inside = ROOT_CNODE_PPTR + BIT(ROOT_RADIX - 1) * (word_t)sizeof(cte_t);
    mdb_insert_root(slot(A), cap_cnode_new(inside, ROOT_RADIX - 1, 0, 0));
    const char *problem = checker_says();
    mdb_remove(slot(A));
    CHECK_PROBLEM(problem, "slot arrays overlap");
}

TEST(cdt_check_catches_a_link_to_an_empty_slot)
{
    make(OBJ_ENDPOINT, 0, EP);
    /* The endpoint's next is B, still empty but linked back to it. */
    cte_t *ep = slot(EP), *b = slot(B);
    mdb_node_t ep_m = ep->mdb;
    ep->mdb = mdb_set_next(ep->mdb, cte_ref(b));
    b->mdb = mdb_set_prev(b->mdb, cte_ref(ep));
    const char *problem = checker_says();
    ep->mdb = ep_m, b->mdb = mdb_null();
    CHECK_PROBLEM(problem, "link to an empty slot");
}

TEST(cdt_check_catches_an_untyped_watermark_beyond_its_end)
{
    make(OBJ_ENDPOINT, 0, EP);
    cte_t *ut = slot(SLOT_UNTYPED);
    CHECK_CHECKER_CATCHES(
        ut->cap, cap_untyped_set_free_index(ut->cap, untyped_max_free_index(UNTYPED_BITS) + 1),
        "watermark beyond its end");
}

TEST(cdt_check_catches_a_cnode_cap_without_radix_or_with_radix_and_guard_over_a_word)
{
    cte_t *cnode = slot(SLOT_CNODE);
    CHECK_CHECKER_CATCHES(cnode->cap,
                          cap_cnode_set_guard_size(cnode->cap, WORD_BITS - ROOT_RADIX + 1),
                          "bad radix");
    make(OBJ_CNODE, 2, A);
    CHECK_CHECKER_CATCHES(slot(A)->cap, cap_cnode_set_radix(slot(A)->cap, 0), "bad radix");
}

TEST(cdt_check_catches_a_master_reply_cap_that_is_not_revocable)
{
    tcb_setup_reply_master(root_tcb());
    cte_t *master = tcb_slot(root_tcb(), TCB_REPLY);
    CHECK(checker_says() == NULL);
    CHECK_CHECKER_CATCHES(master->mdb, mdb_set_revocable(master->mdb, false),
                          "revocable unless master");
}

TEST(cdt_check_accepts_an_untyped_retyped_from_an_untyped)
{
    CHECK_OK(do_retype(SLOT_UNTYPED, OBJ_UNTYPED, 12, A, 1));
    CHECK_OK(do_retype(A, OBJ_ENDPOINT, 0, B, 1));
    CHECK(checker_says() == NULL);
}

TEST(cdt_check_catches_an_untyped_straddling_another)
{
    CHECK_OK(do_retype(SLOT_UNTYPED, OBJ_UNTYPED, 12, A, 1));
    CHECK_OK(do_retype(SLOT_UNTYPED, OBJ_UNTYPED, 5, B, 1)); /* 32 bytes after A's 4 KiB */
    pptr_t a_end = cap_untyped_get_ptr(slot(A)->cap) + BIT(12);
    /* B moved to cover A's last 16 bytes and the 16 after them */
    CHECK_CHECKER_CATCHES(slot(B)->cap, cap_untyped_set_ptr(slot(B)->cap, a_end - 16u),
                          "straddles");
}
