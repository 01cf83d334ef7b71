// Counterexample values and scenario text (scenario.h).
#include "proofs/scenario.h"

#include <sstream>

namespace swapproofs {

std::optional<std::int64_t> Counterexample::integer(const std::string& name) const {
  for (const auto& [n, v] : values_)
    if (n == name) {
      try {
        return std::stoll(v);
      } catch (const std::exception&) {
        return std::nullopt;
      }
    }
  return std::nullopt;
}

bool Counterexample::flag(const std::string& name) const {
  for (const auto& [n, v] : values_)
    if (n == name) return v == "true";
  return false;
}

std::string Counterexample::text(const std::string& indent) const {
  std::string out;
  for (const auto& [n, v] : values_) out += indent + n + "=" + v + "\n";
  return out;
}

namespace {

// A value on one line, with a space after each ':' and ','.
std::string flat(const Json& v) {
  if (!v.is_structured()) return v.dump();
  std::string out = v.is_object() ? "{" : "[";
  bool first = true;
  for (auto it = v.begin(); it != v.end(); ++it) {
    out += first ? "" : ", ";
    first = false;
    if (v.is_object()) out += Json(it.key()).dump() + ": ";
    out += flat(*it);
  }
  return out + (v.is_object() ? "}" : "]");
}

// JSON as people write scenario files: a value that fits on one line (a step, a config, an
// expect block) stays on one line; anything longer opens one member per line.
void write_json(const Json& v, const std::string& indent, std::string& out) {
  const std::string one_line = flat(v);
  if (!v.is_structured() || v.empty() || indent.size() + one_line.size() <= 100) {
    out += one_line;
    return;
  }
  const std::string inner = indent + "  ";
  out += v.is_object() ? "{\n" : "[\n";
  bool first = true;
  for (auto it = v.begin(); it != v.end(); ++it) {
    out += first ? "" : ",\n";
    first = false;
    out += inner;
    if (v.is_object()) out += Json(it.key()).dump() + ": ";
    write_json(*it, inner, out);
  }
  out += "\n" + indent + (v.is_object() ? "}" : "]");
}

}  // namespace

std::string scenario_text(const ScenarioFile& f) {
  std::string out;
  std::istringstream lines(f.comment);
  for (std::string line; std::getline(lines, line);) out += line.empty() ? "//\n" : "// " + line + "\n";
  write_json(f.doc, "", out);
  out += "\n";
  return out;
}

Json step(const std::string& op, Json args) {
  Json s = Json::object();
  s["op"] = op;
  for (auto& [k, v] : args.items()) s[k] = v;
  return s;
}

Json thread(const std::string& name, std::vector<Json> steps) {
  Json t = Json::object();
  t["name"] = name;
  t["steps"] = Json(std::move(steps));
  return t;
}

Json expect_violation(const std::string& check) { return Json{{"verdict", "invariant"}, {"check", check}}; }
Json expect_pass() { return Json{{"verdict", "pass"}}; }

ScenarioFile make_scenario(const std::string& purpose, const std::string& comment, Json config, std::vector<Json> state,
                           std::vector<Json> threads, Json expect, bool reproduces) {
  ScenarioFile f;
  f.doc = Json::object();
  f.doc["name"] = "";
  f.doc["purpose"] = purpose;
  f.doc["expect"] = std::move(expect);
  f.doc["config"] = std::move(config);
  f.doc["state"] = Json(std::move(state));
  f.doc["threads"] = Json(std::move(threads));
  f.comment = comment;
  f.reproduces = reproduces;
  return f;
}

}  // namespace swapproofs
