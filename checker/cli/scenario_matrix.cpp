// Matrix scenario files (scenario_matrix.h): reading the matrix, naming its cases, and building
// one case as a document whose values still know their place in the file.
#include "checker/cli/scenario_matrix.h"

#include <algorithm>
#include <functional>

#include "checker/cli/scenario_reader.h"

namespace checker {

using nlohmann::json;

namespace {

constexpr std::size_t kMaxAxes = 8;
constexpr std::size_t kMaxValues = 64;
constexpr std::size_t kMaxChoose = 8;
constexpr std::size_t kMaxCases = 4096;
constexpr std::size_t kMaxNamesListed = 12;

bool is_identifier(const std::string& s) {
  if (s.empty() || (s[0] >= '0' && s[0] <= '9')) return false;
  return std::all_of(s.begin(), s.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
  });
}

// Case names go into FILE#case handles and trace file names: no '#', '/' or spaces.
bool is_case_text(const std::string& s) {
  return std::all_of(s.begin(), s.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-' ||
           c == '.' || c == '+';
  });
}

std::string listed(const std::vector<std::string>& names) {
  if (names.size() <= kMaxNamesListed) return join_names(names);
  const std::vector<std::string> head(names.begin(), names.begin() + kMaxNamesListed);
  std::string s;
  for (const std::string& n : head) s += n + ", ";
  return s + "... (" + std::to_string(names.size()) + " in all)";
}

// One value of an axis.
struct Value {
  std::string name;
  JsonPointer at;
  std::vector<JsonPointer> vars;  // the vars object of each pick; one entry: the same for every pick
  bool vars_per_pick = false;     // "vars" is a list: the value is picked at most vars.size() times
};

struct Axis {
  std::string name;
  std::size_t choose = 0;  // 0: one value per case
  std::string join = "_";
  bool repeat = true;
  std::vector<Value> values;
};

// A case: for each axis, the indices of the values it picks (non-decreasing).
using Picks = std::vector<std::vector<std::size_t>>;

struct Binding {
  json value;
  std::optional<JsonPointer> at;  // where a var is defined; none for a case-name part
};
using Scope = std::map<std::string, Binding>;

class Matrix {
 public:
  explicit Matrix(const ScenarioDocument& doc) : doc_(doc) {
    read_axes();
    enumerate();
    read_exclude_and_cases();
  }

  std::vector<std::string> names() const {
    std::vector<std::string> out;
    for (const auto& [name, picks] : cases_) out.push_back(name);
    return out;
  }

  TracedJson expand(const std::string& name) const;

 private:
  void read_axes();
  Axis read_axis(const JsonPointer& at) const;
  Value read_value(const JsonPointer& at, const Axis& axis) const;
  void read_vars_object(const JsonPointer& at) const;
  void check_vars();
  void enumerate();
  std::vector<std::vector<std::size_t>> picks_of(const Axis& axis) const;
  std::string case_name(const Picks& picks) const;
  // The case-wide placeholders: the axis parts, the matrix's vars, the vars of the values of
  // axes without "choose", and (given the case's name) the case's own vars.
  Scope case_scope(const Picks& picks, const std::string* name = nullptr) const;
  void read_exclude_and_cases();

  const ScenarioDocument& doc_;
  std::vector<Axis> axes_;
  std::vector<std::pair<std::string, Picks>> cases_;  // in expansion order, excluded ones removed
};

// --- reading ------------------------------------------------------------------------------------

void Matrix::read_axes() {
  const ObjectReader m(doc_, JsonPointer("/matrix"), {"axes", "vars", "exclude", "cases"}, "the matrix");
  if (m.has("vars")) read_vars_object(m.at("vars"));
  const json& axes = m.array("axes", 1, kMaxAxes);
  for (std::size_t i = 0; i < axes.size(); ++i) {
    const JsonPointer at = m.at("axes") / i;
    Axis a = read_axis(at);
    for (const Axis& b : axes_)
      if (b.name == a.name) doc_.fail(at / "axis", "axis \"" + a.name + "\" is defined twice in the matrix");
    axes_.push_back(std::move(a));
  }
  check_vars();
  if (!doc_.root().contains("name")) doc_.fail(JsonPointer(), "missing key \"name\" in the scenario");
  read_string(doc_, JsonPointer("/name"));
}

Axis Matrix::read_axis(const JsonPointer& at) const {
  const ObjectReader r(doc_, at, {"axis", "choose", "join", "repeat", "values"}, "a matrix axis");
  Axis a;
  a.name = r.string("axis");
  if (!is_identifier(a.name) || a.name == "copy")
    doc_.fail(r.at("axis"), "axis: expected a name of letters, digits and _ (not \"copy\"), got \"" + a.name + "\"");
  if (r.has("choose")) a.choose = static_cast<std::size_t>(r.integer("choose", 1, kMaxChoose));
  for (const char* key : {"join", "repeat"})
    if (r.has(key) && a.choose == 0)
      doc_.fail_key(r.at(key), std::string("\"") + key + "\" applies to an axis that chooses several values (\"choose\")");
  a.join = r.string_or("join", "_");
  if (!is_case_text(a.join))
    doc_.fail(r.at("join"), "join: expected letters, digits, _, -, . or + (it becomes part of case names)");
  a.repeat = r.boolean_or("repeat", true);
  const json& values = r.array("values", 1, kMaxValues);
  for (std::size_t i = 0; i < values.size(); ++i) {
    Value v = read_value(r.at("values") / i, a);
    for (const Value& w : a.values)
      if (w.name == v.name) doc_.fail(v.at / "name", "value \"" + v.name + "\" is listed twice in axis \"" + a.name + "\"");
    a.values.push_back(std::move(v));
  }
  return a;
}

Value Matrix::read_value(const JsonPointer& at, const Axis& axis) const {
  const ObjectReader r(doc_, at, {"name", "vars", "add"}, "a value of axis \"" + axis.name + "\"");
  Value v;
  v.at = at;
  v.name = r.string("name");
  if (v.name.empty() || !is_case_text(v.name))
    doc_.fail(r.at("name"), "name: expected a non-empty name of letters, digits, _, -, . or + (it becomes part of case "
                            "names), got \"" + v.name + "\"");
  if (r.has("add") && !doc_.root().at(r.at("add")).is_object())
    doc_.fail(r.at("add"), "add: expected an object (what the value adds to the case), got " +
                               describe_value(doc_.root().at(r.at("add"))));
  if (!r.has("vars")) return v;
  const json& vars = doc_.root().at(r.at("vars"));
  if (vars.is_array()) {
    if (axis.choose == 0)
      doc_.fail(r.at("vars"), "vars: a list of vars (one per pick) is for an axis that chooses several values; expected "
                              "an object {\"name\": value}");
    v.vars_per_pick = true;
    read_array(doc_, r.at("vars"), 1, kMaxChoose);
    for (std::size_t i = 0; i < vars.size(); ++i) v.vars.push_back(r.at("vars") / i);
  } else {
    v.vars.push_back(r.at("vars"));
  }
  for (const JsonPointer& p : v.vars) read_vars_object(p);
  return v;
}

void Matrix::read_vars_object(const JsonPointer& at) const {
  if (!doc_.root().at(at).is_object())
    doc_.fail(at, describe_pointer(at) + ": expected an object of variables {\"name\": value}, got " +
                      describe_value(doc_.root().at(at)));
  for (const auto& [key, _] : doc_.root().at(at).items())
    if (!is_identifier(key) || key == "copy")
      doc_.fail_key(at / key, "variable \"" + key + "\": expected a name of letters, digits and _ (not \"copy\")");
}

// Vars of values of axes without "choose" hold in the whole case: none may shadow an axis name
// or a var of another such axis.
void Matrix::check_vars() {
  std::map<std::string, JsonPointer> global;
  const JsonPointer defaults("/matrix/vars");
  if (doc_.root().contains(defaults))
    for (const auto& [key, _] : doc_.root().at(defaults).items())
      if (std::any_of(axes_.begin(), axes_.end(), [&](const Axis& b) { return b.name == key; }))
        doc_.fail_key(defaults / key, "variable \"" + key + "\" has the name of an axis; {" + key +
                                          "} names the axis's part of the case name");
  for (const Axis& a : axes_) {
    std::map<std::string, JsonPointer> mine;
    for (const Value& v : a.values)
      for (const JsonPointer& p : v.vars)
        for (const auto& [key, _] : doc_.root().at(p).items()) {
          if (std::any_of(axes_.begin(), axes_.end(), [&](const Axis& b) { return b.name == key; }))
            doc_.fail_key(p / key, "variable \"" + key + "\" has the name of an axis; {" + key + "} names the axis's part of the case name");
          if (a.choose == 0 && global.count(key))
            doc_.fail_key(p / key, "variable \"" + key + "\" is also set by another axis, at " +
                                       format_location(doc_.key_location(global.at(key))));
          if (a.choose == 0) mine.emplace(key, p / key);
        }
    global.insert(mine.begin(), mine.end());
  }
}

// --- the cases ----------------------------------------------------------------------------------

// The value indices an axis picks in each of its cases, in order.
std::vector<std::vector<std::size_t>> Matrix::picks_of(const Axis& axis) const {
  std::vector<std::vector<std::size_t>> out;
  const std::size_t k = std::max<std::size_t>(axis.choose, 1);
  std::vector<std::size_t> pick;
  const std::function<void(std::size_t)> next = [&](std::size_t from) {
    if (pick.size() == k) {
      out.push_back(pick);
      return;
    }
    for (std::size_t v = from; v < axis.values.size(); ++v) {
      const Value& value = axis.values[v];
      const auto times = static_cast<std::size_t>(std::count(pick.begin(), pick.end(), v));
      if (value.vars_per_pick && times >= value.vars.size()) continue;
      pick.push_back(v);
      next(axis.repeat ? v : v + 1);
      pick.pop_back();
    }
  };
  next(0);
  return out;
}

Scope Matrix::case_scope(const Picks& picks, const std::string* name) const {
  Scope scope;
  const JsonPointer defaults("/matrix/vars");
  if (doc_.root().contains(defaults))
    for (const auto& [key, value] : doc_.root().at(defaults).items()) scope[key] = Binding{value, defaults / key};
  for (std::size_t a = 0; a < axes_.size(); ++a) {
    std::string part;
    for (std::size_t v : picks[a]) part += (part.empty() ? "" : axes_[a].join) + axes_[a].values[v].name;
    scope[axes_[a].name] = Binding{part, std::nullopt};
    if (axes_[a].choose != 0) continue;
    for (const JsonPointer& p : axes_[a].values[picks[a][0]].vars)
      for (const auto& [key, value] : doc_.root().at(p).items()) scope[key] = Binding{value, p / key};
  }
  const JsonPointer own = name == nullptr ? JsonPointer() : JsonPointer("/matrix/cases") / *name / "vars";
  if (name != nullptr && doc_.root().contains(own))
    for (const auto& [key, value] : doc_.root().at(own).items()) scope[key] = Binding{value, own / key};
  return scope;
}

// Replaces the placeholders of `text` found in `scope`; an unknown one is kept, or, when
// `final`, an error at `at`.
std::string substitute_text(const ScenarioDocument& doc, const JsonPointer& at, const std::string& text,
                            const Scope& scope, bool final) {
  const auto name_char = [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
  };
  std::string out;
  std::size_t i = 0;
  while (i < text.size()) {
    std::size_t end = i + 1;
    while (text[i] == '{' && end < text.size() && name_char(text[end])) ++end;
    const std::string name = text[i] == '{' ? text.substr(i + 1, end - i - 1) : std::string();
    if (end >= text.size() || text[end] != '}' || !is_identifier(name)) {
      out += text[i++];
      continue;
    }
    i = end + 1;
    const auto it = scope.find(name);
    if (it == scope.end()) {
      if (final) {
        std::vector<std::string> known;
        for (const auto& [n, _] : scope) known.push_back("{" + n + "}");
        doc.fail(at, describe_pointer(at) + ": unknown placeholder {" + name + "}; this case has " + join_names(known) +
                         did_you_mean("{" + name + "}", known));
      }
      out += "{" + name + "}";
      continue;
    }
    const json& v = it->second.value;
    if (v.is_string())
      out += v.get<std::string>();
    else if (v.is_number() || v.is_boolean())
      out += v.dump();
    else
      doc.fail(at, describe_pointer(at) + ": {" + name + "} is " + describe_value(v) +
                       ", which can stand only as the whole string \"{" + name + "}\"");
  }
  return out;
}

std::string Matrix::case_name(const Picks& picks) const {
  return substitute_text(doc_, JsonPointer("/name"), doc_.root().at("name").get<std::string>(), case_scope(picks), true);
}

void Matrix::enumerate() {
  std::vector<std::vector<std::vector<std::size_t>>> per_axis;
  std::size_t total = 1;
  for (const Axis& a : axes_) {
    per_axis.push_back(picks_of(a));
    total *= per_axis.back().size();
    if (total > kMaxCases)
      doc_.fail(JsonPointer("/matrix"), "the matrix has more than " + std::to_string(kMaxCases) + " cases");
  }
  if (total == 0) doc_.fail(JsonPointer("/matrix"), "the matrix has no case: an axis chooses more values than it can");
  Picks picks(axes_.size());
  std::map<std::string, std::size_t> seen;
  const std::function<void(std::size_t)> next = [&](std::size_t a) {
    if (a == axes_.size()) {
      std::string name = case_name(picks);
      if (name.empty() || !is_case_text(name))
        doc_.fail(JsonPointer("/name"), "name: a case would be named \"" + name +
                                            "\"; case names are letters, digits, _, -, . and + (FILE#case names one)");
      if (seen.count(name))
        doc_.fail(JsonPointer("/name"), "name: two cases would both be named \"" + name +
                                            "\"; put every axis in the name, as {" + axes_.back().name + "}");
      seen.emplace(name, cases_.size());
      cases_.emplace_back(std::move(name), picks);
      return;
    }
    for (const auto& p : per_axis[a]) {
      picks[a] = p;
      next(a + 1);
    }
  };
  next(0);
}

void Matrix::read_exclude_and_cases() {
  const ObjectReader m(doc_, JsonPointer("/matrix"), {"axes", "vars", "exclude", "cases"}, "the matrix");
  const std::vector<std::string> all = names();
  if (m.has("exclude")) {
    const json& list = m.array("exclude", 0, kMaxCases);
    std::vector<std::string> out;
    for (std::size_t i = 0; i < list.size(); ++i) {
      const JsonPointer at = m.at("exclude") / i;
      const std::string name = read_string(doc_, at);
      if (std::find(all.begin(), all.end(), name) == all.end())
        doc_.fail(at, describe_pointer(at) + ": the matrix has no case \"" + name + "\" to exclude" + did_you_mean(name, all));
      out.push_back(name);
    }
    std::erase_if(cases_, [&](const auto& c) { return std::find(out.begin(), out.end(), c.first) != out.end(); });
    if (cases_.empty()) doc_.fail(m.at("exclude"), "exclude: every case of the matrix is excluded");
  }
  if (!m.has("cases")) return;
  const JsonPointer at = m.at("cases");
  if (!doc_.root().at(at).is_object())
    doc_.fail(at, "cases: expected an object {\"case name\": {what to add to it}}, got " + describe_value(doc_.root().at(at)));
  const std::vector<std::string> kept = names();
  const JsonPointer defaults("/matrix/vars");
  for (const auto& [key, _] : doc_.root().at(at).items()) {
    if (std::find(kept.begin(), kept.end(), key) == kept.end())
      doc_.fail_key(at / key, "cases: the matrix has no case \"" + key + "\"" + did_you_mean(key, kept));
    const ObjectReader c(doc_, at / key, {"vars", "add"}, "case \"" + key + "\"");
    if (c.has("add") && !doc_.root().at(c.at("add")).is_object())
      doc_.fail(c.at("add"), "add: expected an object (what to add to this case), got " +
                                 describe_value(doc_.root().at(c.at("add"))));
    if (!c.has("vars")) continue;
    read_vars_object(c.at("vars"));
    for (const auto& [var, _] : doc_.root().at(c.at("vars")).items())
      if (!doc_.root().contains(defaults) || !doc_.root().at(defaults).contains(var))
        doc_.fail_key(c.at("vars") / var, "variable \"" + var + "\": a case sets the matrix's own \"vars\" for itself, "
                                          "and the matrix has no var \"" + var + "\"");
  }
}

// --- building a case ----------------------------------------------------------------------------

// Copies f's value at `fp` to t at `tp` (a new member or array element), with its origins.
void copy_node(TracedJson& t, const JsonPointer& tp, const TracedJson& f, const JsonPointer& fp) {
  json& parent = t.value.at(tp.parent_pointer());
  const json& v = f.value.at(fp);
  if (parent.is_array())
    parent.push_back(v);
  else
    parent[tp.back()] = v;
  t.origins[tp.to_string()] = f.origin(fp);
  const std::string from = fp.to_string();
  for (const auto& [key, source] : f.origins)
    if (key.size() > from.size() && key.compare(0, from.size(), from) == 0 && key[from.size()] == '/')
      t.origins[tp.to_string() + key.substr(from.size())] = source;
}

// Adds f's value at `fp` to t's at `tp`: objects key by key, arrays appended; anything else
// must already be equal.
void merge_node(const ScenarioDocument& doc, TracedJson& t, const JsonPointer& tp, const TracedJson& f,
                const JsonPointer& fp) {
  const json& fv = f.value.at(fp);
  json& tv = t.value.at(tp);
  if (tv.is_object() && fv.is_object()) {
    for (const auto& [key, _] : fv.items()) {
      if (t.value.at(tp).contains(key))
        merge_node(doc, t, tp / key, f, fp / key);
      else
        copy_node(t, tp / key, f, fp / key);
    }
  } else if (tv.is_array() && fv.is_array()) {
    for (std::size_t i = 0; i < fv.size(); ++i) copy_node(t, tp / t.value.at(tp).size(), f, fp / i);
  } else if (tv != fv) {
    doc.fail(f.origin(fp), describe_pointer(tp) + ": the matrix adds " + describe_value(fv) +
                               " where the case already has " + describe_value(tv) + " (" +
                               format_location(doc.location(t.origin(tp))) + "); values are added, never replaced");
  }
}

void substitute_node(const ScenarioDocument& doc, TracedJson& t, const JsonPointer& at, const Scope& scope, bool final) {
  json& v = t.value.at(at);
  if (v.is_object()) {
    std::vector<std::string> keys;
    for (const auto& [key, _] : v.items()) keys.push_back(key);
    for (const std::string& key : keys) substitute_node(doc, t, at / key, scope, final);
  } else if (v.is_array()) {
    for (std::size_t i = 0; i < v.size(); ++i) substitute_node(doc, t, at / i, scope, final);
  } else if (v.is_string()) {
    const std::string s = v.get<std::string>();
    if (s.size() > 2 && s.front() == '{' && s.back() == '}' && is_identifier(s.substr(1, s.size() - 2))) {
      const auto it = scope.find(s.substr(1, s.size() - 2));
      if (it != scope.end()) {
        v = it->second.value;
        if (it->second.at) t.origins[at.to_string()] = *it->second.at;
        return;
      }
    }
    v = substitute_text(doc, t.origin(at), s, scope, final);
  }
}

TracedJson Matrix::expand(const std::string& name) const {
  const auto found = std::find_if(cases_.begin(), cases_.end(), [&](const auto& c) { return c.first == name; });
  const Picks& picks = found->second;
  TracedJson c;
  c.value = doc_.root();
  c.value.erase("matrix");
  c.origins[""] = JsonPointer();
  for (std::size_t a = 0; a < axes_.size(); ++a) {
    for (std::size_t i = 0; i < picks[a].size(); ++i) {
      const std::size_t v = picks[a][i];
      const Value& value = axes_[a].values[v];
      if (!doc_.root().at(value.at).contains("add")) continue;
      const auto times = std::count(picks[a].begin(), picks[a].end(), v);
      const auto copy = static_cast<std::size_t>(std::count(picks[a].begin(), picks[a].begin() + static_cast<long>(i), v));
      Scope local;
      local["copy"] = Binding{times == 1 ? std::string() : std::to_string(copy), std::nullopt};
      if (!value.vars.empty()) {
        const JsonPointer& vars = value.vars[value.vars_per_pick ? copy : 0];
        for (const auto& [key, val] : doc_.root().at(vars).items()) local[key] = Binding{val, vars / key};
      }
      TracedJson add{doc_.root().at(value.at / "add"), {{"", value.at / "add"}}};
      substitute_node(doc_, add, JsonPointer(), local, false);
      merge_node(doc_, c, JsonPointer(), add, JsonPointer());
    }
  }
  const JsonPointer extra = JsonPointer("/matrix/cases") / name / "add";
  if (doc_.root().contains(extra)) {
    const TracedJson add{doc_.root().at(extra), {{"", extra}}};
    merge_node(doc_, c, JsonPointer(), add, JsonPointer());
  }
  substitute_node(doc_, c, JsonPointer(), case_scope(picks, &name), true);
  return c;
}

class CaseDocument final : public ScenarioDocument {
 public:
  CaseDocument(std::shared_ptr<const JsonDocument> source, TracedJson value)
      : source_(std::move(source)), value_(std::move(value)) {}
  const std::string& file() const override { return source_->file(); }
  const json& root() const override { return value_.value; }
  SourceLocation location(const JsonPointer& at) const override { return source_->location(value_.origin(at)); }
  SourceLocation key_location(const JsonPointer& at) const override {
    return source_->key_location(value_.origin(at));
  }

 private:
  std::shared_ptr<const JsonDocument> source_;
  TracedJson value_;
};

}  // namespace

JsonPointer TracedJson::origin(const JsonPointer& at) const {
  JsonPointer p = at;
  std::vector<std::string> rest;
  for (;;) {
    if (const auto it = origins.find(p.to_string()); it != origins.end()) {
      JsonPointer out = it->second;
      for (auto r = rest.rbegin(); r != rest.rend(); ++r) out /= *r;
      return out;
    }
    if (p.empty()) return at;
    rest.push_back(p.back());
    p.pop_back();
  }
}

ScenarioHandle parse_handle(const std::string& text) {
  const std::size_t hash = text.rfind('#');
  if (hash == std::string::npos) return {text, std::nullopt};
  return {text.substr(0, hash), text.substr(hash + 1)};
}

bool is_matrix(const ScenarioDocument& doc) { return doc.root().is_object() && doc.root().contains("matrix"); }

std::vector<std::string> matrix_case_names(const JsonDocument& doc) { return Matrix(doc).names(); }

std::unique_ptr<ScenarioDocument> matrix_case(std::shared_ptr<const JsonDocument> doc, const std::string& name) {
  const Matrix m(*doc);
  const std::vector<std::string> names = m.names();
  if (std::find(names.begin(), names.end(), name) == names.end())
    throw ScenarioError({doc->file()}, "no case \"" + name + "\" in this matrix file" + did_you_mean(name, names) +
                                           "; its cases are " + listed(names));
  return std::make_unique<CaseDocument>(doc, m.expand(name));
}

}  // namespace checker
