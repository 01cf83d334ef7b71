// The typed readers: what they accept, and the exact message and place of what they reject.
#include <catch2/catch.hpp>

#include "checker/cli/json_document.h"
#include "checker/cli/scenario_reader.h"

using namespace checker;
using P = nlohmann::json::json_pointer;

namespace {

// The "line:column: message" a reader throws on `text`.
template <class F>
std::string error_of(const std::string& text, F read) {
  auto doc = JsonDocument::parse("t.json", text);
  try {
    read(*doc);
  } catch (const ScenarioError& e) {
    return std::to_string(e.location.line) + ":" + std::to_string(e.location.column) + ": " + e.what();
  }
  return "no error";
}

}  // namespace

TEST_CASE("did_you_mean suggests only close names") {
  const std::vector<std::string> names{"strategy", "seed", "step_bound"};
  CHECK(did_you_mean("stratgy", names) == " (did you mean \"strategy\"?)");
  CHECK(did_you_mean("sed", names) == " (did you mean \"seed\"?)");
  CHECK(did_you_mean("completely_else", names).empty());
  CHECK(join_names({"a", "b", "c"}) == "a, b or c");
  CHECK(join_names({"a"}) == "a");
  CHECK(join_names({}) == "(none)");
}

TEST_CASE("pointers and values are described the way a user wrote them") {
  CHECK(describe_pointer(P("/threads/1/steps/3")) == "threads[1].steps[3]");
  CHECK(describe_pointer(P("/odd key/0")) == "[\"odd key\"][0]");
  CHECK(describe_pointer(P("")) == "the document");
  CHECK(describe_value(nlohmann::json("abc")) == "the string \"abc\"");
  CHECK(describe_value(nlohmann::json(2.5)) == "the number 2.5");
  CHECK(describe_value(nlohmann::json::array()) == "an array");
  CHECK(describe_value(nlohmann::json(std::string(100, 'x'))).size() < 60);
}

TEST_CASE("numbers are checked for kind and range, exactly") {
  const auto integer = [](const std::string& v) {
    return error_of("{\"n\": " + v + "}", [](const ScenarioDocument& d) { read_integer(d, P("/n"), -5, 5); });
  };
  CHECK(integer("3") == "no error");
  CHECK(integer("-5") == "no error");
  CHECK(integer("6") == "1:7: n: expected an integer from -5 to 5, got the number 6");
  CHECK(integer("3.0") == "1:7: n: expected an integer from -5 to 5, got the number 3.0");
  CHECK(integer("18446744073709551615") == "1:7: n: expected an integer from -5 to 5, got the number 18446744073709551615");
  const auto unsigned_ = [](const std::string& v) {
    return error_of("{\"n\": " + v + "}", [](const ScenarioDocument& d) {
      read_unsigned(d, P("/n"), 0, std::numeric_limits<std::uint64_t>::max());
    });
  };
  CHECK(unsigned_("18446744073709551615") == "no error");
  CHECK(unsigned_("-1") == "1:7: n: expected a non-negative integer, got the number -1");
  CHECK(unsigned_("1e3") == "1:7: n: expected a non-negative integer, got the number 1000.0");
}

TEST_CASE("ObjectReader rejects the unknown key that comes first in the file") {
  const std::string text = "{\n  \"zeta\": 1,\n  \"alpha\": 2,\n  \"ok\": 3\n}";
  CHECK(error_of(text, [](const ScenarioDocument& d) { ObjectReader(d, P(""), {"ok"}, "the thing"); }) ==
        "2:3: unknown key \"zeta\" in the thing; expected ok");
}

TEST_CASE("ObjectReader reports a missing key at the object and reads optional ones") {
  const std::string text = "{\"o\": {\"a\": \"x\", \"b\": true}}";
  CHECK(error_of(text, [](const ScenarioDocument& d) {
          ObjectReader r(d, P("/o"), {"a", "b", "c"}, "o");
          CHECK(r.string("a") == "x");
          CHECK(r.boolean_or("b", false));
          CHECK(r.integer_or("c", 0, 9, 7) == 7);
          r.string("c");
        }) == "1:7: missing key \"c\" in o");
  CHECK(error_of(text, [](const ScenarioDocument& d) { ObjectReader(d, P("/o/a"), {}, "o.a"); }) ==
        "1:13: o.a: expected o.a as an object { ... }, got the string \"x\"");
}

TEST_CASE("names are checked against their set with a suggestion") {
  CHECK(error_of("{\"s\": \"dfs \"}", [](const ScenarioDocument& d) {
          read_name(d, P("/s"), {"dfs", "dpor"}, "strategy");
        }) == "1:7: s: unknown strategy \"dfs \"; expected dfs or dpor (did you mean \"dfs\"?)");
  CHECK(error_of("{\"s\": 1}", [](const ScenarioDocument& d) { read_name(d, P("/s"), {"dfs"}, "strategy"); }) ==
        "1:7: s: expected a strategy name (dfs), got the number 1");
  CHECK(error_of("{\"a\": [1, 2, 3]}", [](const ScenarioDocument& d) { read_array(d, P("/a"), 0, 2); }) ==
        "1:7: a: expected at most 2 elements, got 3");
}
