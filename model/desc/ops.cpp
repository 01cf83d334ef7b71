// The descriptor design's operation table (ops.h).
#include "model/desc/ops.h"

#include <stdexcept>

#include "model/desc/reclaim.h"
#include "model/desc/swap_cache.h"
#include "model/desc/vswap.h"
#include "model/model.h"
#include "model/op_args.h"

namespace swapmodel::desc {

namespace {

using namespace op_args;

// The virtual entry at index "offset" (1 .. size - 1), in a vswap_desc model.
swp_entry_t entry_arg(const OpArgs& a) {
  const VswapState& v = vswap();
  const std::int64_t index = num(a, "offset");
  if (index < 1 || static_cast<std::uint64_t>(index) >= v.vswap_map.size())
    throw std::invalid_argument("virtual offset " + std::to_string(index) + " out of range");
  return vswap_entry(static_cast<std::uint64_t>(index));
}

int nr_arg(const OpArgs& a, const char* name = "nr") {
  const int nr = inum(a, name);
  if (nr < 1 || nr > 4) throw std::invalid_argument(std::string(name) + " must be 1..4");
  return nr;
}

}  // namespace

void add_ops(std::vector<OpEntry>& ops) {
  OpAppender add(ops, Designs{ModelDesign::VswapDesc});
  const OpParam offset = req("offset", "virtual swap entry index (vswap_desc)");
  const OpParam nr = opt("nr", 1, "entries");
  const OpParam folio = req("folio", "folio id");

  // --- seed 001's functions ----------------------------------------------------------------------
  add("vswap_alloc", "vswap_alloc(nr) (seed 001): the first new entry's index, 0 when there is no room", {nr},
      [](SwapModel&, const OpArgs& a) { return static_cast<std::int64_t>(vswap_index(vswap_alloc(nr_arg(a)))); });
  add("vswap_free", "vswap_free (inside rcu_read_lock, as its callers)", {offset}, [](SwapModel& m, const OpArgs& a) {
    const swp_entry_t e = entry_arg(a);
    m.rcu.read_lock();
    vswap_free(e);
    m.rcu.read_unlock();
    return std::int64_t{0};
  });
  add("swap_duplicate", "swap_duplicate: 0 (always)", {offset},
      [](SwapModel&, const OpArgs& a) { return std::int64_t{desc::swap_duplicate(entry_arg(a))}; });
  add("swap_duplicate_nr", "swap_duplicate_nr: 0 or -ENOENT", {offset, nr},
      [](SwapModel&, const OpArgs& a) { return std::int64_t{swap_duplicate_nr(entry_arg(a), nr_arg(a))}; });
  add("swap_dup_and_put", "swap_duplicate_nr(e, 1), then swap_free_nr(e, 1) if it took a reference: a holder of a transient reference",
      {offset}, [](SwapModel&, const OpArgs& a) {
        const swp_entry_t e = entry_arg(a);
        const int err = swap_duplicate_nr(e, 1);
        if (err == 0) desc::swap_free_nr(e, 1);
        return std::int64_t{err};
      });
  add("swap_free_nr", "swap_free_nr (vswap_free_nr_any_cache_only); returns its cache-only hint", {offset, nr},
      [](SwapModel&, const OpArgs& a) { return std::int64_t{vswap_free_nr_any_cache_only(entry_arg(a), nr_arg(a)) ? 1 : 0}; });
  add("swapcache_prepare", "swapcache_prepare: 0, -ENOENT or -EEXIST", {offset, nr},
      [](SwapModel&, const OpArgs& a) { return std::int64_t{desc::swapcache_prepare(entry_arg(a), nr_arg(a))}; });
  add("swapcache_clear", "swapcache_clear", {offset, nr}, [](SwapModel&, const OpArgs& a) {
    desc::swapcache_clear(entry_arg(a), nr_arg(a));
    return std::int64_t{0};
  });
  add("put_swap_folio", "put_swap_folio(folio, entry) (folio locked)", {folio, offset}, [](SwapModel& m, const OpArgs& a) {
    desc::put_swap_folio(folio_arg(m, a), entry_arg(a));
    return std::int64_t{0};
  });
  add("vswap_swapcache_only", "vswap_swapcache_only: 1 when every entry is pinned with no count", {offset, nr},
      [](SwapModel&, const OpArgs& a) { return std::int64_t{vswap_swapcache_only(entry_arg(a), nr_arg(a)) ? 1 : 0}; });
  add("non_swapcache_batch", "non_swapcache_batch(entry, max_nr)", {offset, opt("max_nr", 1, "entries")},
      [](SwapModel&, const OpArgs& a) { return std::int64_t{desc::non_swapcache_batch(entry_arg(a), nr_arg(a, "max_nr"))}; });
  add("free_swap_and_cache_nr", "free_swap_and_cache_nr (the caller holds the references' PTL)", {offset, nr},
      [](SwapModel&, const OpArgs& a) {
        desc::free_swap_and_cache_nr(entry_arg(a), nr_arg(a));
        return std::int64_t{0};
      });
  // Seed 001's physical-side reclaim (reclaim.h): physical slot offsets, 1 .. size - 1.
  auto slot_arg = [](const OpArgs& a, int nr) {
    const std::int64_t slot = num(a, "offset");
    if (slot < 1 || static_cast<std::uint64_t>(slot + nr) > vswap().phys.size())
      throw std::invalid_argument("physical offset " + std::to_string(slot) + " out of range");
    return static_cast<std::uint64_t>(slot);
  };
  const OpParam slot = req("offset", "physical swap slot offset (vswap_desc)");
  add("try_to_reclaim_swap", "__try_to_reclaim_swap (mm/swapfile.c, seed 001) of a physical slot: its virtual entry's swap-cache folio, trylocked and re-checked (swap_is_has_cache: vswap_swapcache_only under the cluster lock), deleted from the swap cache; +nr reclaimed, -nr kept, 0 no folio",
      {slot, opt("flags", TTRS_ANYWAY, "TTRS_ANYWAY 1, TTRS_UNMAPPED 2, TTRS_FULL 4")},
      [slot_arg](SwapModel&, const OpArgs& a) {
        return std::int64_t{desc::__try_to_reclaim_swap(slot_arg(a, 1), static_cast<unsigned>(num(a, "flags")))};
      });
  add("cluster_scan_reclaim", "the allocator's scan of physical slots [offset, offset+nr) on a nearly full device (mm/swapfile.c, seed 001): under the cluster lock cluster_scan_range (an allocated slot is usable when vswap_swapcache_only, read locklessly, says its entry is cache-only), then cluster_reclaim_range; 1 free, 2 free after reclaiming, 0 not free",
      {slot, nr}, [slot_arg](SwapModel&, const OpArgs& a) {
        return std::int64_t{cluster_scan_reclaim(slot_arg(a, nr_arg(a)), nr_arg(a))};
      });
  add("swp_entry_to_swp_slot", "swp_entry_to_swp_slot: the physical offset, 0 when none", {offset},
      [](SwapModel&, const OpArgs& a) { return static_cast<std::int64_t>(swp_entry_to_swp_slot(entry_arg(a))); });
  add("swp_swapcount", "swp_swapcount: the entry's count (refs >> 1), 0 without a descriptor", {offset},
      [](SwapModel&, const OpArgs& a) { return std::int64_t{desc::swp_swapcount(entry_arg(a))}; });
  add("trylock_swapoff", "trylock_swapoff then unlock_swapoff (include/linux/swap.h, seed 001): 1 (always, with CONFIG_VIRTUAL_SWAP) plus 2 when it got a device reference (swap_slot_tryget_swap_info)", {offset},
      [](SwapModel&, const OpArgs& a) {
        const swp_entry_t e = entry_arg(a);
        SwapDevice* si = nullptr;
        const bool ok = trylock_swapoff(e, &si);
        const std::int64_t ret = (ok ? 1 : 0) + (si != nullptr ? 2 : 0);
        unlock_swapoff(e, si);
        return ret;
      });
}

}  // namespace swapmodel::desc
