// The physical slots under seed 001's virtual entries (mm/swapfile.c with CONFIG_VIRTUAL_SWAP:
// swap_map holds only SWAP_MAP_ALLOCATED or SWAP_MAP_BAD), and folio_alloc_swap, which
// allocates a folio's virtual entries and links each to a physical slot (vswap.h).
#include "model/desc/vswap.h"

#include "model/desc/memcg.h"
#include "model/model.h"

namespace swapmodel::desc {

// mm/swapfile.c (seed 001): swap_slot_alloc -> scan_swap_map_slots with usage
// SWAP_MAP_ALLOCATED, reduced to one device without clusters: the lowest free, aligned run.
// swap_slot_alloc holds a device reference around the scan (get_swap_device_info ...
// swap_slot_put_swap_info), and cluster_alloc_range tests SWP_WRITEOK under the cluster lock
// (phys.lock), so swapoff's wait_for_allocation (one pass over that lock after clearing
// SWP_WRITEOK) waits for an allocation that saw it set, and once swapoff has killed si->users no
// allocation touches the device. The test is the kernel's plain read, as in the table design's
// allocator (fix swp_writeok_marked: READ_ONCE, finding 12). The avail list is not modelled
// (swapoff's removal from it is what the two tests stand for).
std::uint64_t swap_slot_alloc(int nr) {
  CHECKER_FRAME();
  PhysSwap& p = vswap().phys;
  const std::uint64_t n = static_cast<std::uint64_t>(nr);
  if (!get_swap_device_info(p.si)) return 0;
  std::uint64_t found = 0;
  p.lock.lock();
  const std::uint32_t flags = model().cfg.fixes.swp_writeok_marked ? p.si.flags.read_once() : p.si.flags.read();
  for (std::uint64_t start = n; (flags & SWP_WRITEOK) && found == 0 && start + n <= p.size(); start += n) {
    bool free = true;
    for (std::uint64_t i = 0; free && i < n; ++i) free = p.swap_map[start + i].read() == 0;
    if (!free) continue;
    // memset(si->swap_map + start, usage, nr): plain stores, while find_next_to_unuse and
    // cluster_reclaim_range read the words with READ_ONCE and no lock, a data race as KCSAN
    // defines it (finding 14). Fix desc_swap_map_marked: WRITE_ONCE.
    for (std::uint64_t i = 0; i < n; ++i)
      if (model().cfg.fixes.desc_swap_map_marked)
        p.swap_map[start + i].write_once(SWAP_MAP_ALLOCATED);
      else
        p.swap_map[start + i].write(SWAP_MAP_ALLOCATED);
    found = start;
  }
  p.lock.unlock();
  swap_slot_put_swap_info(&p.si);
  return found;
}

// mm/swapfile.c (seed 001): swap_slot_free_nr -> __swap_slot_free_locked / swap_slot_range_free
// with usage SWAP_MAP_ALLOCATED.
void swap_slot_free_nr(std::uint64_t slot, int nr) {
  CHECKER_FRAME();
  PhysSwap& p = vswap().phys;
  p.lock.lock();
  for (std::uint64_t i = 0; i < static_cast<std::uint64_t>(nr); ++i) {
    checker::Var<std::uint8_t>& map = p.swap_map.at(slot + i);
    // VM_BUG_ON(*map != usage)
    checker::check(map.read() == SWAP_MAP_ALLOCATED, "swap_slot_range_free: slot is not SWAP_MAP_ALLOCATED");
    // *map = 0: a plain store against swapoff's READ_ONCE (finding 14); fix desc_swap_map_marked:
    // WRITE_ONCE.
    if (model().cfg.fixes.desc_swap_map_marked)
      map.write_once(0);
    else
      map.write(0);
  }
  p.lock.unlock();
}

// mm/vswap.c (RFC v2): folio_alloc_swap with the virtual swap layer. "For now, we always
// allocate a physical swap slot for each virtual swap slot, and their lifetime are coupled."
// The seed shows only the function's name; this follows SEMANTICS 3 [inferred]: allocate the
// virtual entries, then the physical slots, then establish the links (desc->slot under the
// descriptor's write lock, the reverse map), then charge the memcg (vswap_free's "we only charge
// after linkage was established"; mem_cgroup_try_charge_swap(folio, entry) as v6.15's
// folio_alloc_swap calls it [inferred]). On a physical allocation failure the new entries drop
// their initial pin, which frees them; on a charge failure put_swap_folio drops it (v6.15's
// out_free), and vswap_free finds memcgid 0 and uncharges nothing.
swp_entry_t folio_alloc_swap(Folio& folio) {
  CHECKER_FRAME();
  checker::require(folio_test_locked(folio), "folio_alloc_swap: folio not locked");
  VswapState& v = vswap();
  SwapModel& m = model();
  const int nr = folio.nr();
  const swp_entry_t entry = vswap_alloc(nr);
  if (entry.val == 0) return entry;
  const std::uint64_t slot = swap_slot_alloc(nr);
  if (slot == 0) {
    swapcache_clear(entry, nr);
    return swp_entry_t{};
  }
  // establish the virtual <-> physical swap slots linkages.
  for (int i = 0; i < nr; ++i) {
    const std::uint64_t index = vswap_index(entry) + static_cast<std::uint64_t>(i);
    m.rcu.read_lock();
    const std::uint64_t w = v.vswap_map.load(index);
    VM_WARN_ON(!xa_is_ptr(w), "folio_alloc_swap: a new entry has no descriptor");
    if (xa_is_ptr(w)) {
      SwpDesc& desc = v.desc(xa_to_ptr(w));
      desc.lock.write_lock();
      desc.slot.write(slot + static_cast<std::uint64_t>(i));
      desc.lock.write_unlock();
    }
    m.rcu.read_unlock();
    v.vswap_rmap.store(slot + static_cast<std::uint64_t>(i), xa_mk_value(vswap_entry(index).val));
  }
  if (desc::mem_cgroup_try_charge_swap(folio, entry)) {
    put_swap_folio(folio, entry);
    return swp_entry_t{};
  }
  return entry;
}

}  // namespace swapmodel::desc
