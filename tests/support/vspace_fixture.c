/*
 * The VSpace tests' world and invocation helpers (see vspace_fixture.h).
 */
#include <string.h>

#include "vspace_fixture.h"

word_t vs_reply[8];
word_t vs_reply_length;

static void vspace_fixture_boot(void)
{
    asid_init();
    machine_fake_reset();
    memset(pptr_to_ptr(VS_UNTYPED_PPTR), GARBAGE, BIT(VS_UNTYPED_BITS));
    mdb_insert_root(slot(SLOT_VS_UNTYPED),
                    untyped_cap_for_boot(VS_UNTYPED_PPTR, VS_UNTYPED_BITS, false));
    mdb_insert_root(slot(SLOT_ASID_CONTROL), cap_asid_control_new());
}

__attribute__((constructor)) static void vspace_fixture_install(void)
{
    fixture_extra_setup = vspace_fixture_boot;
}

void vs_retype(word_t type, word_t dest)
{
    CHECK_OK(do_retype(SLOT_VS_UNTYPED, type, 0, dest, 1));
}

void vs_retype_device(word_t type, word_t dest)
{
    CHECK_OK(do_retype(SLOT_DEVICE_UNTYPED, type, 0, dest, 1));
}

result_t vs_call(word_t index, word_t label, word_t length, const word_t *mrs, cte_t *extra0,
                 cte_t *extra1)
{
    word_t reply[ARRAY_SIZE(vs_reply)] = { 0 };
    word_t reply_length = 0;
    invocation_args_t args = { .label = label,
                               .length = length,
                               .mrs = mrs,
                               .thread = root_tcb(),
                               .reply_mrs = reply,
                               .reply_length = &reply_length };
    args.extra_caps[0] = extra0;
    args.extra_caps[1] = extra0 != NULL ? extra1 : NULL;
    result_t r = decode_invocation(&args, slot(index), slot(index)->cap);
    if (r.status == EXCEPTION_NONE) {
        memcpy(vs_reply, reply, sizeof(reply));
        vs_reply_length = reply_length;
    }
    check_cdt();
    return r;
}

result_t do_make_pool(word_t untyped, word_t dest)
{
    word_t mrs[] = { dest, 32 };
    return vs_call(SLOT_ASID_CONTROL, ARMASIDControlMakePool, 2, mrs, slot(untyped),
                   slot(SLOT_CNODE));
}

result_t do_assign(word_t pool, word_t pd)
{
    return vs_call(pool, ARMASIDPoolAssign, 0, NULL, slot(pd), NULL);
}

result_t do_pt_map(word_t pt, word_t pd, vptr_t vaddr, word_t attr)
{
    word_t mrs[] = { vaddr, attr };
    return vs_call(pt, ARMPageTableMap, 2, mrs, slot(pd), NULL);
}

result_t do_pt_unmap(word_t pt)
{
    return vs_call(pt, ARMPageTableUnmap, 0, NULL, NULL, NULL);
}

result_t do_page_map(word_t frame, word_t pd, vptr_t vaddr, word_t rights, word_t attr)
{
    word_t mrs[] = { vaddr, rights, attr };
    return vs_call(frame, ARMPageMap, 3, mrs, slot(pd), NULL);
}

result_t do_page_unmap(word_t frame)
{
    return vs_call(frame, ARMPageUnmap, 0, NULL, NULL, NULL);
}

result_t do_page_flush(word_t frame, word_t label, word_t start, word_t end)
{
    word_t mrs[] = { start, end };
    return vs_call(frame, label, 2, mrs, NULL, NULL);
}

result_t do_page_get_address(word_t frame)
{
    return vs_call(frame, ARMPageGetAddress, 0, NULL, NULL, NULL);
}

result_t do_pd_flush(word_t pd, word_t label, vptr_t start, vptr_t end)
{
    word_t mrs[] = { start, end };
    return vs_call(pd, label, 2, mrs, NULL, NULL);
}

pde_t *vs_standard_vspace(void)
{
    CHECK_OK(do_retype(SLOT_VS_UNTYPED, OBJ_UNTYPED, ASID_POOL_BITS, SLOT_POOL_UNTYPED, 1));
    CHECK_OK(do_make_pool(SLOT_POOL_UNTYPED, SLOT_POOL));
    vs_retype(OBJ_ARM_PAGE_DIRECTORY, SLOT_PD);
    CHECK_OK(do_assign(SLOT_POOL, SLOT_PD));
    return pd_in(SLOT_PD);
}

pte_t *vs_standard_page_table(vptr_t vaddr)
{
    vs_retype(OBJ_ARM_PAGE_TABLE, SLOT_PT);
    CHECK_OK(do_pt_map(SLOT_PT, SLOT_PD, vaddr, ATTR_DEFAULT));
    return pt_in(SLOT_PT);
}
