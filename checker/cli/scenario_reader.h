// Typed reading of scenario values, for the generic sections and for models alike. Every
// reader checks the JSON type and range of one value and, when it is wrong, throws
// ScenarioError at that value's file:line:column saying what was expected there and what was
// found ("\"preemptions\": expected an integer from 0 to 64, got the string \"2\"").
//
// ObjectReader checks an object's keys once, up front: a key it does not list is rejected at
// the key with the list of accepted keys and, when one is close, a "did you mean" hint.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "checker/model_interface.h"

namespace checker {

using JsonPointer = nlohmann::json::json_pointer;

// "the string \"abc\"", "the number 2.5", "an object", ... for messages.
std::string describe_value(const nlohmann::json& v);
// How a pointer is named in messages: "\"preemptions\"", "\"steps\"[3]", "the document".
std::string describe_pointer(const JsonPointer& at);
// " (did you mean \"dpor\"?)" when some name is within a small edit distance of `got`; "".
std::string did_you_mean(std::string_view got, const std::vector<std::string>& names);
// "a, b or c"
std::string join_names(const std::vector<std::string>& names);

// Readers of the value at `at` (which must exist). Ranges are inclusive.
std::string read_string(const ScenarioDocument& doc, const JsonPointer& at);
std::int64_t read_integer(const ScenarioDocument& doc, const JsonPointer& at, std::int64_t lo, std::int64_t hi);
std::uint64_t read_unsigned(const ScenarioDocument& doc, const JsonPointer& at, std::uint64_t lo, std::uint64_t hi);
double read_number(const ScenarioDocument& doc, const JsonPointer& at, double lo, double hi);
bool read_bool(const ScenarioDocument& doc, const JsonPointer& at);
// A string that must be one of `names`; `kind` names the set in messages ("strategy").
std::string read_name(const ScenarioDocument& doc, const JsonPointer& at, const std::vector<std::string>& names,
                      const std::string& kind);
// An array of between min_size and max_size elements.
const nlohmann::json& read_array(const ScenarioDocument& doc, const JsonPointer& at, std::size_t min_size = 0,
                                 std::size_t max_size = SIZE_MAX);

class ObjectReader {
 public:
  // Checks that the value at `at` is an object with no key outside `keys`. `what` names the
  // object in messages ("bounds", "a thread").
  ObjectReader(const ScenarioDocument& doc, JsonPointer at, std::vector<std::string> keys, std::string what);

  bool has(const std::string& key) const;
  JsonPointer at(const std::string& key) const { return at_ / key; }
  // Throws "missing key" (at the object) unless present.
  void require(const std::string& key) const;

  // Required members (absent: a "missing key" error).
  std::string string(const std::string& key) const;
  std::int64_t integer(const std::string& key, std::int64_t lo, std::int64_t hi) const;
  std::uint64_t unsigned_integer(const std::string& key, std::uint64_t lo, std::uint64_t hi) const;
  double number(const std::string& key, double lo, double hi) const;
  bool boolean(const std::string& key) const;
  std::string name(const std::string& key, const std::vector<std::string>& names, const std::string& kind) const;
  const nlohmann::json& array(const std::string& key, std::size_t min_size = 0, std::size_t max_size = SIZE_MAX) const;

  // Optional members: the default when absent.
  std::string string_or(const std::string& key, std::string fallback) const;
  std::int64_t integer_or(const std::string& key, std::int64_t lo, std::int64_t hi, std::int64_t fallback) const;
  bool boolean_or(const std::string& key, bool fallback) const;

  const ScenarioDocument& doc() const { return doc_; }
  const JsonPointer& pointer() const { return at_; }
  const nlohmann::json& value() const { return value_; }

 private:
  const ScenarioDocument& doc_;
  JsonPointer at_;
  const nlohmann::json& value_;
  std::string what_;
};

}  // namespace checker
