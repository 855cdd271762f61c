/*
 * Planning the physical layout of the boot images before anything is
 * copied, so an image that does not fit is refused with a reason instead of
 * overwriting the loader. Pure logic: host-tested.
 */
#include "layout.h"

#define PAGE_SIZE 0x1000ull

static uint64_t page_round_up(uint64_t x)
{
    return (x + PAGE_SIZE - 1) & ~(PAGE_SIZE - 1);
}

static bool region_inside(region_t inner, region_t outer)
{
    return inner.start >= outer.start && inner.end <= outer.end;
}

static bool region_overlaps(region_t a, region_t b)
{
    return a.start < b.end && b.start < a.end;
}

static const char *layout_check(const memory_t *mem, region_t r, const char *what_outside,
                                const char *what_overlaps)
{
    if (!region_inside(r, mem->ram)) {
        return what_outside;
    }
    if (region_overlaps(r, mem->loader)) {
        return what_overlaps;
    }
    return NULL;
}

const char *layout_plan(const memory_t *mem, const elf_t *kernel, const elf_t *root,
                        word_t dtb_size, layout_t *out)
{
    uint64_t lo, hi;
    elf_span(kernel, true, &lo, &hi);
    out->kernel = (region_t){ lo, hi };
    out->kernel_v_entry = elf_entry(kernel);
    const char *why = layout_check(mem, out->kernel, "kernel does not fit in RAM",
                                   "kernel would overwrite the loader");
    if (why != NULL) {
        return why;
    }

    elf_span(root, false, &lo, &hi);
    if ((lo & (PAGE_SIZE - 1)) != 0) {
        return "root task does not start on a page boundary";
    }
    uint64_t user_start = page_round_up(out->kernel.end);
    out->user = (region_t){ user_start, user_start + page_round_up(hi - lo) };
    out->user_pv_offset = (word_t)(user_start - lo);
    out->user_v_entry = elf_entry(root);
    why = layout_check(mem, out->user, "root task is too large for RAM",
                       "root task would overwrite the loader");
    if (why != NULL) {
        return why;
    }

    out->dtb = (region_t){ out->user.end, out->user.end + dtb_size };
    return layout_check(mem, out->dtb, "DTB does not fit in RAM", "DTB would overwrite the loader");
}
