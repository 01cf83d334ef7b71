// The swap model's named invariants (DESIGN "Invariants", SEMANTICS 4, issue 3), registered
// with the engine for every execution.
//
// Each reads model state with peek() (no events). Step invariants judge a cluster only while
// its lock is free, and a page table only while its PTL is free: inside a critical section the
// kernel itself passes through states it forbids elsewhere (a dup at the limit writes the
// extend-table entry before the word). Quiescence invariants run once every thread is done.
//
// Registration order is the order in which they are checked after a step, so the most specific
// count invariants come first, and kernel_warning (a WARN nothing else explained) last.
//
// Step invariants also come in an incremental form (step_invariant.h): after a step it judges
// only the clusters, devices, folios, page tables, memcgs and descriptors the step wrote
// (step_dirty.h). Each check says in a comment what makes it judge a unit again.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "checker/execution.h"

namespace swapmodel {

class SwapModel;
class StepDirty;

// What the checks of one execution share: the model, and what each step changed.
struct InvariantContext {
  SwapModel& m;
  std::shared_ptr<StepDirty> dirty;
};

struct InvariantEntry {
  std::string name;
  std::string doc;  // one line
  // Appends the invariant's checks for one model (call at the end of setup: some take a
  // baseline of the initial state). A name may contribute a step and a quiescence check.
  std::function<void(const InvariantContext&, std::vector<checker::InvariantDef>&)> make;
};

// Every invariant, in checking order.
const std::vector<InvariantEntry>& invariant_registry();
// The checks of the named invariants (all when `names` is empty), in checking order. Throws
// std::invalid_argument on an unknown name.
std::vector<checker::InvariantDef> make_invariants(SwapModel& m, const std::vector<std::string>& names = {});
// Registers them with the execution.
void install_invariants(SwapModel& m, checker::Execution& ex, const std::vector<std::string>& names = {});
// The same with the names resolved once (per program rather than per execution): entry i of the
// registry is installed when selected[i]. select_invariants throws as make_invariants does.
using InvariantSelection = std::vector<bool>;
InvariantSelection select_invariants(const std::vector<std::string>& names);
void install_invariants(SwapModel& m, checker::Execution& ex, const InvariantSelection& selected);
// For tests of the incremental forms: every step invariant judged at every step both ways, by
// two independent sets of checks (the incremental one as install_invariants runs it, without
// the step filter, and a whole one). Where they disagree the check fails with a message that
// starts with kIncrementalMismatch; otherwise it reports what the incremental set reports.
inline constexpr const char* kIncrementalMismatch = "incremental check disagrees with the whole check: ";
void install_cross_checked_invariants(SwapModel& m, checker::Execution& ex, const std::vector<std::string>& names = {});

}  // namespace swapmodel
