/*
 * A checker of the CDT's invariants, for the host tests (run after every
 * operation) and for debug kernels (CONFIG_DEBUG_BUILD). It finds every
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
cdt_check_result_t cdt_check(const cap_t *roots, word_t count);
#endif
