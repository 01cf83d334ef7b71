// Test harness for seed 001's descriptor design (model/desc/).
//
// DescSequential: one SwapModel with design vswap_desc built inside an execution's setup, where
// every instrumented operation takes effect at once; tests call the kernel functions and read
// the state back with peek(). explore(): a SwapScenario under exhaustive DPOR.
#pragma once

#include <memory>
#include <string>

#include "checker/execution.h"
#include "checker/explore.h"
#include "checker/fiber.h"
#include "model/desc/catalog.h"
#include "model/desc/state.h"
#include "model/invariants.h"
#include "model/model.h"
#include "model/program.h"

namespace desctest {

using namespace swapmodel;
using namespace swapmodel::desc;

class DescSequential {
 public:
  explicit DescSequential(const SwapConfig& cfg = desc_config())
      : stacks_(checker::default_stack_size()),
        ex_(std::make_unique<checker::Execution>(checker::ExecutionConfig{}, ids_, stacks_)),
        scope_(std::make_unique<checker::ExecutionScope>(*ex_)),
        model_(std::make_unique<SwapModel>(cfg)) {}
  ~DescSequential() {
    model_.reset();
    scope_.reset();
    ex_.reset();
  }
  SwapModel& m() { return *model_; }
  VswapState& v() { return *model_->vswap_desc; }

  // Every invariant (step and quiescence), evaluated now: "name: message" of the first that
  // fails, or "" when all hold.
  std::string violation() {
    for (const checker::InvariantDef& d : make_invariants(*model_))
      if (auto why = d.check()) return d.name + ": " + *why;
    return "";
  }

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
  return r.violation ? r.violation->check + ": " + r.violation->message : std::string("pass");
}

}  // namespace desctest
