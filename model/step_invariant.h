// A step invariant with an incremental form (checker::InvariantDef::check_step), for the
// invariant files of model/.
//
// The check is written once, as fn(SwapModel&, const StepDirty* dirty): with dirty == nullptr
// it judges every unit (check(): the first check of an execution, every check after a
// violation, tests); otherwise it may skip a unit whose marks in `dirty` say the step wrote
// nothing the unit's judgement reads. Both forms visit units in the same order and build the
// same message, so the first failure they report is the same. A step that changed nothing any
// step invariant reads (StepDirty::clean) is not judged at all.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "checker/execution.h"
#include "model/invariants.h"
#include "model/step_dirty.h"

namespace swapmodel {

template <class Fn>
checker::InvariantDef step_invariant(std::string name, checker::Verdict kind, const InvariantContext& cx, Fn fn) {
  SwapModel& m = cx.m;
  return checker::InvariantDef{std::move(name), kind, checker::CheckWhen::EveryStep, [&m, fn] { return fn(m, nullptr); },
                               [&m, fn, dirty = cx.dirty](const checker::StepWrites& w) -> std::optional<std::string> {
                                 dirty->update(w);
                                 if (dirty->clean()) return std::nullopt;
                                 return fn(m, dirty->all() ? nullptr : dirty.get());
                               }};
}

// The usual body of such a check: the first failure `judge` finds among every unit of `all`
// (marked == nullptr), or among the units whose ids `marked` lists, found by `unit(id)`.
template <class Units, class Unit, class Judge>
std::optional<std::string> first_failure(Units& all, const std::vector<std::uint32_t>* marked, Unit unit, Judge judge) {
  if (marked == nullptr) {
    for (auto& u : all)
      if (std::optional<std::string> r = judge(u)) return r;
    return std::nullopt;
  }
  for (std::uint32_t id : *marked)
    if (std::optional<std::string> r = judge(unit(id))) return r;
  return std::nullopt;
}

}  // namespace swapmodel
