// Test harness for the swap model.
//
// Sequential: one SwapModel built inside an execution's setup, where every instrumented
// operation takes effect at once without scheduling. Unit tests call kernel functions on it
// directly and read the state back with peek(). A violated require() throws
// checker::SetupFailure there.
//
// explore_dpor(): runs a SwapScenario exhaustively with DPOR.
#pragma once

#include <memory>
#include <optional>
#include <string>

#include "checker/execution.h"
#include "checker/explore.h"
#include "checker/fiber.h"
#include "model/config.h"
#include "model/invariants.h"
#include "model/model.h"
#include "model/program.h"
#include "model/swap_table.h"

namespace swaptest {

using namespace swapmodel;

// Two memcgs under the root (ids 2 and 3), one device of two 4-slot clusters, count limit 3.
inline SwapConfig small_config() {
  SwapConfig cfg;
  cfg.memcgs = {MemcgConfig{}, MemcgConfig{}, MemcgConfig{}};
  return cfg;
}

class Sequential {
 public:
  explicit Sequential(const SwapConfig& cfg = small_config())
      : stacks_(checker::default_stack_size()),
        ex_(std::make_unique<checker::Execution>(checker::ExecutionConfig{}, ids_, stacks_)),
        scope_(std::make_unique<checker::ExecutionScope>(*ex_)),
        model_(std::make_unique<SwapModel>(cfg)) {}
  ~Sequential() {
    model_.reset();
    scope_.reset();
    ex_.reset();
  }
  SwapModel& m() { return *model_; }

  // Every invariant, step and quiescence ones, evaluated now: "name: message" of the first
  // that fails, or "" when all hold.
  std::string violation() {
    for (const checker::InvariantDef& d : make_invariants(*model_))
      if (auto why = d.check()) return d.name + ": " + *why;
    return "";
  }

  // The slot's table word and real count.
  std::uint64_t word(int type, std::uint64_t offset) {
    SwapCluster& ci = model_->devices.at(static_cast<std::size_t>(type)).clusters.at(offset / model_->slots_per_cluster());
    const std::uint32_t t = ci.table.peek();
    return t == 0 ? tb::kNull : model_->table(t).tb[offset % model_->slots_per_cluster()].peek();
  }
  long count(int type, std::uint64_t offset) {
    SwapCluster& ci = model_->devices.at(static_cast<std::size_t>(type)).clusters.at(offset / model_->slots_per_cluster());
    const unsigned off = static_cast<unsigned>(offset % model_->slots_per_cluster());
    const std::uint32_t e = ci.extend_table.peek();
    return tb::decode_count(word(type, offset), e == 0 ? 0 : model_->ext_table(e).ext[off].peek(), model_->count_max());
  }
  int memcg_id(int type, std::uint64_t offset) {
    SwapCluster& ci = model_->devices.at(static_cast<std::size_t>(type)).clusters.at(offset / model_->slots_per_cluster());
    return swap_cgroup_peek(ci, static_cast<unsigned>(offset % model_->slots_per_cluster()));
  }

 private:
  checker::IdentityRegistry ids_;
  checker::StackPool stacks_;
  std::unique_ptr<checker::Execution> ex_;
  std::unique_ptr<checker::ExecutionScope> scope_;
  std::unique_ptr<SwapModel> model_;
};

inline checker::Report explore_dpor(SwapScenario sc, std::uint32_t step_bound = 2000) {
  checker::Bounds b;
  b.strategy = checker::Strategy::Dpor;
  b.step_bound = step_bound;
  return checker::explore(make_program(std::move(sc)), b);
}

}  // namespace swaptest
