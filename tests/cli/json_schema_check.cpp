#include "json_schema_check.h"

#include <algorithm>
#include <fstream>
#include <regex>
#include <set>
#include <stdexcept>

namespace clitest {

using nlohmann::json;

namespace {

const std::set<std::string> kKnown{"$schema", "$id", "title", "description", "$comment", "$defs", "$ref", "type",
                                   "enum", "const", "properties", "required", "additionalProperties", "items",
                                   "uniqueItems", "minItems", "minLength", "minimum", "maximum", "pattern",
                                   "oneOf", "anyOf"};

bool has_type(const json& v, const std::string& type) {
  if (type == "object") return v.is_object();
  if (type == "array") return v.is_array();
  if (type == "string") return v.is_string();
  if (type == "boolean") return v.is_boolean();
  if (type == "null") return v.is_null();
  if (type == "integer") return v.is_number_integer();
  if (type == "number") return v.is_number();
  throw std::invalid_argument("unknown type in schema: " + type);
}

// a < b for JSON numbers, exact for integers of either sign.
bool less(const json& a, const json& b) {
  if (a.is_number_integer() && b.is_number_integer()) {
    const bool a_neg = a.is_number_unsigned() ? false : a.get<std::int64_t>() < 0;
    const bool b_neg = b.is_number_unsigned() ? false : b.get<std::int64_t>() < 0;
    if (a_neg != b_neg) return a_neg;
    if (a_neg) return a.get<std::int64_t>() < b.get<std::int64_t>();
    return a.get<std::uint64_t>() < b.get<std::uint64_t>();
  }
  return a.get<double>() < b.get<double>();
}

std::string pointer_child(const std::string& at, const std::string& token) {
  return (json::json_pointer(at) / token).to_string();
}

}  // namespace

SchemaChecker SchemaChecker::from_file(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw std::runtime_error("cannot read " + path);
  return SchemaChecker(json::parse(in));
}

std::vector<std::string> SchemaChecker::check(const json& instance) const {
  std::vector<std::string> problems;
  validate(root_, instance, "", problems);
  return problems;
}

const json& SchemaChecker::resolve(const std::string& ref) const {
  if (!ref.starts_with("#")) throw std::invalid_argument("only local $ref supported: " + ref);
  return root_.at(json::json_pointer(ref.substr(1)));
}

void SchemaChecker::validate(const json& schema, const json& v, const std::string& at,
                             std::vector<std::string>& problems) const {
  auto problem = [&](const std::string& what) { problems.push_back("at " + (at.empty() ? "/" : at) + ": " + what); };
  for (const auto& [key, _] : schema.items())
    if (!kKnown.contains(key)) problem("schema keyword \"" + key + "\" is not supported by this checker");
  if (schema.contains("$ref")) validate(resolve(schema["$ref"].get<std::string>()), v, at, problems);
  if (schema.contains("type")) {
    const json& t = schema["type"];
    bool ok = false;
    for (const json& name : t.is_array() ? t : json::array({t})) ok = ok || has_type(v, name.get<std::string>());
    if (!ok) return problem("expected type " + t.dump() + ", got " + v.dump().substr(0, 60));
  }
  if (schema.contains("const") && v != schema["const"]) problem("expected " + schema["const"].dump());
  if (schema.contains("enum") &&
      std::find(schema["enum"].begin(), schema["enum"].end(), v) == schema["enum"].end())
    problem("expected one of " + schema["enum"].dump() + ", got " + v.dump().substr(0, 60));
  if (v.is_number()) {
    if (schema.contains("minimum") && less(v, schema["minimum"])) problem("below the minimum");
    if (schema.contains("maximum") && less(schema["maximum"], v)) problem("above the maximum");
  }
  if (v.is_string()) {
    const auto& s = v.get_ref<const std::string&>();
    if (schema.contains("minLength") && s.size() < schema["minLength"].get<std::size_t>()) problem("string too short");
    if (schema.contains("pattern") && !std::regex_search(s, std::regex(schema["pattern"].get<std::string>())))
      problem("does not match " + schema["pattern"].dump());
  }
  if (v.is_array()) {
    if (schema.contains("minItems") && v.size() < schema["minItems"].get<std::size_t>()) problem("too few items");
    if (schema.value("uniqueItems", false))
      for (std::size_t i = 0; i < v.size(); ++i)
        for (std::size_t j = i + 1; j < v.size(); ++j)
          if (v[i] == v[j]) problem("items " + std::to_string(i) + " and " + std::to_string(j) + " are equal");
    if (schema.contains("items"))
      for (std::size_t i = 0; i < v.size(); ++i)
        validate(schema["items"], v[i], pointer_child(at, std::to_string(i)), problems);
  }
  if (v.is_object()) validate_object(schema, v, at, problems);
  validate_alternatives(schema, v, at, problems);
}

void SchemaChecker::validate_object(const json& schema, const json& v, const std::string& at,
                                    std::vector<std::string>& problems) const {
  for (const json& key : schema.value("required", json::array()))
    if (!v.contains(key.get<std::string>()))
      problems.push_back("at " + (at.empty() ? "/" : at) + ": missing required " + key.dump());
  const json properties = schema.value("properties", json::object());
  for (const auto& [key, value] : v.items()) {
    const std::string child = pointer_child(at, key);
    if (properties.contains(key)) {
      validate(properties[key], value, child, problems);
    } else if (schema.contains("additionalProperties")) {
      const json& extra = schema["additionalProperties"];
      if (extra.is_boolean() && !extra.get<bool>())
        problems.push_back("at " + child + ": unexpected property");
      else if (extra.is_object())
        validate(extra, value, child, problems);
    }
  }
}

void SchemaChecker::validate_alternatives(const json& schema, const json& v, const std::string& at,
                                          std::vector<std::string>& problems) const {
  for (const char* keyword : {"oneOf", "anyOf"}) {
    if (!schema.contains(keyword)) continue;
    // When nothing matches, the alternative with the fewest problems is the one meant.
    std::size_t matches = 0;
    std::vector<std::string> closest;
    for (const json& alternative : schema[keyword]) {
      std::vector<std::string> p;
      validate(alternative, v, at, p);
      if (p.empty())
        ++matches;
      else if (closest.empty() || p.size() < closest.size())
        closest = std::move(p);
    }
    const std::vector<std::string>& why = closest;
    const bool one_of = std::string(keyword) == "oneOf";
    if (matches == 0)
      problems.push_back("at " + (at.empty() ? "/" : at) + ": no alternative of " + keyword +
                         " matches (first reason: " + (why.empty() ? "?" : why.front()) + ")");
    else if (one_of && matches > 1)
      problems.push_back("at " + (at.empty() ? "/" : at) + ": " + std::to_string(matches) + " alternatives of oneOf match");
  }
}

}  // namespace clitest
