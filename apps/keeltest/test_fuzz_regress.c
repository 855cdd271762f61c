/*
 * Regression tests for what the system-call fuzzer (apps/fuzz) found, each
 * the minimal sequence that showed it (docs/reliability.md, "What the
 * fuzzer found"). Run in the checked configuration they also put the state
 * in front of the kernel's own invariant checks.
 */
#include <sel4/sel4.h>
#include "keeltest.h"

/* Kernel exits enough for the checked kernel to check the whole CDT at
 * least twice while a state is held (it does so every 128 exits). */
static void let_the_checks_run(void)
{
    for (int i = 0; i < 300; i++) {
        seL4_Yield();
    }
}

KEEL_TEST(fuzz_badge_group_outlives_its_first_mint,
          "two mints of one badge, the first deleted after two copies of it: a "
          "revoke of the second keeps the copies, which still signal the badge, "
          "and the checked kernel accepts the CDT (fuzzer seed 111)")
{
    seL4_CPtr n = test_retype(env, seL4_NotificationObject, 0);
    seL4_CPtr q = test_slot(env), x = test_slot(env), y = test_slot(env), p = test_slot(env);
    seL4_CPtr root = env->cnode;
    CHECK_OK(seL4_CNode_Mint(root, q, ROOT_DEPTH, root, n, ROOT_DEPTH, seL4_AllRights, 5));
    CHECK_OK(seL4_CNode_Copy(root, y, ROOT_DEPTH, root, q, ROOT_DEPTH, seL4_AllRights));
    CHECK_OK(seL4_CNode_Copy(root, x, ROOT_DEPTH, root, q, ROOT_DEPTH, seL4_AllRights));
    CHECK_OK(seL4_CNode_Mint(root, p, ROOT_DEPTH, root, n, ROOT_DEPTH, seL4_AllRights, 5));
    /* the CDT is n, p, q, x, y; deleting q hands its first-of-badge mark to x */
    CHECK_OK(seL4_CNode_Delete(root, q, ROOT_DEPTH));
    let_the_checks_run();
    CHECK_OK(seL4_CNode_Revoke(root, p, ROOT_DEPTH));
    CHECK_CAP(x, CAP_TAG_NOTIFICATION);
    CHECK_CAP(y, CAP_TAG_NOTIFICATION);
    let_the_checks_run();
    seL4_Word badge = 0;
    seL4_Signal(y);
    seL4_Poll(n, &badge);
    CHECK_EQ(badge, 5);
    CHECK_OK(seL4_CNode_Revoke(root, n, ROOT_DEPTH));
    CHECK_CAP(x, CAP_TAG_NULL);
    CHECK_CAP(y, CAP_TAG_NULL);
    CHECK_CAP(p, CAP_TAG_NULL);
}
