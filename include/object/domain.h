/*
 * The domain cap (seL4_DomainSet): moves threads between scheduling domains
 * and, since seL4 15.0, configures the domain schedule at run time. The
 * schedule itself lives with the scheduler (include/kernel/sched.h).
 */
#pragma once

#include <object/objecttype.h>

result_t decode_domain_invocation(const invocation_args_t *args);
