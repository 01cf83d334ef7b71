#include "checker/cli/scenario_reader.h"

#include <algorithm>
#include <limits>
#include <optional>
#include <tuple>

namespace checker {

using nlohmann::json;

namespace {

std::size_t edit_distance(std::string_view a, std::string_view b) {
  std::vector<std::size_t> row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diagonal = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t up = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diagonal = up;
    }
  }
  return row[b.size()];
}

bool is_index(const std::string& token) {
  return !token.empty() && std::all_of(token.begin(), token.end(), [](char c) { return c >= '0' && c <= '9'; });
}

bool is_identifier(const std::string& token) {
  return !token.empty() && std::all_of(token.begin(), token.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
  });
}

const json& value_at(const ScenarioDocument& doc, const JsonPointer& at) {
  if (!doc.root().contains(at)) doc.fail(at, "missing " + describe_pointer(at));
  return doc.root().at(at);
}

[[noreturn]] void expected(const ScenarioDocument& doc, const JsonPointer& at, const std::string& what) {
  doc.fail(at, describe_pointer(at) + ": expected " + what + ", got " + describe_value(value_at(doc, at)));
}

std::string integer_range(std::int64_t lo, std::int64_t hi) {
  if (hi == std::numeric_limits<std::int64_t>::max())
    return lo == 0 ? "a non-negative integer" : "an integer of at least " + std::to_string(lo);
  return "an integer from " + std::to_string(lo) + " to " + std::to_string(hi);
}

std::string unsigned_range(std::uint64_t lo, std::uint64_t hi) {
  if (hi == std::numeric_limits<std::uint64_t>::max())
    return lo == 0 ? "a non-negative integer" : "an integer of at least " + std::to_string(lo);
  return "an integer from " + std::to_string(lo) + " to " + std::to_string(hi);
}

std::string number_text(double x) { return json(x).dump(); }

}  // namespace

std::string describe_value(const json& v) {
  switch (v.type()) {
    case json::value_t::null: return "null";
    case json::value_t::boolean: return v.get<bool>() ? "true" : "false";
    case json::value_t::string: {
      std::string s = json(v).dump();
      if (s.size() > 42) s = s.substr(0, 38) + "...\"";
      return "the string " + s;
    }
    case json::value_t::array: return "an array";
    case json::value_t::object: return "an object";
    case json::value_t::number_integer:
    case json::value_t::number_unsigned:
    case json::value_t::number_float: return "the number " + v.dump();
    default: return "a value of another kind";
  }
}

std::string describe_pointer(const JsonPointer& at) {
  if (at.empty()) return "the document";
  std::string out;
  JsonPointer walk = at;
  std::vector<std::string> tokens;
  while (!walk.empty()) {
    tokens.push_back(walk.back());
    walk.pop_back();
  }
  std::reverse(tokens.begin(), tokens.end());
  for (const std::string& t : tokens) {
    if (is_index(t) && !out.empty())
      out += "[" + t + "]";
    else if (is_identifier(t))
      out += (out.empty() ? "" : ".") + t;
    else
      out += "[" + json(t).dump() + "]";
  }
  return out;
}

std::string did_you_mean(std::string_view got, const std::vector<std::string>& names) {
  const std::size_t limit = std::clamp<std::size_t>(got.size() / 3, 1, 3);
  const std::string* best = nullptr;
  std::size_t best_distance = limit + 1;
  for (const std::string& n : names) {
    const std::size_t d = edit_distance(got, n);
    if (d < best_distance) {
      best = &n;
      best_distance = d;
    }
  }
  return best ? " (did you mean \"" + *best + "\"?)" : "";
}

std::string join_names(const std::vector<std::string>& names) {
  if (names.empty()) return "(none)";
  std::string out;
  for (std::size_t i = 0; i < names.size(); ++i) {
    if (i > 0) out += i + 1 == names.size() ? " or " : ", ";
    out += names[i];
  }
  return out;
}

std::string read_string(const ScenarioDocument& doc, const JsonPointer& at) {
  const json& v = value_at(doc, at);
  if (!v.is_string()) expected(doc, at, "a string");
  return v.get<std::string>();
}

std::int64_t read_integer(const ScenarioDocument& doc, const JsonPointer& at, std::int64_t lo, std::int64_t hi) {
  const json& v = value_at(doc, at);
  if (v.is_number_unsigned()) {
    const auto x = v.get<std::uint64_t>();
    if (x <= static_cast<std::uint64_t>(hi) && static_cast<std::int64_t>(x) >= lo) return static_cast<std::int64_t>(x);
  } else if (v.is_number_integer()) {
    const auto x = v.get<std::int64_t>();
    if (x >= lo && x <= hi) return x;
  }
  expected(doc, at, integer_range(lo, hi));
}

std::uint64_t read_unsigned(const ScenarioDocument& doc, const JsonPointer& at, std::uint64_t lo, std::uint64_t hi) {
  const json& v = value_at(doc, at);
  if (v.is_number_unsigned()) {
    const auto x = v.get<std::uint64_t>();
    if (x >= lo && x <= hi) return x;
  }
  expected(doc, at, unsigned_range(lo, hi));
}

double read_number(const ScenarioDocument& doc, const JsonPointer& at, double lo, double hi) {
  const json& v = value_at(doc, at);
  if (v.is_number()) {
    const auto x = v.get<double>();
    if (x >= lo && x <= hi) return x;
  }
  expected(doc, at, "a number from " + number_text(lo) + " to " + number_text(hi));
}

bool read_bool(const ScenarioDocument& doc, const JsonPointer& at) {
  const json& v = value_at(doc, at);
  if (!v.is_boolean()) expected(doc, at, "true or false");
  return v.get<bool>();
}

std::string read_name(const ScenarioDocument& doc, const JsonPointer& at, const std::vector<std::string>& names,
                      const std::string& kind) {
  const json& v = value_at(doc, at);
  if (!v.is_string()) expected(doc, at, "a " + kind + " name (" + join_names(names) + ")");
  std::string got = v.get<std::string>();
  if (std::find(names.begin(), names.end(), got) == names.end())
    doc.fail(at, describe_pointer(at) + ": unknown " + kind + " \"" + got + "\"; expected " + join_names(names) +
                     did_you_mean(got, names));
  return got;
}

const json& read_array(const ScenarioDocument& doc, const JsonPointer& at, std::size_t min_size,
                       std::size_t max_size) {
  const json& v = value_at(doc, at);
  if (!v.is_array()) expected(doc, at, "an array");
  if (v.size() < min_size)
    doc.fail(at, describe_pointer(at) + ": expected at least " + std::to_string(min_size) + " element" +
                     (min_size == 1 ? "" : "s") + ", got " + std::to_string(v.size()));
  if (v.size() > max_size)
    doc.fail(at, describe_pointer(at) + ": expected at most " + std::to_string(max_size) + " elements, got " +
                     std::to_string(v.size()));
  return v;
}

ObjectReader::ObjectReader(const ScenarioDocument& doc, JsonPointer at, std::vector<std::string> keys,
                           std::string what)
    : doc_(doc), at_(std::move(at)), value_(value_at(doc, at_)), what_(std::move(what)) {
  if (!value_.is_object()) expected(doc_, at_, what_ + " as an object { ... }");
  // Report the unknown key that comes first in the file, not first in key order.
  std::optional<JsonPointer> first;
  SourceLocation first_at;
  for (const auto& [key, _] : value_.items()) {
    if (std::find(keys.begin(), keys.end(), key) != keys.end()) continue;
    const JsonPointer p = at_ / key;
    const SourceLocation l = doc_.key_location(p);
    if (!first || std::tie(l.line, l.column) < std::tie(first_at.line, first_at.column)) {
      first = p;
      first_at = l;
    }
  }
  if (first) {
    const std::string key = first->back();
    doc_.fail_key(*first, "unknown key \"" + key + "\" in " + what_ + "; expected " + join_names(keys) +
                              did_you_mean(key, keys));
  }
}

bool ObjectReader::has(const std::string& key) const { return value_.contains(key); }

void ObjectReader::require(const std::string& key) const {
  if (!has(key)) doc_.fail(at_, "missing key \"" + key + "\" in " + what_);
}

std::string ObjectReader::string(const std::string& key) const {
  require(key);
  return read_string(doc_, at(key));
}

std::int64_t ObjectReader::integer(const std::string& key, std::int64_t lo, std::int64_t hi) const {
  require(key);
  return read_integer(doc_, at(key), lo, hi);
}

std::uint64_t ObjectReader::unsigned_integer(const std::string& key, std::uint64_t lo, std::uint64_t hi) const {
  require(key);
  return read_unsigned(doc_, at(key), lo, hi);
}

double ObjectReader::number(const std::string& key, double lo, double hi) const {
  require(key);
  return read_number(doc_, at(key), lo, hi);
}

bool ObjectReader::boolean(const std::string& key) const {
  require(key);
  return read_bool(doc_, at(key));
}

std::string ObjectReader::name(const std::string& key, const std::vector<std::string>& names,
                               const std::string& kind) const {
  require(key);
  return read_name(doc_, at(key), names, kind);
}

const json& ObjectReader::array(const std::string& key, std::size_t min_size, std::size_t max_size) const {
  require(key);
  return read_array(doc_, at(key), min_size, max_size);
}

std::string ObjectReader::string_or(const std::string& key, std::string fallback) const {
  return has(key) ? read_string(doc_, at(key)) : fallback;
}

std::int64_t ObjectReader::integer_or(const std::string& key, std::int64_t lo, std::int64_t hi,
                                      std::int64_t fallback) const {
  return has(key) ? read_integer(doc_, at(key), lo, hi) : fallback;
}

bool ObjectReader::boolean_or(const std::string& key, bool fallback) const {
  return has(key) ? read_bool(doc_, at(key)) : fallback;
}

}  // namespace checker
