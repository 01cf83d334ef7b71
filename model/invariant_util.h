// Read-only views of model state for invariants: no events, no locks taken, only peek().
// Internal to the invariant files.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "model/model.h"
#include "model/swap_table.h"

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

// Calls f(si, ci, table, off, word) for every slot of every live table.
template <class F>
void for_each_slot(SwapModel& m, F f) {
  const unsigned spc = m.slots_per_cluster();
  for (SwapDevice& si : m.devices)
    for (SwapCluster& ci : si.clusters) {
      SwapTable* t = table_of(m, si, ci);
      if (t == nullptr) continue;
      for (unsigned off = 0; off < spc; ++off) f(si, ci, *t, off, t->tb[off].peek());
    }
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
