// A small JSON Schema validator for the tests: the subset of draft 2020-12 that docs/*.schema.json
// use ($ref to local $defs, type, enum, const, properties, required, additionalProperties,
// items, uniqueItems, minItems, minLength, minimum, maximum, pattern, oneOf, anyOf). A keyword
// outside the subset is itself reported, so a schema cannot quietly check less than it says.
// Types follow nlohmann: "integer" means written without a fraction or exponent.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace clitest {

class SchemaChecker {
 public:
  explicit SchemaChecker(nlohmann::json schema) : root_(std::move(schema)) {}
  static SchemaChecker from_file(const std::string& path);

  // The problems found, each "at /json/pointer: what"; empty when the instance is valid.
  std::vector<std::string> check(const nlohmann::json& instance) const;

 private:
  void validate(const nlohmann::json& schema, const nlohmann::json& v, const std::string& at,
                std::vector<std::string>& problems) const;
  void validate_object(const nlohmann::json& schema, const nlohmann::json& v, const std::string& at,
                       std::vector<std::string>& problems) const;
  void validate_alternatives(const nlohmann::json& schema, const nlohmann::json& v, const std::string& at,
                             std::vector<std::string>& problems) const;
  const nlohmann::json& resolve(const std::string& ref) const;

  nlohmann::json root_;
};

}  // namespace clitest
