// The swap model driven from data: tables of operations (kernel paths and single kernel
// functions, callable with named integer/string arguments), invariants (invariants.h),
// mutations, and configuration knobs. A scenario reader binds a file's "config", "state" and
// "threads" sections through these tables; nothing here parses JSON.
//
// One operation namespace: an operation is named after the kernel function it runs, and one
// name runs that function in every design that has it (do_swap_page is the swap table's fault
// under "swap_table" and "vswap", seed 001's under "vswap_desc"). The design is chosen by the
// config alone; an operation a design lacks is refused when the scenario is read. Where two
// designs' functions of one name take different arguments (vswap_alloc: seed 001 allocates nr
// descriptors, seed 004 a folio's slots), the name has one row per design with its arguments.
//
// Operations take object ids as the model numbers them: mm (page table) ids in creation
// order, folio ids (as returned by map_anon or swap_cache_alloc_folio), swap type and device
// offset, memcg ids (1 is the root). Each returns the kernel function's return value (0 or a
// negative errno), or the id / entry it produced. Calling one in a thread runs the model code
// with all its scheduling points; in setup it runs at once.
#pragma once

#include <cstdint>
#include <functional>
#include <initializer_list>
#include <map>
#include <string>
#include <variant>
#include <vector>

#include "model/config.h"

namespace swapmodel {

class SwapModel;

using OpValue = std::variant<std::int64_t, std::string>;
using OpArgs = std::map<std::string, OpValue>;

struct OpParam {
  std::string name;
  bool is_string = false;
  bool required = true;
  std::int64_t default_value = 0;  // for an optional integer parameter
  std::string doc;
};

// The designs a scenario's config chooses between: the swap table ("design": "swap_table"),
// the swap table with CONFIG_VSWAP ("vswap": 1, seed 004), and seed 001's descriptors
// ("design": "vswap_desc").
enum class ModelDesign : std::uint8_t { SwapTable, Vswap, VswapDesc };
inline constexpr ModelDesign kModelDesigns[] = {ModelDesign::SwapTable, ModelDesign::Vswap, ModelDesign::VswapDesc};
const char* design_name(ModelDesign d);
ModelDesign design_of(const SwapConfig& cfg);

// A set of designs.
class Designs {
 public:
  constexpr Designs() = default;
  constexpr Designs(std::initializer_list<ModelDesign> ds) {
    for (ModelDesign d : ds) bits_ |= bit(d);
  }
  constexpr bool has(ModelDesign d) const { return (bits_ & bit(d)) != 0; }
  constexpr bool all() const { return bits_ == 7; }
  constexpr Designs operator|(Designs o) const {
    Designs d{};
    d.bits_ = static_cast<std::uint8_t>(bits_ | o.bits_);
    return d;
  }
  // "swap_table and vswap"
  std::string names() const;

 private:
  static constexpr std::uint8_t bit(ModelDesign d) { return static_cast<std::uint8_t>(1u << static_cast<unsigned>(d)); }
  std::uint8_t bits_ = 0;
};
// The swap table's functions exist with and without CONFIG_VSWAP.
inline constexpr Designs kSwapTableDesigns{ModelDesign::SwapTable, ModelDesign::Vswap};
inline constexpr Designs kAllDesigns{ModelDesign::SwapTable, ModelDesign::Vswap, ModelDesign::VswapDesc};

struct OpEntry {
  std::string name;
  std::string doc;  // one line
  std::vector<OpParam> params;
  bool setup_only = false;  // builds objects; not for threads
  std::function<std::int64_t(SwapModel&, const OpArgs&)> call;  // args already bound
  Designs designs = kSwapTableDesigns;  // where the kernel function exists
};

// Appends rows to a table being built (registry_ops.cpp and the add_*_ops files): a row exists in
// the appender's designs unless the call names others, and threads may call it unless it is
// setup_only.
class OpAppender {
 public:
  using Call = std::function<std::int64_t(SwapModel&, const OpArgs&)>;
  explicit OpAppender(std::vector<OpEntry>& ops, Designs designs = kSwapTableDesigns) : ops_(ops), designs_(designs) {}
  void operator()(const char* name, const char* doc, std::vector<OpParam> params, Call call, bool setup_only = false) {
    (*this)(name, doc, std::move(params), std::move(call), setup_only, designs_);
  }
  void operator()(const char* name, const char* doc, std::vector<OpParam> params, Call call, Designs designs) {
    (*this)(name, doc, std::move(params), std::move(call), false, designs);
  }
  void operator()(const char* name, const char* doc, std::vector<OpParam> params, Call call, bool setup_only,
                  Designs designs) {
    ops_.push_back(OpEntry{name, doc, std::move(params), setup_only, std::move(call), designs});
  }

 private:
  std::vector<OpEntry>& ops_;
  Designs designs_;
};

const std::vector<OpEntry>& op_registry();
// The row of `name` for `design`, or null.
const OpEntry* find_op(const std::string& name, ModelDesign design);
// The first row of `name`, whatever its designs, or null.
const OpEntry* find_op(const std::string& name);
// The designs that have an operation of this name (all its rows together).
Designs designs_of(const std::string& name);
// Checks that every argument is a known parameter of the right type and fills in defaults.
// Throws std::invalid_argument naming the operation and parameter.
OpArgs bind_args(const OpEntry& op, const OpArgs& given);
// find_op (the row for m's design) + bind_args + call. Throws std::invalid_argument on a bad
// name or argument.
std::int64_t call_op(SwapModel& m, const std::string& name, const OpArgs& args = {});

struct MutationEntry {
  std::string name;
  std::string doc;       // the bug it puts back
  std::string scenario;  // the scenario file that exposes it, under scenarios/ (its faithful twin beside it)
  std::string kernel;    // the kernel function it changes: "__swap_cache_alloc (mm/swap_state.c), seed 002"
};
const std::vector<MutationEntry>& mutation_registry();

// Fixes for races the faithful model exposes (config.h Fixes), each with the scenario file
// (under scenarios/) that shows the race with the fix off.
struct FixEntry {
  std::string name;
  std::string doc;
  std::string scenario;
  std::string kernel;  // the kernel function it changes, and the seed whose code has the race
};
const std::vector<FixEntry>& fix_registry();

// A key of a scenario's "config": a size the kernel fixes, or a kernel variant. Its value is an
// integer in [lo, hi], a flag (0 or 1, as C's booleans and the step language's values: JSON's
// true and false are refused), or one of a few strings.
struct ConfigKnob {
  enum class Kind : std::uint8_t { Integer, Flag, Choice };
  std::string name;
  std::string doc;
  std::string kernel;  // what it stands for in the kernel: "SWAPFILE_CLUSTER (mm/swapfile.c)"
  Kind kind = Kind::Integer;
  std::int64_t lo = 0, hi = 1;       // Integer (Flag: 0..1)
  std::vector<std::string> choices;  // Choice
  bool is_string = false;            // kind == Choice
  // Sets the knob; throws std::invalid_argument on a value out of range.
  std::function<void(SwapConfig&, const OpValue&)> set;
  // The knob's value in a configuration (in SwapConfig{}: its default).
  std::function<OpValue(const SwapConfig&)> get;

  // What a scenario writes: "integer 2..15", "0 or 1", "\"v1\" or \"v2\"".
  std::string value_text() const;
};
const std::vector<ConfigKnob>& config_registry();
void set_config(SwapConfig& cfg, const std::string& name, const OpValue& value);

}  // namespace swapmodel
