/*
 * A checker of the CDT's invariants, for the host tests (run after every
 * operation) and for the checked kernel (CONFIG_KEEL_CHECKED, see
 * <kernel/invariants.h>), in debug builds. It finds every
 * slot reachable from the given CNode/thread caps, through nested CNodes,
 * TCBs, zombies and CDT links, and checks the tree over all of them.
 */
#pragma once

#include <object/structures.h>

typedef struct cdt_check_result {
    const char *problem; /* NULL when every invariant holds */
    pptr_t slot;         /* the slot where the problem was seen */
} cdt_check_result_t;

#ifdef CONFIG_DEBUG_BUILD
/* Every slot must lie in a CNode, TCB or zombie found from the roots. */
cdt_check_result_t cdt_check(const cap_t *roots, word_t count);

/* For the kernel itself (the checked configuration): slots that only CDT
 * links reach, such as the IRQ node's, which no cap names, are taken one
 * by one once nothing else is left to find. */
cdt_check_result_t cdt_check_kernel(const cap_t *roots, word_t count);

/* After a check: the non-empty slots it found, for further checks. */
word_t cdt_check_cap_count(void);
const cte_t *cdt_check_cap(word_t i);
#endif
