// The step language: reading and checking a steps array (StepCompiler), and running it
// (StepProgram::run). step_program.h says what the language is; docs/scenario-format.md shows it.
#include "model/cli/step_program.h"

#include <algorithm>
#include <cerrno>
#include <map>
#include <optional>
#include <stdexcept>

#include "checker/execution.h"
#include "model/model.h"

namespace swapmodel {

using checker::JsonPointer;
using checker::ObjectReader;
using checker::ScenarioDocument;
using nlohmann::json;

namespace {

// The errno values the kernel functions return (negated), by name: a condition may compare a
// result with "-EEXIST". The model returns the host's <cerrno> values, Linux's own. No EPERM:
// the model never returns it, and -1 is what lookups return for "none".
struct ErrnoName {
  const char* name;
  int value;
};
constexpr ErrnoName kErrnos[] = {
    {"ENOENT", ENOENT}, {"EINTR", EINTR},   {"EIO", EIO},       {"EAGAIN", EAGAIN}, {"ENOMEM", ENOMEM},
    {"EBUSY", EBUSY},   {"EEXIST", EEXIST}, {"EINVAL", EINVAL}, {"ENOSPC", ENOSPC},
};

std::vector<std::string> errno_literals() {
  std::vector<std::string> out;
  for (const ErrnoName& e : kErrnos) out.push_back(std::string("-") + e.name);
  return out;
}

// " (-EEXIST)" when v is a negated errno the table names.
std::string errno_suffix(std::int64_t v) {
  for (const ErrnoName& e : kErrnos)
    if (v == -e.value) return std::string(" (-") + e.name + ")";
  return "";
}

// What an argument names, by its parameter: a value passed as one of these must not be passed
// as another (a folio id is no swap offset). Parameters not listed take plain numbers.
const char* param_kind(const std::string& param) {
  if (param == "folio") return "a folio id";
  if (param == "mm" || param == "src" || param == "dst") return "an mm id";
  if (param == "type") return "a swap type";
  if (param == "offset" || param == "prev") return "a swap offset";
  if (param == "swp") return "a swap entry";
  if (param == "pte") return "a PTE value";
  if (param == "tb") return "a swap-table word";
  if (param == "entry") return "a zswap entry id";
  if (param == "record") return "a swap-in record";
  if (param == "memcg") return "a memcg id";
  if (param == "idx") return "a PTE index";
  if (param == "cpu") return "a CPU number";
  return nullptr;
}

bool is_name(const std::string& s) {
  if (s.empty() || (s[0] >= '0' && s[0] <= '9')) return false;
  return std::all_of(s.begin(), s.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
  });
}

bool is_ref_text(const json& v) { return v.is_string() && v.get_ref<const std::string&>().starts_with("$"); }

const std::vector<std::string> kHeads = {"op", "if", "goto", "retry", "assert"};
constexpr const char* kExpectedStep =
    ": expected a step {\"op\": ...}, {\"if\": ...}, {\"goto\": ...}, {\"retry\": ...}, {\"assert\": ...} or "
    "{\"label\": ...}, got ";

std::string where_text(const checker::SourceLocation& l) {
  return "line " + std::to_string(l.line) + ", column " + std::to_string(l.column);
}

using Cmp = StepProgram::Cmp;

const std::vector<std::pair<std::string, Cmp>> kComparisons = {
    {"==", Cmp::Eq}, {"!=", Cmp::Ne}, {"<", Cmp::Lt}, {"<=", Cmp::Le}, {">", Cmp::Gt}, {">=", Cmp::Ge},
};

bool compare(std::int64_t a, Cmp c, std::int64_t b) {
  switch (c) {
    case Cmp::Eq: return a == b;
    case Cmp::Ne: return a != b;
    case Cmp::Lt: return a < b;
    case Cmp::Le: return a <= b;
    case Cmp::Gt: return a > b;
    case Cmp::Ge: return a >= b;
  }
  return false;
}

std::int64_t value_of(const StepProgram::Operand& o, const std::vector<std::int64_t>& values) {
  return o.is_ref ? values[o.slot] : o.value;
}

bool holds(const StepProgram::Condition& c, const std::vector<std::int64_t>& values) {
  return compare(value_of(c.lhs, values), c.cmp, value_of(c.rhs, values));
}

// Calls the step's operation; an argument naming something that does not exist when it runs
// fails its precondition (reported as check "run_step", as before the step language).
std::int64_t run_step(SwapModel& m, const StepProgram::Instr& in, const std::vector<std::int64_t>& values) {
  // The step's operation is the outermost frame of whatever it runs: a single step's events
  // then name it (pte_same, cluster_lock) rather than the registry code around them.
  CHECKER_FRAME_NAMED(in.op->name.c_str());
  try {
    if (in.refs.empty()) return in.op->call(m, in.args);
    OpArgs args = in.args;
    for (const auto& [param, slot] : in.refs) args[param] = OpValue{values[slot]};
    return in.op->call(m, args);
  } catch (const std::invalid_argument& e) {
    checker::require(false, e.what());
    return 0;
  }
}

}  // namespace

// Reads one steps array into a StepProgram and checks its references.
class StepCompiler {
 public:
  StepCompiler(const ScenarioDocument& doc, StepProgram::Section section, ModelDesign design)
      : doc_(doc), section_(section), design_(design) {}

  StepProgram compile(const JsonPointer& at) {
    steps(at, section_ == StepProgram::Section::Thread ? 1 : 0);
    resolve_jumps();
    check_kinds();
    check_bindings();
    return std::move(p_);
  }

 private:
  using Instr = StepProgram::Instr;
  using Kind = StepProgram::Instr::Kind;

  struct Use {
    std::size_t instr;
    std::uint32_t slot;
    JsonPointer at;
    std::string param;  // the parameter it is passed as; empty in a condition
  };
  struct Compare {
    std::uint32_t lhs, rhs;
    JsonPointer at;  // the right operand
  };
  struct Label {
    std::size_t instr;  // the first instruction of the labelled step (code size: the end)
    JsonPointer at;
  };
  struct Jump {
    std::size_t instr;
    std::string label;
    JsonPointer at;
    bool retry;
  };

  bool thread() const { return section_ == StepProgram::Section::Thread; }
  std::string here(const JsonPointer& at) const { return where_text(doc_.location(at)); }

  void steps(const JsonPointer& at, std::size_t min_size) {
    const json& list = checker::read_array(doc_, at, min_size, 256);
    for (std::size_t i = 0; i < list.size(); ++i) step(at / i);
  }

  void step(const JsonPointer& at) {
    if (!thread()) return state_step(at);
    const std::optional<std::string> head = head_of(at);
    if (doc_.root().at(at).contains("label")) label(at / "label");
    if (!head) {
      ObjectReader(doc_, at, {"label", "op", "if", "goto", "retry", "assert"}, "a step");
      if (!doc_.root().at(at).contains("label")) doc_.fail(at, checker::describe_pointer(at) + kExpectedStep + "an empty object");
      return;  // a label alone marks the next step (or the end)
    }
    if (*head == "op")
      call(at);
    else if (*head == "if")
      branch(at);
    else if (*head == "goto" || *head == "retry")
      jump(at, *head == "retry");
    else
      assertion(at);
  }

  // A state step: an operation call, nothing of the thread language.
  void state_step(const JsonPointer& at) {
    const json& v = doc_.root().at(at);
    if (!v.is_object() || !v.contains("op"))
      doc_.fail(at, checker::describe_pointer(at) + ": expected a step {\"op\": ..., arguments...}, got " +
                        checker::describe_value(v));
    for (const char* key : {"as", "label", "if", "goto", "retry", "assert"})
      if (v.contains(key))
        doc_.fail_key(at / key, checker::describe_pointer(at) + ": \"" + key +
                                    "\" is for thread steps; the state runs its operations in order, without "
                                    "binding, labels or control");
    call(at);
  }

  // Which kind of thread step the object at `at` is ("op", "if", ...; none: a label alone).
  std::optional<std::string> head_of(const JsonPointer& at) const {
    const json& v = doc_.root().at(at);
    if (!v.is_object()) doc_.fail(at, checker::describe_pointer(at) + kExpectedStep + checker::describe_value(v));
    std::optional<std::string> head;
    for (const std::string& h : kHeads) {
      if (!v.contains(h)) continue;
      if (head)
        doc_.fail_key(at / h, checker::describe_pointer(at) + ": a step is one of op, if, goto, retry or assert; "
                                                              "this one has both \"" + *head + "\" and \"" + h + "\"");
      head = h;
    }
    return head;
  }

  void label(const JsonPointer& at) {
    const std::string name = checker::read_string(doc_, at);
    if (!is_name(name))
      doc_.fail(at, checker::describe_pointer(at) + ": expected a label name (letters, digits and _), got \"" +
                        name + "\"");
    const auto it = labels_.find(name);
    if (it != labels_.end())
      doc_.fail(at, checker::describe_pointer(at) + ": label \"" + name + "\" is already defined in this thread, at " +
                        here(it->second.at));
    labels_.emplace(name, Label{p_.code_.size(), at});
  }

  std::uint32_t slot(const std::string& name) {
    const auto it = std::find(p_.names_.begin(), p_.names_.end(), name);
    if (it != p_.names_.end()) return static_cast<std::uint32_t>(it - p_.names_.begin());
    p_.names_.push_back(name);
    defined_at_.emplace_back();
    kind_.emplace_back();
    return static_cast<std::uint32_t>(p_.names_.size() - 1);
  }

  // A "$name" at `at`.
  std::uint32_t ref(const JsonPointer& at) {
    const std::string text = doc_.root().at(at).get<std::string>();
    const std::string name = text.substr(1);
    if (!is_name(name))
      doc_.fail(at, checker::describe_pointer(at) + ": expected a bound value \"$name\" (letters, digits and _), got \"" +
                        text + "\"");
    return slot(name);
  }

  void call(const JsonPointer& at) {
    Instr in;
    in.kind = Kind::Call;
    renamed_op(at / "op");
    const std::string name = checker::read_name(doc_, at / "op", op_names(), thread() ? "thread operation" : "operation");
    in.op = find_op(name, design_);
    if (in.op == nullptr)
      doc_.fail(at / "op", checker::describe_pointer(at / "op") + ": operation \"" + name + "\" does not exist in design " +
                               design_name(design_) + " (chosen by the config); it exists in " + designs_of(name).names());
    std::vector<std::string> keys{"op"};
    for (const OpParam& p : in.op->params) keys.push_back(p.name);
    if (thread()) keys.insert(keys.end(), {"as", "label"});
    const ObjectReader r(doc_, at, keys, "a \"" + name + "\" step");
    OpArgs given;
    for (const OpParam& p : in.op->params)
      if (r.has(p.name)) given[p.name] = argument(r.at(p.name), p, in);
    try {
      in.args = bind_args(*in.op, given);
    } catch (const std::invalid_argument& e) {
      doc_.fail(at, e.what());
    }
    if (r.has("as")) in.result = static_cast<int>(result_name(r.at("as")));
    in.context = at.to_string() + " " + name;
    p_.code_.push_back(std::move(in));
  }

  // The argument at `at` for parameter `p` of the call `in` about to be emitted: a literal, or
  // in a thread a bound value (recorded in `in` and as a use; its placeholder is 0).
  OpValue argument(const JsonPointer& at, const OpParam& p, Instr& in) {
    const json& a = doc_.root().at(at);
    if (is_ref_text(a)) {
      if (!thread())
        doc_.fail(at, checker::describe_pointer(at) + ": bound values (\"$name\") exist only in a thread's steps");
      if (p.is_string)
        doc_.fail(at, checker::describe_pointer(at) + ": type mismatch: \"" + p.name + "\" takes a string; " +
                          a.get<std::string>() + " is an integer result");
      const std::uint32_t s = ref(at);
      in.refs.emplace_back(p.name, s);
      uses_.push_back(Use{p_.code_.size(), s, at, p.name});
      return OpValue{std::int64_t{0}};
    }
    if (p.is_string) return OpValue{checker::read_string(doc_, at)};
    if (thread() && a.is_string())
      doc_.fail(at, checker::describe_pointer(at) + ": expected an integer or a bound value \"$name\", got " +
                        checker::describe_value(a) + checker::did_you_mean("$" + a.get<std::string>(), bound_refs()));
    return OpValue{checker::read_integer(doc_, at, -(1ll << 40), 1ll << 40)};
  }

  // The slot an "as" at `at` binds.
  std::uint32_t result_name(const JsonPointer& at) {
    const std::string as = checker::read_string(doc_, at);
    if (!is_name(as))
      doc_.fail(at, checker::describe_pointer(at) + ": expected a name for the result (letters, digits and _), got \"" +
                        as + "\"" + (as.starts_with("$") ? "; \"as\" takes the name without \"$\"" : ""));
    const std::uint32_t s = slot(as);
    if (!defined_at_[s]) defined_at_[s] = at;
    return s;
  }

  // The descriptor design's paths had their own names once ("desc_swap_out"): one name per
  // kernel function now, whatever the design.
  void renamed_op(const JsonPointer& at) const {
    const json& v = doc_.root().at(at);
    if (!v.is_string() || !v.get<std::string>().starts_with("desc_")) return;
    const std::string now = v.get<std::string>().substr(5);
    if (find_op(now) == nullptr) return;
    doc_.fail(at, checker::describe_pointer(at) + ": unknown operation \"" + v.get<std::string>() +
                      "\": an operation is named after its kernel function in every design, here \"" + now +
                      "\"; the config's \"design\" chooses which design's function runs");
  }

  std::vector<std::string> op_names() const {
    std::vector<std::string> out;
    for (const OpEntry& op : op_registry())
      if ((!thread() || !op.setup_only) && std::find(out.begin(), out.end(), op.name) == out.end()) out.push_back(op.name);
    return out;
  }

  std::vector<std::string> bound_refs() const {
    std::vector<std::string> out;
    for (std::size_t s = 0; s < p_.names_.size(); ++s)
      if (defined_at_[s]) out.push_back("$" + p_.names_[s]);
    return out;
  }

  StepProgram::Operand operand(const JsonPointer& at, std::size_t instr) {
    const json& v = doc_.root().at(at);
    StepProgram::Operand o;
    if (is_ref_text(v)) {
      o.is_ref = true;
      o.slot = ref(at);
      uses_.push_back(Use{instr, o.slot, at, ""});
      return o;
    }
    if (v.is_string()) {
      const std::string s = v.get<std::string>();
      for (const ErrnoName& e : kErrnos)
        if (s == std::string("-") + e.name) {
          o.value = -e.value;
          return o;
        }
      doc_.fail(at, checker::describe_pointer(at) + ": expected an integer, a bound value \"$name\" or an errno (" +
                        checker::join_names(errno_literals()) + "), got " + checker::describe_value(v) +
                        checker::did_you_mean(s, errno_literals()));
    }
    if (!v.is_number_integer())
      doc_.fail(at, checker::describe_pointer(at) + ": expected an integer, a bound value \"$name\" or an errno "
                                                    "(-EEXIST, ...), got " + checker::describe_value(v));
    o.value = checker::read_integer(doc_, at, -(1ll << 62), 1ll << 62);
    return o;
  }

  // "$x" (non-zero), "!$x" (zero) or [a, "==", b] at `at`, for the instruction about to be emitted.
  StepProgram::Condition condition(const JsonPointer& at) {
    const std::size_t instr = p_.code_.size();
    const json& v = doc_.root().at(at);
    StepProgram::Condition c;
    const std::string expected = ": expected a condition: \"$name\" (true when not 0), \"!$name\" (true when 0) "
                                 "or [a, op, b] with op one of ==, !=, <, <=, >, >=; got ";
    if (v.is_string()) {
      const std::string s = v.get<std::string>();
      const bool negated = s.starts_with("!");
      if (!s.substr(negated ? 1 : 0).starts_with("$")) doc_.fail(at, checker::describe_pointer(at) + expected + checker::describe_value(v));
      const std::string name = s.substr(negated ? 2 : 1);
      if (!is_name(name))
        doc_.fail(at, checker::describe_pointer(at) + ": expected a bound value \"$name\" (letters, digits and _), got \"" +
                          s + "\"");
      c.lhs.is_ref = true;
      c.lhs.slot = slot(name);
      uses_.push_back(Use{instr, c.lhs.slot, at, ""});
      c.cmp = negated ? Cmp::Eq : Cmp::Ne;
      c.text = s;
      return c;
    }
    if (!v.is_array() || v.size() != 3) doc_.fail(at, checker::describe_pointer(at) + expected + checker::describe_value(v));
    c.lhs = operand(at / 0, instr);
    const JsonPointer op_at = at / 1;
    const json& op = v[1];
    std::vector<std::string> ops;
    for (const auto& [text, cmp] : kComparisons) ops.push_back(text);
    const auto it = std::find_if(kComparisons.begin(), kComparisons.end(),
                                 [&](const auto& k) { return op.is_string() && op.get<std::string>() == k.first; });
    if (it == kComparisons.end())
      doc_.fail(op_at, checker::describe_pointer(op_at) + ": expected a comparison (" + checker::join_names(ops) +
                           "), got " + checker::describe_value(op) +
                           (op.is_string() && op.get<std::string>() == "=" ? " (did you mean \"==\"?)" : ""));
    c.cmp = it->second;
    c.rhs = operand(at / 2, instr);
    if (c.lhs.is_ref && c.rhs.is_ref) compares_.push_back(Compare{c.lhs.slot, c.rhs.slot, at / 2});
    const auto text = [](const json& o) { return o.is_string() ? o.get<std::string>() : o.dump(); };
    c.text = text(v[0]) + " " + it->first + " " + text(v[2]);
    return c;
  }

  void branch(const JsonPointer& at) {
    const ObjectReader r(doc_, at, {"if", "then", "else", "label"}, "an \"if\" step");
    Instr test;
    test.kind = Kind::JumpUnless;
    test.cond = condition(at / "if");
    r.require("then");
    const std::size_t test_at = p_.code_.size();
    p_.code_.push_back(std::move(test));
    steps(r.at("then"), 1);
    if (r.has("else")) {
      const std::size_t skip_at = p_.code_.size();
      Instr skip;
      skip.kind = Kind::Jump;
      p_.code_.push_back(std::move(skip));
      p_.code_[test_at].target = p_.code_.size();
      steps(r.at("else"), 1);
      p_.code_[skip_at].target = p_.code_.size();
    } else {
      p_.code_[test_at].target = p_.code_.size();
    }
  }

  void jump(const JsonPointer& at, bool retry) {
    const char* what = retry ? "retry" : "goto";
    const ObjectReader r(doc_, at, retry ? std::vector<std::string>{"retry", "max", "label"}
                                         : std::vector<std::string>{"goto", "label"},
                         std::string("a \"") + what + "\" step");
    const JsonPointer target_at = r.at(what);
    const json& t = doc_.root().at(target_at);
    if (is_ref_text(t))
      doc_.fail(target_at, checker::describe_pointer(target_at) + ": type mismatch: " + what + " takes a label name; " +
                               t.get<std::string>() + " is a bound value");
    const std::string label = checker::read_string(doc_, target_at);
    Instr in;
    in.kind = retry ? Kind::Retry : Kind::Jump;
    if (retry) {
      if (!r.has("max"))
        doc_.fail(at, checker::describe_pointer(at) + ": retry without a bound: missing key \"max\" (the most times "
                                                      "this retry jumps back before the thread goes on)");
      in.max = r.integer("max", 1, 1000);
      in.counter = p_.retries_++;
    }
    jumps_.push_back(Jump{p_.code_.size(), label, target_at, retry});
    p_.code_.push_back(std::move(in));
  }

  void assertion(const JsonPointer& at) {
    const ObjectReader r(doc_, at, {"assert", "message", "label"}, "an \"assert\" step");
    Instr in;
    in.kind = Kind::Assert;
    in.cond = condition(at / "assert");
    const std::string message = r.string_or("message", "");
    in.message = (message.empty() ? "" : message + ": ") + std::string("assert ") + in.cond.text + " failed";
    in.context = at.to_string() + " assert, " + here(at);
    p_.code_.push_back(std::move(in));
  }

  void resolve_jumps() {
    std::vector<std::string> names;
    for (const auto& [name, l] : labels_) names.push_back(name);
    for (const Jump& j : jumps_) {
      const char* what = j.retry ? "retry" : "goto";
      const auto it = labels_.find(j.label);
      if (it == labels_.end())
        doc_.fail(j.at, checker::describe_pointer(j.at) + ": " + what + " \"" + j.label + "\": no label \"" + j.label +
                            "\" in this thread" + checker::did_you_mean(j.label, names));
      const Label& l = it->second;
      if (!j.retry && l.instr <= j.instr)
        doc_.fail(j.at, checker::describe_pointer(j.at) + ": goto \"" + j.label + "\": the label (" + here(l.at) +
                            ") is not after this step; goto jumps forward only (a loop back is {\"retry\": \"" +
                            j.label + "\", \"max\": N})");
      if (j.retry && l.instr > j.instr)
        doc_.fail(j.at, checker::describe_pointer(j.at) + ": retry \"" + j.label + "\": the label (" + here(l.at) +
                            ") is after this step; retry jumps back only (a jump forward is {\"goto\": \"" + j.label +
                            "\"})");
      p_.code_[j.instr].target = l.instr;
    }
  }

  // A value passed as an object of one kind is not passed as another, nor compared with one.
  void check_kinds() {
    for (const Use& u : uses_) {
      const char* kind = param_kind(u.param);
      if (kind == nullptr) continue;
      auto& k = kind_[u.slot];
      if (!k) {
        k = std::make_pair(std::string(kind), u);
        continue;
      }
      if (k->first != kind)
        doc_.fail(u.at, checker::describe_pointer(u.at) + ": type mismatch: $" + p_.names_[u.slot] + " is " +
                            k->first + " (passed as \"" + k->second.param + "\" at " + here(k->second.at) + "); \"" +
                            u.param + "\" takes " + kind);
    }
    for (const Compare& c : compares_) {
      const auto& a = kind_[c.lhs];
      const auto& b = kind_[c.rhs];
      if (a && b && a->first != b->first)
        doc_.fail(c.at, checker::describe_pointer(c.at) + ": type mismatch: $" + p_.names_[c.lhs] + " is " + a->first +
                            " and $" + p_.names_[c.rhs] + " is " + b->first);
    }
  }

  // Every use is bound on every path that reaches it (a forward must-analysis over the code).
  void check_bindings() {
    const std::size_t n = p_.code_.size();
    const std::size_t names = p_.names_.size();
    for (const Use& u : uses_)
      if (!defined_at_[u.slot])
        doc_.fail(u.at, checker::describe_pointer(u.at) + ": $" + p_.names_[u.slot] +
                            " is not bound: no step of this thread has \"as\": \"" + p_.names_[u.slot] + "\"" +
                            checker::did_you_mean("$" + p_.names_[u.slot], bound_refs()));
    if (n == 0 || names == 0) return;
    std::vector<std::vector<char>> in(n, std::vector<char>(names, 1));
    std::fill(in[0].begin(), in[0].end(), 0);
    for (bool changed = true; changed;) {
      changed = false;
      for (std::size_t i = 0; i < n; ++i) {
        std::vector<char> out = in[i];
        const Instr& ins = p_.code_[i];
        if (ins.kind == Kind::Call && ins.result >= 0) out[static_cast<std::size_t>(ins.result)] = 1;
        const auto flow = [&](std::size_t to) {
          if (to >= n) return;
          for (std::size_t s = 0; s < names; ++s)
            if (in[to][s] && !out[s]) {
              in[to][s] = 0;
              changed = true;
            }
        };
        if (ins.kind != Kind::Jump) flow(i + 1);
        if (ins.kind == Kind::Jump || ins.kind == Kind::JumpUnless || ins.kind == Kind::Retry) flow(ins.target);
      }
    }
    for (const Use& u : uses_)
      if (!in[u.instr][u.slot])
        doc_.fail(u.at, checker::describe_pointer(u.at) + ": $" + p_.names_[u.slot] +
                            " may be unbound here: a path to this step skips the step that binds it (\"as\": \"" +
                            p_.names_[u.slot] + "\" at " + here(*defined_at_[u.slot]) + ")");
  }

  const ScenarioDocument& doc_;
  StepProgram::Section section_;
  ModelDesign design_;  // the config's: operations it lacks are refused
  StepProgram p_;
  std::vector<std::optional<JsonPointer>> defined_at_;               // per slot: the first "as"
  std::vector<std::optional<std::pair<std::string, Use>>> kind_;     // per slot: its kind, and the use that set it
  std::vector<Use> uses_;
  std::vector<Compare> compares_;
  std::map<std::string, Label> labels_;
  std::vector<Jump> jumps_;
};

StepProgram StepProgram::read(const ScenarioDocument& doc, const JsonPointer& at, Section section, ModelDesign design) {
  return StepCompiler(doc, section, design).compile(at);
}

void StepProgram::run(SwapModel& m) const {
  checker::Execution* ex = checker::current_execution();
  std::vector<std::int64_t> values(names_.size(), 0);
  std::vector<std::int64_t> retried(retries_, 0);
  for (std::size_t pc = 0; pc < code_.size();) {
    const Instr& in = code_[pc];
    switch (in.kind) {
      case Instr::Kind::Call: {
        ex->set_context(in.context);
        const std::int64_t result = run_step(m, in, values);
        if (in.result >= 0) values[static_cast<std::size_t>(in.result)] = result;
        ++pc;
        break;
      }
      case Instr::Kind::JumpUnless:
        pc = holds(in.cond, values) ? pc + 1 : in.target;
        break;
      case Instr::Kind::Jump:
        pc = in.target;
        break;
      case Instr::Kind::Retry:
        if (retried[in.counter] < in.max) {
          ++retried[in.counter];
          pc = in.target;
        } else {
          ++pc;
        }
        break;
      case Instr::Kind::Assert:
        if (!holds(in.cond, values) && ex->live()) {
          std::string message = in.message;
          std::vector<std::uint32_t> shown;
          for (const Operand* o : {&in.cond.lhs, &in.cond.rhs}) {
            if (!o->is_ref || std::find(shown.begin(), shown.end(), o->slot) != shown.end()) continue;
            shown.push_back(o->slot);
            const std::int64_t v = values[o->slot];
            message += (shown.size() == 1 ? ": $" : ", $") + names_[o->slot] + " is " + std::to_string(v) + errno_suffix(v);
          }
          ex->set_context(in.context);
          ex->fail(checker::Verdict::Assertion, "assert", std::move(message));
        }
        ++pc;
        break;
    }
  }
  ex->set_context("");
}

const char* step_param_kind(const std::string& param) { return param_kind(param); }

std::vector<std::string> step_errno_literals() { return errno_literals(); }

}  // namespace swapmodel
