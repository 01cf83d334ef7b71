// dead_once at quiescence (lifetime.h): every object that died is still dead at the end, and
// no pointer the kernel keeps names it. The checks at the revivals themselves (lifetime.h) fire
// in the interleaving that runs a revival after the death; this one judges the final state, so
// it holds whatever order the search picked for independent events.
#include <algorithm>

#include "model/desc/memcg.h"
#include "model/invariants_impl.h"
#include "model/lifetime.h"
#include "model/zswap.h"

namespace swapmodel::inv {

namespace {

bool freed(const checker::HeapCell* cell) { return cell->state == checker::HeapCell::State::Freed; }

Result dead_memcgs(SwapModel& m) {
  for (Memcg& c : m.memcgs) {
    if (!c.id_death.dead) continue;
    if (c.id_ref.peek() != 0)
      return "memcg" + std::to_string(c.id) + "'s private id died " + c.id_death.str() + " but holds " +
             std::to_string(c.id_ref.peek()) + " reference(s): it was revived";
  }
  Result r;
  for_each_slot(m, [&](SwapDevice&, SwapCluster& ci, SwapTable&, unsigned off, std::uint64_t) {
    const int id = swap_cgroup_peek(ci, off);
    if (r || id == 0) return;
    Memcg* c = mem_cgroup_from_private_id(id);
    if (c != nullptr && c->id_death.dead)
      r = slot_name(ci, off, m.slots_per_cluster()) + " records memcg" + std::to_string(id) + ", whose private id died " +
          c->id_death.str();
  });
  if (r) return r;
  // Seed 001's descriptors: desc->memcgid of a live descriptor.
  for (const auto& [id, n] : desc::memcg_records(m)) {
    Memcg* c = mem_cgroup_from_private_id(id);
    if (c != nullptr && c->id_death.dead)
      return std::to_string(n) + " swap descriptor(s) record memcg" + std::to_string(id) + ", whose private id died " + c->id_death.str();
  }
  return std::nullopt;
}

Result dead_devices(SwapModel& m) {
  for (SwapDevice& si : m.devices) {
    if (!si.users_death.dead) continue;
    for (auto& c : si.users.count)
      if (c.peek() != 0)
        return "swap device " + std::to_string(si.type) + " (its users drained by swapoff " + si.users_death.str() + ") holds " +
               std::to_string(c.peek()) + " reference(s) on a CPU";
  }
  return std::nullopt;
}

Result dead_vswap_clusters(SwapModel& m) {
  if (m.vswap == nullptr) return std::nullopt;
  for (vswap::VswapCluster& d : m.vswap->clusters) {
    if (!d.death.dead) continue;
    const std::string name = "vswap cluster ci_dyn" + std::to_string(d.id) + " (retired " + d.death.str() + ")";
    if (m.vswap->pool.at(static_cast<std::size_t>(d.index)).peek() == static_cast<std::uint32_t>(d.id))
      return name + " is still in the xarray at index " + std::to_string(d.index);
    // (Read with peek(): its memory is freed by now, the model keeps the values.)
    if (d.ci.count.peek() != 0) return name + " holds " + std::to_string(d.ci.count.peek()) + " slot(s)";
  }
  return std::nullopt;
}

// A live cluster's extend_table pointer.
Result extend_table_of(SwapModel& m, SwapCluster& ci) {
  const std::uint32_t id = ci.extend_table.peek();
  if (id == 0 || !freed(m.ext_table(id).cell)) return std::nullopt;
  return "cluster " + std::to_string(ci.device) + ":" + std::to_string(ci.index) + " names extend table " + std::to_string(id) +
         ", freed at step " + std::to_string(m.ext_table(id).cell->freed_at);
}

Result dead_extend_tables(SwapModel& m) {
  for (SwapDevice& si : m.devices) {
    if (!device_alive(si)) continue;
    for (SwapCluster& ci : si.clusters)
      if (Result r = extend_table_of(m, ci)) return r;
  }
  if (m.vswap == nullptr) return std::nullopt;
  for (vswap::VswapCluster& d : m.vswap->clusters)
    if (!freed(d.cell))
      if (Result r = extend_table_of(m, d.ci)) return r;
  return std::nullopt;
}

std::string entry_name(std::uint32_t id, SwapModel& m) {
  return "zswap_entry" + std::to_string(id) + " (freed at step " + std::to_string(m.zswap_entry(id).cell->freed_at) + ")";
}

Result dead_zswap_entries(SwapModel& m) {
  for (SwapDevice& si : m.devices) {
    if (freed(si.zswap.cell)) continue;
    for (std::size_t off = 0; off < si.zswap.slot.size(); ++off) {
      const std::uint32_t id = si.zswap.slot[off].peek();
      if (id != 0 && freed(m.zswap_entry(id).cell))
        return "the zswap tree of device " + std::to_string(si.type) + " names " + entry_name(id, m) + " at offset " +
               std::to_string(off);
    }
  }
  for (std::uint32_t id : m.zswap_lru->list.peek())
    if (freed(m.zswap_entry(id).cell)) return "the zswap LRU names " + entry_name(id, m);
  if (m.vswap == nullptr) return std::nullopt;
  for (vswap::VirtualTable& t : m.vswap->vtables) {
    if (freed(t.cell)) continue;
    for (auto& w : t.vt) {
      const std::uint64_t v = w.peek();
      if (vt::type(v) == vt::VSWAP_ZSWAP && freed(m.zswap_entry(vt::to_zswap(v)).cell))
        return "virtual_table" + std::to_string(t.id) + " names " + entry_name(vt::to_zswap(v), m);
    }
  }
  return std::nullopt;
}

}  // namespace

Result dead_once(SwapModel& m) {
  for (auto check : {dead_memcgs, dead_devices, dead_vswap_clusters, dead_extend_tables, dead_zswap_entries})
    if (Result r = check(m)) return r;
  return std::nullopt;
}

}  // namespace swapmodel::inv
