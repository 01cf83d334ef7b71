// Read-only views of model state for invariants: no events, no locks taken, only peek().
// Internal to the invariant files.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "model/model.h"
#include "model/step_dirty.h"
#include "model/swap_table.h"
#include "model/vswap/vswap.h"

namespace swapmodel::inv {

using Result = std::optional<std::string>;

inline bool device_alive(const SwapDevice& si) { return si.cluster_info->state != checker::HeapCell::State::Freed; }

// The cluster's table, or null (no table, or the device's clusters were freed by swapoff).
inline SwapTable* table_of(SwapModel& m, SwapDevice& si, SwapCluster& ci) {
  if (!device_alive(si)) return nullptr;
  const std::uint32_t id = ci.table.peek();
  return id == 0 ? nullptr : &m.table(id);
}

inline std::uint32_t ext_of(SwapModel& m, SwapCluster& ci, unsigned off) {
  const std::uint32_t id = ci.extend_table.peek();
  return id == 0 ? 0 : m.ext_table(id).ext[off].peek();
}

inline std::uint64_t cluster_offset_of(const SwapCluster& ci, SwapModel& m) {
  return static_cast<std::uint64_t>(ci.index) * m.slots_per_cluster();
}

inline std::string slot_name(const SwapCluster& ci, unsigned off, unsigned spc) {
  return "swp(" + std::to_string(ci.device) + "," + std::to_string(static_cast<unsigned>(ci.index) * spc + off) + ")";
}

// The vswap cluster the xarray holds at `index` (seed 004), or null.
inline SwapCluster* vswap_cluster_at(SwapModel& m, std::uint64_t index) {
  if (m.vswap == nullptr || index >= m.vswap->pool.size()) return nullptr;
  const std::uint32_t id = m.vswap->pool[index].peek();
  return id == 0 ? nullptr : &m.vswap->cluster(id).ci;
}

// Calls f(si, ci, table) for every live table, the vswap device's clusters (those the xarray
// holds) included, and returns the first Result f gives (nullopt: all passed).
template <class F>
Result first_table(SwapModel& m, F f) {
  for (SwapDevice& si : m.devices)
    for (SwapCluster& ci : si.clusters) {
      SwapTable* t = table_of(m, si, ci);
      if (t == nullptr) continue;
      if (Result r = f(si, ci, *t)) return r;
    }
  if (m.vswap == nullptr) return std::nullopt;
  for (std::uint64_t idx = 0; idx < m.vswap->pool.size(); ++idx) {
    SwapCluster* ci = vswap_cluster_at(m, idx);
    if (ci == nullptr || ci->table.peek() == 0) continue;
    if (Result r = f(m.vswap->si, *ci, m.table(ci->table.peek()))) return r;
  }
  return std::nullopt;
}

// first_table over the clusters the step marked (every cluster when d is null), in the same order.
template <class F>
Result first_marked_table(SwapModel& m, const StepDirty* d, F f) {
  if (d == nullptr) return first_table(m, f);
  for (std::uint32_t key : d->phys_clusters()) {
    SwapDevice& si = m.devices[key / StepDirty::kMaxClusters];
    SwapCluster& ci = si.clusters[key % StepDirty::kMaxClusters];
    SwapTable* t = table_of(m, si, ci);
    if (t == nullptr) continue;
    if (Result r = f(si, ci, *t)) return r;
  }
  for (std::uint32_t id : d->pool_clusters()) {
    SwapCluster& ci = m.vswap->cluster(id).ci;
    if (ci.table.peek() == 0) continue;
    if (Result r = f(m.vswap->si, ci, m.table(ci.table.peek()))) return r;
  }
  return std::nullopt;
}

// Calls f(si, ci, table, off, word) for every slot of every live table, in first_table's order.
template <class F>
void for_each_slot(SwapModel& m, F f) {
  const unsigned spc = m.slots_per_cluster();
  first_table(m, [&](SwapDevice& si, SwapCluster& ci, SwapTable& t) -> Result {
    for (unsigned off = 0; off < spc; ++off) f(si, ci, t, off, t.tb[off].peek());
    return std::nullopt;
  });
}

// The slot's word and cluster for an entry, when the device and table are alive.
struct SlotView {
  SwapCluster* ci = nullptr;
  SwapTable* table = nullptr;
  unsigned off = 0;
  std::uint64_t word = 0;
};
inline std::optional<SlotView> slot_of(SwapModel& m, swp_entry_t e) {
  const int type = swp_type(e);
  if (is_vswap_type(type) && m.vswap != nullptr) {
    SlotView v;
    v.ci = vswap_cluster_at(m, swp_offset(e) / m.slots_per_cluster());
    if (v.ci == nullptr) return v;  // no cluster: reads as a NULL slot
    v.off = static_cast<unsigned>(swp_offset(e) % m.slots_per_cluster());
    const std::uint32_t t = v.ci->table.peek();
    v.table = t == 0 ? nullptr : &m.table(t);
    if (v.table != nullptr) v.word = v.table->tb[v.off].peek();
    return v;
  }
  if (type < 0 || static_cast<std::size_t>(type) >= m.devices.size()) return std::nullopt;
  SwapDevice& si = m.devices[static_cast<std::size_t>(type)];
  if (!device_alive(si) || swp_offset(e) >= si.max) return std::nullopt;
  SlotView v;
  v.ci = &si.clusters[swp_offset(e) / m.slots_per_cluster()];
  v.off = static_cast<unsigned>(swp_offset(e) % m.slots_per_cluster());
  v.table = table_of(m, si, *v.ci);
  if (v.table != nullptr) v.word = v.table->tb[v.off].peek();
  return v;
}

}  // namespace swapmodel::inv
