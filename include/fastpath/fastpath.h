/*
 * The IPC fast path (DESIGN.md section 4): Call and ReplyRecv that carry no
 * more than the register message words and no caps, between threads that
 * can switch directly, skip the general path. Each function either does the
 * whole system call, leaving ks_cur_thread the thread to resume, and
 * returns true, or changes nothing and returns false: the general path then
 * runs, with results identical in every way user level can observe.
 */
#pragma once

#include <types.h>

bool fastpath_call(cptr_t cptr, word_t info);
bool fastpath_reply_recv(cptr_t cptr, word_t info);
