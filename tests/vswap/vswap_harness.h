// Test harness for seed 004's vswap device (model/vswap/): a sequential model inside an
// execution's setup, and exhaustive DPOR of a scenario.
#pragma once

#include <memory>
#include <string>

#include "checker/execution.h"
#include "checker/explore.h"
#include "checker/fiber.h"
#include "model/invariants.h"
#include "model/model.h"
#include "model/program.h"
#include "model/vswap/vswap.h"

namespace vswaptest {

using namespace swapmodel;

inline SwapConfig vswap_config(bool zswap) {
  SwapConfig cfg;
  cfg.memcgs = {MemcgConfig{}, MemcgConfig{}};
  cfg.vswap = true;
  cfg.zswap_enabled = zswap;
  return cfg;
}

class Sequential {
 public:
  explicit Sequential(const SwapConfig& cfg)
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
  vswap::VswapState& v() { return *model_->vswap; }
  std::string violation() {
    for (const checker::InvariantDef& d : make_invariants(*model_))
      if (auto why = d.check()) return d.name + ": " + *why;
    return "";
  }

 private:
  checker::IdentityRegistry ids_;
  checker::StackPool stacks_;
  std::unique_ptr<checker::Execution> ex_;
  std::unique_ptr<checker::ExecutionScope> scope_;
  std::unique_ptr<SwapModel> model_;
};

inline checker::Report explore(SwapScenario sc, std::uint32_t step_bound = 2000) {
  checker::Bounds b;
  b.strategy = checker::Strategy::Dpor;
  b.step_bound = step_bound;
  return checker::explore(make_program(std::move(sc)), b);
}

inline std::string describe(const checker::Report& r) {
  return r.violation ? std::string(checker::verdict_name(r.verdict)) + " " + r.violation->check + ": " + r.violation->message
                     : std::string("pass");
}

}  // namespace vswaptest
