// One progress line on stderr while a long search runs: executions, rate, elapsed time. It is
// drawn only when stderr is a terminal (the caller decides, from isatty), only once a search has
// run for half a second, redrawn in place at most four times a second, and erased before
// anything else is printed, so logs and pipes see nothing of it and stdout is never touched.
//
// Single-threaded: observer() and draw() must be called from one thread.
#pragma once

#include <chrono>
#include <cstdint>
#include <ostream>
#include <string>

#include "checker/explore.h"

namespace checker {

// The line's estimate part, ", about 1.2e+05 in all, 40 s left", from the running search's size
// after `complete` complete and `all` executions in `elapsed` seconds ("" when nothing is known).
std::string estimate_text(const SearchSize& size, double complete, double all, double elapsed);

class ProgressLine {
 public:
  ProgressLine(std::ostream& err, bool enabled);
  ~ProgressLine() { clear(); }
  ProgressLine(const ProgressLine&) = delete;
  ProgressLine& operator=(const ProgressLine&) = delete;

  // Starts counting for a new search named `label`.
  void start(std::string label);
  // Counts executions and redraws "label: N executions, R/s, T s" now and then. The returned
  // observer refers to this object.
  ExecutionObserver observer();
  // Redraws with free text (the suite's "3/12 cases"), subject to the same rate limit.
  void draw(const std::string& text);
  // Erases the line, if one is showing.
  void clear();

 private:
  bool due();

  std::ostream& err_;
  bool enabled_;
  std::string label_;
  std::uint64_t executions_ = 0;
  std::uint64_t complete_ = 0;  // executions_ not cut short
  std::chrono::steady_clock::time_point started_;
  std::chrono::steady_clock::time_point last_draw_;
  std::size_t shown_ = 0;  // width of the line on screen; 0: nothing shown
};

}  // namespace checker
