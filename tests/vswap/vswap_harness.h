// Test harness for seed 004's vswap device (model/vswap/): tests/sequential_model.h with the
// vswap state at hand.
#pragma once

#include "model/vswap/vswap.h"
#include "tests/sequential_model.h"

namespace vswaptest {

using namespace swaptest;

inline SwapConfig vswap_config(bool zswap) {
  SwapConfig cfg;
  cfg.memcgs = {MemcgConfig{}, MemcgConfig{}};
  cfg.vswap = true;
  cfg.zswap_enabled = zswap;
  return cfg;
}

class Sequential : public SequentialModel {
 public:
  explicit Sequential(const SwapConfig& cfg) : SequentialModel(cfg) {}
  vswap::VswapState& v() { return *m().vswap; }
};

}  // namespace vswaptest
