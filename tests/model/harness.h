// Test harness for the swap-table model: tests/sequential_model.h with the small default
// configuration and readers of a physical slot's word, count and memcg id.
#pragma once

#include "model/config.h"
#include "model/swap_table.h"
#include "tests/sequential_model.h"

namespace swaptest {

// Two memcgs under the root (ids 2 and 3), one device of two 4-slot clusters, count limit 3.
inline SwapConfig small_config() {
  SwapConfig cfg;
  cfg.memcgs = {MemcgConfig{}, MemcgConfig{}, MemcgConfig{}};
  return cfg;
}

class Sequential : public SequentialModel {
 public:
  explicit Sequential(const SwapConfig& cfg = small_config()) : SequentialModel(cfg) {}

  // The slot's table word and real count.
  std::uint64_t word(int type, std::uint64_t offset) {
    SwapCluster& ci = m().devices.at(static_cast<std::size_t>(type)).clusters.at(offset / m().slots_per_cluster());
    const std::uint32_t t = ci.table.peek();
    return t == 0 ? tb::kNull : m().table(t).tb[offset % m().slots_per_cluster()].peek();
  }
  long count(int type, std::uint64_t offset) {
    SwapCluster& ci = m().devices.at(static_cast<std::size_t>(type)).clusters.at(offset / m().slots_per_cluster());
    const unsigned off = static_cast<unsigned>(offset % m().slots_per_cluster());
    const std::uint32_t e = ci.extend_table.peek();
    return tb::decode_count(word(type, offset), e == 0 ? 0 : m().ext_table(e).ext[off].peek(), m().count_max());
  }
  int memcg_id(int type, std::uint64_t offset) {
    SwapCluster& ci = m().devices.at(static_cast<std::size_t>(type)).clusters.at(offset / m().slots_per_cluster());
    return swap_cgroup_peek(ci, static_cast<unsigned>(offset % m().slots_per_cluster()));
  }
};

}  // namespace swaptest
