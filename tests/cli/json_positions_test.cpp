// The position scanner: every key and value of a document found at its line and column, and
// no input, however broken, makes it read out of bounds or crash.
#include <catch2/catch.hpp>
#include <random>

#include "checker/cli/json_document.h"
#include "checker/cli/json_positions.h"

using checker::JsonPositions;
using checker::TextPosition;

namespace {

TextPosition value_at(const JsonPositions& p, const std::string& pointer) {
  const JsonPositions::Node* n = p.find(pointer);
  return n ? n->value : TextPosition{};
}

TextPosition key_at(const JsonPositions& p, const std::string& pointer) {
  const JsonPositions::Node* n = p.find(pointer);
  return n ? n->key : TextPosition{};
}

}  // namespace

TEST_CASE("every key and value of a commented document is located") {
  const std::string text =
      "// leading comment\n"
      "{\n"
      "  \"name\": \"x\", /* inline */ \"n\": -1.5e3,\n"
      "  \"list\": [1, {\"deep\": [true, null]}],\n"
      "  \"empty\": {}, \"none\": []\n"
      "}\n";
  const JsonPositions p = JsonPositions::scan(text);
  CHECK(p.complete());
  CHECK_FALSE(p.problem());
  CHECK(value_at(p, "") == TextPosition{2, 1});
  CHECK(key_at(p, "/name") == TextPosition{3, 3});
  CHECK(value_at(p, "/name") == TextPosition{3, 11});
  CHECK(key_at(p, "/n") == TextPosition{3, 29});
  CHECK(value_at(p, "/n") == TextPosition{3, 34});
  CHECK(value_at(p, "/list") == TextPosition{4, 11});
  CHECK(value_at(p, "/list/0") == TextPosition{4, 12});
  CHECK(key_at(p, "/list/0") == TextPosition{4, 12});  // array items: the key is the value
  CHECK(value_at(p, "/list/1/deep/1") == TextPosition{4, 31});
  CHECK(value_at(p, "/empty") == TextPosition{5, 12});
  CHECK(value_at(p, "/none") == TextPosition{5, 24});
  CHECK(p.find("/missing") == nullptr);
}

TEST_CASE("columns count code points, keys are decoded and escaped as JSON pointers") {
  const std::string text = "\xEF\xBB\xBF{\"caf\\u00e9\": \"\xE2\x86\x92\", \"a/b\": 1, \"t~x\": 2, \"\xE6\x97\xA5\": 3}";
  const JsonPositions p = JsonPositions::scan(text);
  CHECK(p.complete());
  CHECK(value_at(p, "") == TextPosition{1, 1});  // the byte-order mark takes no column
  CHECK(value_at(p, "/caf\xC3\xA9") == TextPosition{1, 15});
  CHECK(key_at(p, "/a~1b") == TextPosition{1, 20});
  CHECK(key_at(p, "/t~0x") == TextPosition{1, 30});
  CHECK(value_at(p, "/\xE6\x97\xA5") == TextPosition{1, 45});
  CHECK(checker::position_at(text, 1000) == checker::position_at(text, text.size()));
}

TEST_CASE("a duplicate key is reported at its second occurrence, naming the first") {
  const JsonPositions p = JsonPositions::scan("{\"a\": 1,\n \"b\": {\"c\": 1, \"c\": 2}}");
  REQUIRE(p.problem());
  CHECK(p.problem()->where == TextPosition{2, 16});
  CHECK(p.problem()->message == "duplicate key \"c\" (first given at 2:8)");
}

TEST_CASE("nesting deeper than the limit is reported where it goes too deep") {
  const std::string deep = std::string(10, '[') + std::string(10, ']');
  CHECK_FALSE(JsonPositions::scan(deep, 10).problem());
  const JsonPositions p = JsonPositions::scan(deep, 9);
  REQUIRE(p.problem());
  CHECK(p.problem()->where == TextPosition{1, 10});
  CHECK(p.problem()->message == "nesting deeper than 9 levels");
  // A million levels: no recursion, so no stack overflow, and the limit holds.
  const std::string huge = std::string(1'000'000, '[');
  CHECK(JsonPositions::scan(huge).problem());
}

TEST_CASE("arbitrary bytes never crash the scanner") {
  std::mt19937_64 rng(42);
  const std::string alphabet = "{}[]\",:/*\\ \n\tabc01-+.etruflsn\xC3\xA9\xFF";
  for (int i = 0; i < 3000; ++i) {
    std::string text(rng() % 64, ' ');
    for (char& c : text) c = alphabet[rng() % alphabet.size()];
    const JsonPositions p = JsonPositions::scan(text, 8);
    CHECK((p.find("") == nullptr || p.find("")->value.line >= 1));
  }
}

TEST_CASE("JsonDocument resolves missing pointers to the nearest enclosing value") {
  auto doc = checker::JsonDocument::parse("f.json", "{\n  \"bounds\": {\n    \"seed\": 1\n  }\n}");
  using P = nlohmann::json::json_pointer;
  CHECK(doc->location(P("/bounds/seed")).line == 3);
  CHECK(doc->location(P("/bounds/strategy")).line == 2);  // the bounds object
  CHECK(doc->location(P("/bounds/strategy")).column == 13);
  CHECK(doc->key_location(P("/bounds")).column == 3);
  CHECK(doc->location(P("/nothing/at/all")).line == 1);
}

TEST_CASE("a line comment ends at a carriage return, as nlohmann ends it") {
  // Found by the scenario fuzzer: "// ...\r value" is a comment then a value for nlohmann.
  const checker::JsonPositions p = checker::JsonPositions::scan("// note\r\"v\"");
  CHECK(p.complete());
  CHECK(value_at(p, "") == TextPosition{1, 9});
}
