// The progress line: drawn on a terminal once a search has run for a while, erased at the end;
// nothing at all when disabled.
#include <catch2/catch.hpp>
#include <chrono>
#include <memory>
#include <sstream>
#include <string>
#include <thread>

#include "checker/atomic.h"
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

// Seven threads adding to one word, each execution about a millisecond: 7! = 5040 traces, which
// the probes estimate exactly (every probe draws one order of the adds, with probability 1/7!);
// a budget of 900 executions stops the search after about a second, with the line showing the
// estimate and the time left. Costs about a second.
TEST_CASE("a dpor search shows the probes' estimate and the time left") {
  struct Word {
    Atomic<int> x{ObjectName{"x"}};
  };
  const Program adders{[](Execution& ex) {
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
    auto& w = ex.keep(std::make_unique<Word>());
    for (int i = 0; i < 7; ++i) ex.spawn("t" + std::to_string(i), [&w] { (void)w.x.fetch_add(1); });
  }};
  std::ostringstream err;
  ProgressLine progress(err, true);
  progress.start("adders");
  Bounds b;
  b.max_executions = 900;
  b.estimate_probes = 24;
  const Report r = explore(adders, b, progress.observer());
  progress.clear();
  CHECK(r.probe_estimate == Approx(5040).epsilon(1e-9));
  const std::string shown = err.str();
  CHECK(shown.find(", about 5.04e+03 in all, ") != std::string::npos);
  CHECK(shown.find(" s left") != std::string::npos);
}

// The estimate part of the line, from the figures a search gives: the probes' estimate while the
// search is short of it; past it (the probes fall short on skewed trees), the estimate along the
// search's path while that still lies ahead; past both, only the probes' figure, as passed.
TEST_CASE("the progress line's estimate falls back to the search's path past the probes' floor") {
  SearchSize size;
  CHECK(estimate_text(size, 10, 10, 1).empty());  // nothing known
  size.traces = 100;
  CHECK(estimate_text(size, 40, 50, 2) == ", about 100 in all, 3 s left");  // 60 to go at 20/s
  size.estimate = 1000;
  CHECK(estimate_text(size, 200, 250, 5) == ", past the probes' 100; by the search's path, about 1e+03 in all, 15 s left");
  CHECK(estimate_text(size, 1200, 1300, 5) == ", past the estimate of 100");
  size.traces = 0;  // no probes: the path estimate alone
  CHECK(estimate_text(size, 200, 250, 5) == ", about 1e+03 in all, 15 s left");
}
