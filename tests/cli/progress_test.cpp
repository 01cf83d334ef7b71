// The progress line: drawn on a terminal once a search has run for a while, erased at the end;
// nothing at all when disabled.
#include <catch2/catch.hpp>
#include <chrono>
#include <sstream>
#include <thread>

#include "checker/cli/progress.h"

using namespace checker;

namespace {

// A program whose every execution takes about a millisecond of wall-clock time.
Program slow_program() {
  return Program{[](Execution& ex) {
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
    ex.spawn("t", [] {});
  }};
}

std::string run_with_progress(bool enabled) {
  std::ostringstream err;
  ProgressLine progress(err, enabled);
  progress.start("slow");
  Bounds b;
  b.strategy = Strategy::Random;
  b.max_executions = 900;
  explore(slow_program(), b, progress.observer());
  progress.clear();
  return err.str();
}

}  // namespace

TEST_CASE("a long search draws one progress line in place and erases it") {
  const std::string err = run_with_progress(true);
  REQUIRE_FALSE(err.empty());
  CHECK(err.starts_with("slow: "));
  CHECK(err.find(" executions, ") != std::string::npos);
  CHECK(err.find("/s, ") != std::string::npos);
  CHECK(err.ends_with("\r"));  // erased: blanks, then back to the start of the line
  CHECK(err.find('\n') == std::string::npos);
}

TEST_CASE("a disabled progress line prints nothing") { CHECK(run_with_progress(false).empty()); }
