// Test harness for seed 001's descriptor design (model/desc/).
//
// DescSequential: tests/sequential_model.h with design vswap_desc and readers of its descriptors
// and swap cache.
#pragma once

#include "model/desc/state.h"
#include "tests/sequential_model.h"

namespace desctest {

using namespace swaptest;
using namespace swapmodel::desc;

// A model of design vswap_desc with the default sizes.
inline SwapConfig desc_config() {
  SwapConfig cfg;
  cfg.design = Design::VswapDesc;
  return cfg;
}

class DescSequential : public SequentialModel {
 public:
  explicit DescSequential(const SwapConfig& cfg = desc_config()) : SequentialModel(cfg) {}
  VswapState& v() { return *m().vswap_desc; }

  // The descriptor vswap_map names at `index`, or null.
  SwpDesc* desc_at(std::uint64_t index) {
    const std::uint64_t w = v().vswap_map.peek(index);
    return xa_is_ptr(w) ? &v().desc(xa_to_ptr(w)) : nullptr;
  }
  int refs(std::uint64_t index) {
    SwpDesc* d = desc_at(index);
    return d == nullptr ? -1000 : d->swap_refs.peek();
  }
  // The folio the swap cache holds at `index`, or -1.
  int cached(std::uint64_t index) {
    const std::uint64_t w = v().swap_cache.peek(index);
    return xa_is_ptr(w) ? xa_to_ptr(w) : -1;
  }
};

}  // namespace desctest
