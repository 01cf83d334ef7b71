// Descriptors and maps of seed 001's mm/vswap.c: vswap_alloc, vswap_free, the entry <-> slot
// translation and trylock_swapoff (vswap.h).
#include "model/desc/vswap.h"

#include <vector>

#include "checker/heap.h"
#include "checker/kernel_order.h"
#include "model/alloc_failure.h"
#include "model/desc/memcg.h"
#include "model/model.h"

namespace swapmodel::desc {

namespace {

// The lowest nr-aligned run of nr NULL words in [1, size) of vswap_map. Caller holds its
// xa_lock (the model's stand-in for __xa_alloc's search, which also returns the lowest free
// index; the seed does not show how a multi-entry range is found [inferred]).
std::uint64_t find_free_range(XArray& map, int nr) {
  const std::uint64_t n = static_cast<std::uint64_t>(nr);
  for (std::uint64_t start = n; start + n <= map.size(); start += n) {
    bool free = true;
    for (std::uint64_t i = 0; free && i < n; ++i) free = map.load(start + i) == 0;
    if (free) return start;
  }
  return 0;
}

}  // namespace

// mm/vswap.c (seed 001): vswap_alloc
swp_entry_t vswap_alloc(int nr) {
  CHECKER_FRAME();
  VswapState& v = vswap();
  std::vector<SwpDesc*> descs;
  // kmem_cache_alloc_bulk may fail (alloc_failure.h): no entry [inferred: the seed shows only
  // the initialisation that follows].
  if (alloc_fails(AllocSite::SwpDesc)) return swp_entry_t{};
  // kmem_cache_alloc_bulk, then per desc: slot = 0, memcgid = 0, swap_refs = 1 ("swap entry is
  // about to be added to the swap cache"), rwlock_init. The descriptors are private until the
  // stores below publish them, so their initial values are set at construction.
  for (int i = 0; i < nr; ++i) descs.push_back(&v.new_desc());

  v.vswap_map.xa_lock.lock();
  const std::uint64_t index = find_free_range(v.vswap_map, nr);
  if (index == 0) {
    v.vswap_map.xa_lock.unlock();
    for (SwpDesc* d : descs) checker::heap_free(d->cell);  // kmem_cache_free_bulk
    return swp_entry_t{};
  }
  for (int i = 0; i < nr; ++i) {
    descs[static_cast<std::size_t>(i)]->index = index + static_cast<std::uint64_t>(i);  // ghost
    v.vswap_map.store_locked(index + static_cast<std::uint64_t>(i), xa_mk_ptr(descs[static_cast<std::size_t>(i)]->id));
  }
  v.vswap_map.xa_lock.unlock();
  checker::lkmm::atomic_add(v.vswap_used, long{nr});  // atomic_add (RFC v2): a void atomic, unordered
  return vswap_entry(index);
}

// mm/vswap.c (seed 001): vswap_free. The seed's hunk shows the slot unlinking with its
// mem_cgroup_uncharge_swap(entry, 1); the load, the forward-map erase, release_vswap_slot and
// kfree_rcu follow RFC v2's vswap_free [partly inferred, SEMANTICS 3]. Mutation
// desc_free_no_uncharge drops the uncharge: the memcg keeps the charge and the id reference.
void vswap_free(swp_entry_t entry) {
  CHECKER_FRAME();
  VswapState& v = vswap();
  SwapModel& m = model();
  const checker::Execution* ex = checker::current_execution();
  checker::require(ex == nullptr || !ex->in_model_thread() || m.rcu.read_lock_held(), "vswap_free outside rcu_read_lock()");
  const std::uint64_t w = v.vswap_map.load(vswap_index(entry));
  if (!xa_is_ptr(w)) return;
  SwpDesc& desc = v.desc(xa_to_ptr(w));
  ++desc.frees;  // ghost
  m.ghost.note_written(desc.swap_refs.id());
  // desc->slot without desc->lock: refs reached 0, nobody else may link or read it any more.
  const std::uint64_t slot = desc.slot.read();
  if (slot != 0) {
    // we only charge after linkage was established
    if (!m.cfg.mutations.desc_free_no_uncharge) desc::mem_cgroup_uncharge_swap(entry, 1);
    v.vswap_rmap.erase(slot);
    swap_slot_free_nr(slot, 1);
  }
  // erase forward mapping and release the virtual slot for reallocation
  v.vswap_map.erase(vswap_index(entry));
  checker::lkmm::atomic_dec(v.vswap_used);  // release_vswap_slot: atomic_dec, unordered
  checker::heap_free_rcu(m.rcu, desc.cell);
}

// mm/vswap.c (seed 001): swp_entry_to_swp_slot
std::uint64_t swp_entry_to_swp_slot(swp_entry_t entry) {
  CHECKER_FRAME();
  if (entry.val == 0) return 0;
  VswapState& v = vswap();
  SwapModel& m = model();
  m.rcu.read_lock();
  const std::uint64_t w = v.vswap_map.load(vswap_index(entry));
  if (!xa_is_ptr(w)) {
    m.rcu.read_unlock();
    return 0;
  }
  SwpDesc& desc = v.desc(xa_to_ptr(w));
  desc.lock.read_lock();
  const std::uint64_t slot = desc.slot.read();
  desc.lock.read_unlock();
  m.rcu.read_unlock();
  return slot;
}

// mm/vswap.c (seed 001): swp_slot_to_swp_entry
swp_entry_t swp_slot_to_swp_entry(std::uint64_t slot) {
  CHECKER_FRAME();
  VswapState& v = vswap();
  SwapModel& m = model();
  m.rcu.read_lock();
  // entry can be NULL if we fail to link the virtual and physical swap slot during the swap
  // slot allocation process.
  const std::uint64_t w = v.vswap_rmap.load(slot);
  m.rcu.read_unlock();
  return xa_is_value(w) ? swp_entry_t{xa_to_value(w)} : swp_entry_t{};
}

// mm/swapfile.c (seed 001): swap_slot_tryget_swap_info, upstream's get_swap_device on a
// physical slot: no slot, or a device whose si->users swapoff killed, gives NULL.
SwapDevice* swap_slot_tryget_swap_info(std::uint64_t slot) {
  CHECKER_FRAME();
  if (slot == 0) return nullptr;  // if (!slot.val) goto out
  SwapDevice& si = vswap().phys.si;
  if (!get_swap_device_info(si)) return nullptr;  // percpu_ref_tryget_live(&si->users)
  if (slot >= si.max) {                           // Bad_offset
    swap_slot_put_swap_info(&si);
    return nullptr;
  }
  return &si;
}

// mm/swapfile.c (seed 001): swap_slot_put_swap_info, upstream's put_swap_device before seed 004
// (percpu_ref_put(&si->users); the table design's put_swap_device is seed 004's, which tests
// SWP_VSWAP in si->flags first).
void swap_slot_put_swap_info(SwapDevice* si) {
  CHECKER_FRAME();
  const int cpu = checker::current_execution()->self_cpu();
  // percpu_ref_put: released to swapoff's drain wait, as model/device.cpp's put_swap_device.
  const std::int64_t old =
      si->users.count.at(static_cast<std::size_t>(cpu) % si->users.count.size()).fetch_sub(1, checker::MemoryOrder::Release);
  checker::check(old > 0, "swap_slot_put_swap_info without a reference on this CPU");
}

// include/linux/swap.h (seed 001): trylock_swapoff. "In the virtual swap implementation, we do
// not need to do anything to guard against concurrent swapoff for the swap entry's metadata":
// it returns true even when *si is NULL (no slot, or swapoff killed the device's users).
bool trylock_swapoff(swp_entry_t entry, SwapDevice** si) {
  CHECKER_FRAME();
  const std::uint64_t slot = swp_entry_to_swp_slot(entry);
  *si = swap_slot_tryget_swap_info(slot);
  return true;  // IS_ENABLED(CONFIG_VIRTUAL_SWAP) || *si
}

// include/linux/swap.h (seed 001): unlock_swapoff
void unlock_swapoff(swp_entry_t, SwapDevice* si) {
  if (si != nullptr) swap_slot_put_swap_info(si);
}

}  // namespace swapmodel::desc
