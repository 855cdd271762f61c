/*
 * keeltest: what a root-CNode slot holds, told without seL4_DebugCapIdentify,
 * which a release build does not have (seL4 drops it there). CHECK_CAP uses
 * this in release builds (keeltest.h, cap_mismatch).
 *
 * Nothing here may change what the slot holds or what its object does, and
 * the probe may run in any test thread, so it only uses operations that
 * fail before they change anything, or that change only a scratch slot:
 *   - a CNode_Copy of the slot onto itself checks the destination first
 *     (DeleteFirst: the slot holds a cap) and then the source (FailedLookup:
 *     it is empty);
 *   - a CNode_Copy of the cap with no rights into a scratch slot fails for
 *     caps that cannot be copied (IllegalOperation: reply, IRQ control,
 *     zombie, unmapped page table or directory; RevokeFirst: an untyped
 *     with children); the copy can be invoked safely, because a rightless
 *     endpoint or notification cap cannot send (InvalidCapability, no IPC);
 *   - each other kind of cap answers one malformed invocation with an error
 *     no other kind gives (the kernel checks the label, then the message:
 *     seL4's decode order), which `answers` lists.
 * What this cannot tell apart is listed at cap_probe in keeltest.h: telling
 * those apart would take invoking the cap for real (an IPC, a reply, an SGI).
 */
#include <stdio.h>
#include <string.h>
#include "keeltest.h"

/* The scratch slots: a probe takes the first one its Copy finds empty, so
 * probes in different threads do not collide. */
static seL4_CPtr scratch_first;
static seL4_Word scratch_count;

void cap_probe_set_scratch(seL4_CPtr first, seL4_Word count)
{
    scratch_first = first;
    scratch_count = count;
}

/* A malformed invocation only one kind of cap answers this way. */
struct answer {
    seL4_Word tag;
    seL4_Word label;
    seL4_Word length; /* message words (mrs) */
    seL4_Word mrs[6];
    bool root_cap;    /* the root CNode as extra cap 0 */
    seL4_Error error; /* the answer ... */
    bool check_mr0;   /* ... and, if set, its first detail word */
    seL4_Word mr0;
};

/* Far beyond seL4_ObjectTypeCount: no object type has this number. */
#define NO_OBJECT_TYPE 0xffffu

static const struct answer answers[] = {
    /* Retype into an object type that does not exist: InvalidArgument 0. */
    { CAP_TAG_UNTYPED, UntypedRetype, 6, { NO_OBJECT_TYPE }, true, seL4_InvalidArgument, true, 0 },
    /* Delete at depth 0: RangeError, depth 1 to 32. */
    { CAP_TAG_CNODE, CNodeDelete, 2, { 0, 0 }, false, seL4_RangeError, true, 1 },
    /* Read no registers: RangeError, 1 to the frame's count. */
    { CAP_TAG_THREAD, TCBReadRegisters, 2, { 0, 0 }, false, seL4_RangeError, true, 1 },
    /* A rightless endpoint or notification cap cannot send: whatever the label. */
    { CAP_TAG_ENDPOINT, 0, 0, { 0 }, false, seL4_InvalidCapability, true, 0 },
    { CAP_TAG_NOTIFICATION, 0, 0, { 0 }, false, seL4_InvalidCapability, true, 0 },
    /* Each of these labels with no message: TruncatedMessage. */
    { CAP_TAG_PAGE_TABLE, ARMPageTableMap, 0, { 0 }, false, seL4_TruncatedMessage, false, 0 },
    { CAP_TAG_PAGE_DIRECTORY, ARMPDClean_Data, 0, { 0 }, false, seL4_TruncatedMessage, false, 0 },
    { CAP_TAG_ASID_POOL, ARMASIDPoolAssign, 0, { 0 }, false, seL4_TruncatedMessage, false, 0 },
    { CAP_TAG_ASID_CONTROL,
      ARMASIDControlMakePool,
      0,
      { 0 },
      false,
      seL4_TruncatedMessage,
      false,
      0 },
    { CAP_TAG_IRQ_CONTROL, IRQIssueIRQHandler, 0, { 0 }, false, seL4_TruncatedMessage, false, 0 },
    { CAP_TAG_IRQ_HANDLER, IRQSetIRQHandler, 0, { 0 }, false, seL4_TruncatedMessage, false, 0 },
    { CAP_TAG_DOMAIN, DomainSetSet, 0, { 0 }, false, seL4_TruncatedMessage, false, 0 },
};

static const struct answer *answer_of(seL4_Word tag)
{
    for (unsigned i = 0; i < sizeof(answers) / sizeof(answers[0]); i++) {
        if (answers[i].tag == tag) {
            return &answers[i];
        }
    }
    return NULL;
}

/* The reason a probe gives, kept per thread: probes run in many threads. */
static __thread char why[96];

static const char *because(const char *what, seL4_Error got)
{
    snprintf(why, sizeof(why), "%s gave %s", what, error_name(got));
    return why;
}

static const char *check_answer(seL4_CPtr cap, const struct answer *a)
{
    if (a == NULL) {
        return "the probe knows no cap of this tag";
    }
    seL4_CPtr root = seL4_CapInitThreadCNode;
    seL4_Error err = raw_invoke(cap, a->label, a->length, a->mrs, a->root_cap ? 1 : 0, &root);
    if (err != a->error) {
        snprintf(why, sizeof(why), "a malformed invocation gave %s, where %s gives %s",
                 error_name(err), cap_tag_name(a->tag), error_name(a->error));
        return why;
    }
    if (a->check_mr0 && seL4_GetMR(0) != a->mr0) {
        snprintf(why, sizeof(why), "a malformed invocation gave %s with detail %u, not %u",
                 error_name(err), (unsigned)seL4_GetMR(0), (unsigned)a->mr0);
        return why;
    }
    return NULL;
}

/*
 * A frame cap is the only cap GetAddress answers; its size shows in Page_Map
 * at a misaligned address just below seL4_UserTop, which no frame can be
 * mapped at: an unmapped 4 KiB frame ends below the top, so its alignment
 * is checked (AlignmentError); a larger one would end above the top
 * (InvalidArgument 0). seL4 aarch32's decode order for ARMPageMap.
 */
static const char *check_frame(seL4_CPtr copy, seL4_Word tag)
{
    seL4_Error err = seL4_ARM_Page_GetAddress(copy).error;
    if (err != seL4_NoError) {
        return because("Page_GetAddress", err);
    }
    seL4_Word vaddr = seL4_UserTop - 2 * (1u << seL4_PageBits) + sizeof(seL4_Word);
    err = seL4_ARM_Page_Map(copy, seL4_CapInitThreadVSpace, vaddr, seL4_AllRights,
                            seL4_ARM_Default_VMAttributes);
    seL4_Error expected = tag == CAP_TAG_SMALL_FRAME ? seL4_AlignmentError : seL4_InvalidArgument;
    if (err != expected) {
        snprintf(why, sizeof(why), "a misaligned Page_Map gave %s, where %s gives %s",
                 error_name(err), cap_tag_name(tag), error_name(expected));
        return why;
    }
    return NULL;
}

/* The probe of a cap that can be copied, on its rightless copy. */
static const char *check_copy(seL4_CPtr copy, seL4_Word tag)
{
    if (tag == CAP_TAG_SMALL_FRAME || tag == CAP_TAG_FRAME) {
        return check_frame(copy, tag);
    }
    switch (tag) {
    case CAP_TAG_SGI_SIGNAL:
        return NULL; /* invoking it would send the SGI */
    case CAP_TAG_REPLY:
    case CAP_TAG_ZOMBIE:
    case CAP_TAG_IRQ_CONTROL:
        snprintf(why, sizeof(why), "it can be copied, which %s cannot", cap_tag_name(tag));
        return why;
    default:
        return check_answer(copy, answer_of(tag));
    }
}

/* The probe of a cap that cannot be copied, given Copy's error. Of these,
 * page tables, page directories and IRQ control are invoked themselves
 * (their malformed invocations change nothing); a reply cap cannot be
 * invoked without replying, so it is the cap that fails to copy. */
static const char *check_uncopyable(seL4_CPtr slot, seL4_Word tag, seL4_Error copy_error)
{
    switch (tag) {
    case CAP_TAG_UNTYPED:
        return copy_error == seL4_RevokeFirst ? NULL : because("copying it", copy_error);
    case CAP_TAG_REPLY:
    case CAP_TAG_ZOMBIE:
        return copy_error == seL4_IllegalOperation ? NULL : because("copying it", copy_error);
    case CAP_TAG_PAGE_TABLE:
    case CAP_TAG_PAGE_DIRECTORY:
    case CAP_TAG_IRQ_CONTROL:
        if (copy_error != seL4_IllegalOperation) {
            return because("copying it", copy_error);
        }
        return check_answer(slot, answer_of(tag));
    default:
        return because("copying it", copy_error);
    }
}

static const char *probe(seL4_CPtr slot, seL4_Word tag)
{
    seL4_CNode root = seL4_CapInitThreadCNode;
    seL4_Error err =
        seL4_CNode_Copy(root, slot, ROOT_DEPTH, root, slot, ROOT_DEPTH, seL4_AllRights);
    if (err == seL4_FailedLookup) {
        return tag == CAP_TAG_NULL ? NULL : "the slot is empty";
    }
    if (err != seL4_DeleteFirst) {
        return because("copying the slot onto itself", err);
    }
    if (tag == CAP_TAG_NULL) {
        return "the slot holds a cap";
    }

    seL4_CPtr copy = 0;
    err = seL4_DeleteFirst;
    for (seL4_Word i = 0; i < scratch_count && err == seL4_DeleteFirst; i++) {
        copy = scratch_first + i;
        err = seL4_CNode_Copy(root, copy, ROOT_DEPTH, root, slot, ROOT_DEPTH, seL4_NoRights);
    }
    if (err == seL4_DeleteFirst) {
        return "no scratch slot was free for the probe";
    }
    if (err != seL4_NoError) {
        return check_uncopyable(slot, tag, err);
    }
    const char *result = check_copy(copy, tag);
    err = seL4_CNode_Delete(root, copy, ROOT_DEPTH);
    if (err != seL4_NoError && result == NULL) {
        result = because("deleting the probe's copy", err);
    }
    return result;
}

const char *cap_probe(seL4_CPtr slot, seL4_Word tag)
{
    /* The caller's message registers and cap slots are as they were. */
    seL4_IPCBuffer *ipc = seL4_GetIPCBuffer();
    seL4_IPCBuffer saved;
    memcpy(&saved, ipc, sizeof(saved));
    const char *result = probe(slot, tag);
    memcpy(ipc, &saved, sizeof(saved));
    return result;
}
