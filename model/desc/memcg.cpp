// Memcg swap accounting on seed 001's swap descriptors (memcg.h).
#include "model/desc/memcg.h"

#include "checker/heap.h"
#include "checker/kernel_order.h"
#include "model/desc/state.h"
#include "model/memcg.h"
#include "model/memcg_steps.h"
#include "model/model.h"

namespace swapmodel::desc {

// mm/vswap.c (RFC v2 on seed 001 [inferred]): swap_cgroup_record. The caller owns the entries
// (the folio is locked and they are pinned), so each descriptor is there.
void swap_cgroup_record(swp_entry_t entry, int nr, int id) {
  CHECKER_FRAME();
  SwapModel& m = model();
  m.rcu.read_lock();
  VswapState& v = vswap();
  for (int i = 0; i < nr; ++i) {
    const std::uint64_t w = v.vswap_map.load(vswap_index(entry) + static_cast<std::uint64_t>(i));  // xa_load
    if (xa_is_ptr(w)) checker::lkmm::atomic_set(v.desc(xa_to_ptr(w)).memcgid, id);
  }
  m.rcu.read_unlock();
}

// mm/vswap.c (RFC v2 on seed 001 [inferred]): swap_cgroup_clear. vswap_free calls it with its
// descriptor still in vswap_map (the forward map is erased after the uncharge).
int swap_cgroup_clear(swp_entry_t entry, int nr) {
  CHECKER_FRAME();
  SwapModel& m = model();
  int id = 0;
  m.rcu.read_lock();
  VswapState& v = vswap();
  for (int i = 0; i < nr; ++i) {
    const std::uint64_t w = v.vswap_map.load(vswap_index(entry) + static_cast<std::uint64_t>(i));  // xa_load
    if (!xa_is_ptr(w)) continue;
    const int old = checker::lkmm::xchg(v.desc(xa_to_ptr(w)).memcgid, 0);
    if (i == 0) id = old;
  }
  m.rcu.read_unlock();
  return id;
}

// mm/vswap.c (RFC v2 on seed 001 [inferred]): lookup_swap_cgroup_id
int lookup_swap_cgroup_id(swp_entry_t entry) {
  CHECKER_FRAME();
  SwapModel& m = model();
  m.rcu.read_lock();
  VswapState& v = vswap();
  const std::uint64_t w = v.vswap_map.load(vswap_index(entry));  // xa_load
  const int id = xa_is_ptr(w) ? checker::lkmm::atomic_read(v.desc(xa_to_ptr(w)).memcgid) : 0;
  m.rcu.read_unlock();
  return id;
}

// mm/memcontrol.c (v6.15): __mem_cgroup_try_charge_swap(folio, entry). The table design's
// version (model/memcg.cpp) is phase IV's, which finds the entry through the swap cache; this one
// takes the entry from folio_alloc_swap, before add_to_swap_cache.
int mem_cgroup_try_charge_swap(Folio& folio, swp_entry_t entry) {
  CHECKER_FRAME();
  if (!memcg_step::charges_swap_counter(pure::Machine{}, do_memsw_account())) return 0;
  Memcg* memcg = mem_cgroup_from_private_id(folio_memcg(folio));
  VM_WARN_ON(memcg == nullptr, "mem_cgroup_try_charge_swap: folio without a memcg");
  if (memcg == nullptr) return 0;
  if (entry.val == 0) return 0;  // MEMCG_SWAP_FAIL event only
  const int nr = folio.nr();
  // mem_cgroup_id_get_online, then mem_cgroup_id_get_many for the tail pages: nr references.
  Memcg& swap_memcg = mem_cgroup_private_id_get_online(*memcg, nr);
  if (!mem_cgroup_is_root(swap_memcg) && !page_counter_try_charge(swap_memcg, nr)) {
    mem_cgroup_private_id_put(swap_memcg, nr);  // MEMCG_SWAP_MAX, MEMCG_SWAP_FAIL
    return -ENOMEM;
  }
  desc::swap_cgroup_record(entry, nr, swap_memcg.id);
  return 0;
}

// mm/memcontrol.c (v6.15): __mem_cgroup_uncharge_swap(entry, nr)
void mem_cgroup_uncharge_swap(swp_entry_t entry, int nr) {
  CHECKER_FRAME();
  const int id = swap_cgroup_clear(entry, nr);
  swapmodel::mem_cgroup_uncharge_swap(id, nr);  // mem_cgroup_from_id, page_counter_uncharge, id_put_many
}

std::map<int, long> memcg_records(SwapModel& m) {
  std::map<int, long> out;
  VswapState* v = m.vswap_desc.get();
  if (v == nullptr) return out;
  for (SwpDesc& d : v->descs) {
    if (d.cell->state != checker::HeapCell::State::Live) continue;
    const int id = d.memcgid.peek();
    if (id != 0) ++out[id];
  }
  return out;
}

}  // namespace swapmodel::desc
