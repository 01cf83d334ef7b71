// The scenario operations of shmem.h: building a shmem mapping and its page-cache folios, and
// the shmem paths that meet swap (swap-out, swap-in, truncation; swapoff's shmem_unuse runs
// inside the swapoff operation).
#include <stdexcept>

#include "model/op_args.h"
#include "model/registry.h"
#include "model/shmem.h"

namespace swapmodel {

namespace {

using namespace op_args;

MmStruct& shmem_arg(SwapModel& m, const OpArgs& a) {
  MmStruct& mapping = any_mm_arg(m, a);
  if (!mapping.shmem) throw std::invalid_argument("mm " + std::to_string(mapping.id) + " is not a shmem mapping (new_shmem)");
  return mapping;
}

}  // namespace

void add_shmem_ops(std::vector<OpEntry>& ops) {
  OpAppender add(ops);
  const OpParam mm = req("mm", "the shmem mapping's id (new_shmem)");
  const OpParam idx = req("idx", "page index in the mapping");

  add("new_shmem", "create a shmem mapping (a tmpfs inode's page cache xarray, inode->i_mapping->i_pages of mm/shmem.c; model/shmem.h) whose folios are charged to a memcg; returns its id, in the mm ids",
      {opt("memcg", 1, "memcg id")},
      [](SwapModel&, const OpArgs& a) { return std::int64_t{setup_shmem_mapping(inum(a, "memcg")).id}; }, true);
  add("map_shmem", "a new order-0 page-cache folio at mapping[idx] (shmem_alloc_and_add_folio, mm/shmem.c): uptodate, dirty; returns the folio id",
      {mm, idx, opt("memcg", 1, "memcg id"), opt("version", 1, "content version (0: zero page)")},
      [](SwapModel& m, const OpArgs& a) {
        MmStruct& x = shmem_arg(m, a);
        return std::int64_t{setup_shmem_folio(x, idx_arg(x, a), inum(a, "memcg"), static_cast<std::uint32_t>(num(a, "version"))).id};
      },
      true);
  add("shmem_swap_out", "reclaim the page-cache folio at mapping[idx] (shrink_folio_list -> pageout -> shmem_writeout, mm/shmem.c: folio_alloc_swap, folio_dup_swap, the swap entry replaces the folio under xa_lock, swap_writeout; then __remove_mapping); 1 when freed, 0 when kept or no folio is there",
      {mm, idx}, [](SwapModel& m, const OpArgs& a) {
        MmStruct& x = shmem_arg(m, a);
        const std::uint64_t item = x.pte[static_cast<std::size_t>(idx_arg(x, a))].read_once();
        if (!pte_present(item)) return std::int64_t{0};
        return std::int64_t{shrink_shmem_folio(m.folio(pte_folio(item)), x) ? 1 : 0};
      });
  add("shmem_get_folio", "shmem_get_folio_gfp(SGP_CACHE) at mapping[idx] (mm/shmem.c): a swap entry there is swapped in by shmem_swapin_folio (seed 003: tryget_swap_entry, shmem_confirm_swap, the swap cache or a synchronous / readahead read, the recheck under the folio lock, shmem_add_to_page_cache, folio_put_swap, swap_cache_del_folio), repeated on -EEXIST; 0, -EIO, -EINVAL, -ENOMEM, or -ENOENT for a hole",
      {mm, idx}, [](SwapModel& m, const OpArgs& a) {
        MmStruct& x = shmem_arg(m, a);
        return std::int64_t{shmem_get_folio(x, idx_arg(x, a))};
      });
  add("shmem_truncate", "shmem_undo_range over mapping[idx, idx+nr) (truncate or hole punch, mm/shmem.c): swap entries erased under xa_lock and put with swap_put_entries_direct (shmem_free_swap, seed 000), page-cache folios removed under their lock",
      {mm, idx, opt("nr", 1, "pages")}, [](SwapModel& m, const OpArgs& a) {
        MmStruct& x = shmem_arg(m, a);
        const int i = idx_arg(x, a);
        if (inum(a, "nr") < 1 || i + inum(a, "nr") > x.slots()) throw std::invalid_argument("nr out of range");
        shmem_undo_range(x, i, inum(a, "nr"));
        return std::int64_t{0};
      });
}

}  // namespace swapmodel
