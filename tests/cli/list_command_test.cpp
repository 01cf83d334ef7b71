// `list`: the model's registries and the engine's names, one line each with its doc.
#include <catch2/catch.hpp>

#include "cli_harness.h"

using namespace clitest;

TEST_CASE("list prints each registry with one-line docs, as text and as JSON") {
  const CliResult ops = toycheck({"list", "ops"});
  CHECK(ops.code == 0);
  CHECK(ops.out.find("racy_increment      acounter.load then acounter.store(v + 1)") != std::string::npos);
  CHECK(toycheck({"list", "invariants"}).out.starts_with("no_lost_update    at quiescence"));
  CHECK(toycheck({"list", "mutations"}).out ==
        "drop_counter_lock  locked_increment forgets to take counter_lock\n");
  CHECK(toycheck({"list", "strategies"}).out.starts_with("dpor     exhaustive"));
  CHECK(toycheck({"list", "verdicts"}).out.find("use_after_free   access to a freed tracked object\n") !=
        std::string::npos);
  for (const char* what : {"ops", "invariants", "mutations", "strategies", "verdicts"}) {
    INFO(what);
    const CliResult r = toycheck({"list", what, "--format", "json"});
    CHECK(r.code == 0);
    CHECK(output_problems(r.out).empty());
    CHECK(nlohmann::json::parse(r.out)["kind"] == what);
  }
}
