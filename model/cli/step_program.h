// The step language of a scenario's "state" and "threads" sections (docs/scenario-format.md,
// "Steps"): operation calls whose results a thread may name ("as": "err") and pass on ("$err"),
// and the thread-local control around them: if/then/else on the kernel's comparisons, a forward
// goto to a label (the error paths' out_unlock), a retry back to a label with a bound, and
// assertions on bound values.
//
// read() checks a steps array completely before anything runs: every name is bound on every
// path that reaches its use, every goto and retry names a label of the same thread in the right
// direction, every retry has a bound, and a value is not passed as two kinds of object (a folio
// id as a swap offset). Each mistake is a ScenarioError at the offending value.
//
// The steps compile to a flat list of instructions. Only the operation calls have scheduling
// points (those of the model code they run); a branch, jump, retry or assertion is computation
// of the thread between two of them. An assertion that fails is Verdict::Assertion, check
// "assert", at that step.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "checker/cli/scenario_reader.h"
#include "model/registry.h"

namespace swapmodel {

class SwapModel;

// What an argument names, by its parameter's name ("a folio id" for "folio"); null for a
// parameter that takes a plain number. Two uses of one bound value must agree on it.
const char* step_param_kind(const std::string& param);
// The errno names a condition may compare with: "-ENOENT", "-EINTR", ...
std::vector<std::string> step_errno_literals();

class StepProgram {
 public:
  // State: operation calls only, with literal arguments (no binding, labels or control); they
  // run in setup. Thread: the whole language.
  enum class Section { State, Thread };

  // Reads the array of steps at `at` (at least one step in a thread) for a model of `design`:
  // an operation that design lacks is refused. Throws ScenarioError.
  static StepProgram read(const checker::ScenarioDocument& doc, const checker::JsonPointer& at, Section section,
                          ModelDesign design);

  // Runs the steps on `m`, in setup or as the body of a model thread. Each call names its step
  // (Execution::set_context: "/threads/1/steps/2 pte_same"); an argument that names nothing
  // fails the step's precondition.
  void run(SwapModel& m) const;

  // A comparison of two integers: literals (errno names are literals) or bound values.
  struct Operand {
    bool is_ref = false;
    std::int64_t value = 0;  // the literal
    std::uint32_t slot = 0;  // the bound value
  };
  enum class Cmp { Eq, Ne, Lt, Le, Gt, Ge };
  struct Condition {
    Operand lhs;
    Cmp cmp = Cmp::Ne;
    Operand rhs;
    std::string text;  // as written: "$err == -EEXIST", "!$same"
  };

  struct Instr {
    enum class Kind { Call, JumpUnless, Jump, Retry, Assert };
    Kind kind = Kind::Call;
    // Call
    const OpEntry* op = nullptr;
    OpArgs args;                                           // bound; references hold 0
    std::vector<std::pair<std::string, std::uint32_t>> refs;  // parameter <- bound value
    int result = -1;                                       // the slot "as" names, or -1
    // JumpUnless, Assert
    Condition cond;
    // JumpUnless, Jump, Retry
    std::size_t target = 0;
    // Retry
    std::int64_t max = 0;
    std::uint32_t counter = 0;
    // Call, Assert: the step as the report names it ("/threads/0/steps/3 pte_same"; an
    // assertion adds its line and column)
    std::string context;
    // Assert: the failure message before the values ("msg: assert $err == 0 failed")
    std::string message;
  };

  const std::vector<Instr>& code() const { return code_; }
  const std::vector<std::string>& names() const { return names_; }

 private:
  friend class StepCompiler;
  std::vector<Instr> code_;
  std::vector<std::string> names_;  // slot -> bound name
  std::uint32_t retries_ = 0;
};

}  // namespace swapmodel
