// What every model test harness needs (tests/model/harness.h, tests/vswap/vswap_harness.h,
// tests/vswap/desc_harness.h build on it):
//
// SequentialModel: one SwapModel built inside an execution's setup, where every instrumented
// operation takes effect at once without scheduling. Unit tests call kernel functions on it
// directly and read the state back with peek(). A violated require() throws
// checker::SetupFailure there.
//
// explore_dpor(): a SwapScenario under exhaustive DPOR (explore_mutated(): with a mutation on);
// check_passes(): and it passes.
#pragma once

#include <catch2/catch.hpp>

#include <memory>
#include <string>

#include "checker/execution.h"
#include "checker/explore.h"
#include "checker/fiber.h"
#include "model/invariants.h"
#include "model/model.h"
#include "model/program.h"

namespace swaptest {

using namespace swapmodel;

class SequentialModel {
 public:
  explicit SequentialModel(const SwapConfig& cfg)
      : stacks_(checker::default_stack_size()),
        ex_(std::make_unique<checker::Execution>(checker::ExecutionConfig{}, ids_, stacks_)),
        scope_(std::make_unique<checker::ExecutionScope>(*ex_)),
        model_(std::make_unique<SwapModel>(cfg)) {}
  ~SequentialModel() {
    model_.reset();
    scope_.reset();
    ex_.reset();
  }
  SequentialModel(const SequentialModel&) = delete;
  SequentialModel& operator=(const SequentialModel&) = delete;
  SwapModel& m() { return *model_; }

  // Every invariant, step and quiescence ones, evaluated now: "name: message" of the first
  // that fails, or "" when all hold.
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

inline checker::Report explore_dpor(SwapScenario sc, std::uint32_t step_bound = 2000) {
  checker::Bounds b;
  b.strategy = checker::Strategy::Dpor;
  b.step_bound = step_bound;
  return checker::explore(make_program(std::move(sc)), b);
}

// The scenario with one mutation put back, under exhaustive DPOR.
inline checker::Report explore_mutated(SwapScenario sc, const char* mutation, std::uint32_t step_bound = 2000) {
  REQUIRE(set_mutation(sc.cfg, mutation));
  return explore_dpor(std::move(sc), step_bound);
}

// "verdict check: message" of the report's violation, or "pass".
inline std::string describe(const checker::Report& r) {
  return r.violation ? std::string(checker::verdict_name(r.verdict)) + " " + r.violation->check + ": " + r.violation->message
                     : std::string("pass");
}

// The scenario passes under exhaustive DPOR; the report, for further checks.
inline checker::Report check_passes(SwapScenario sc, std::uint32_t step_bound = 2000) {
  const checker::Report r = explore_dpor(std::move(sc), step_bound);
  INFO(describe(r));
  CHECK(r.verdict == checker::Verdict::Pass);
  CHECK(r.exhaustive);
  return r;
}

}  // namespace swaptest
