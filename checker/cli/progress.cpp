#include "checker/cli/progress.h"

#include <algorithm>
#include <cstdio>

namespace checker {

// ", about 1.2e+05 in all, 40 s left": the estimated size of the running search and the time the
// rest takes at the current rate. The probes' estimate (size_probe.h) is of complete executions,
// and on skewed trees it is a floor: once the search has run past it, DPOR's own estimate along
// its path (of all executions, cut short ones included) takes over while it still lies ahead,
// so the time left stays useful. Nothing when neither is known.
std::string estimate_text(const SearchSize& size, double complete, double all, double elapsed) {
  char text[128];
  const auto about = [&](double in_all, double done, const char* whose) {
    const double rate = elapsed > 0 ? done / elapsed : 0;
    const double left = rate > 0 ? (in_all - done) / rate : 0;
    std::snprintf(text, sizeof text, ", %sabout %.3g in all, %.0f s left", whose, in_all, left);
    return std::string(text);
  };
  const bool probes = size.traces >= 1;
  if (probes && complete <= size.traces) return about(size.traces, complete, "");
  if (size.estimate >= 1 && all <= size.estimate) {
    if (!probes) return about(size.estimate, all, "");
    char past[64];
    std::snprintf(past, sizeof past, "past the probes' %.3g; by the search's path, ", size.traces);
    return about(size.estimate, all, past);
  }
  if (!probes) return "";
  std::snprintf(text, sizeof text, ", past the estimate of %.3g", size.traces);
  return text;
}

namespace {

constexpr auto kRedrawEvery = std::chrono::milliseconds(250);
// Searches shorter than this show no progress line at all.
constexpr auto kQuietStart = std::chrono::milliseconds(500);
}

ProgressLine::ProgressLine(std::ostream& err, bool enabled) : err_(err), enabled_(enabled) { start(""); }

void ProgressLine::start(std::string label) {
  label_ = std::move(label);
  executions_ = 0;
  complete_ = 0;
  started_ = std::chrono::steady_clock::now();
  last_draw_ = started_ - kRedrawEvery;  // the next draw() shows at once
}

bool ProgressLine::due() {
  const auto now = std::chrono::steady_clock::now();
  if (now - last_draw_ < kRedrawEvery) return false;
  last_draw_ = now;
  return true;
}

ExecutionObserver ProgressLine::observer() {
  if (!enabled_) return {};
  return [this](const Execution& ex) {
    if (ex.end() != ExecutionEnd::Cut) ++complete_;
    // Reading the clock costs more than an execution of a tiny model: look every 64.
    if (++executions_ % 64 != 0) return;
    if (std::chrono::steady_clock::now() - started_ < kQuietStart || !due()) return;
    const double elapsed = std::chrono::duration<double>(last_draw_ - started_).count();
    const double rate = elapsed > 0 ? static_cast<double>(executions_) / elapsed : 0.0;
    char text[200];
    std::snprintf(text, sizeof text, "%llu executions, %.0f/s, %.1f s", static_cast<unsigned long long>(executions_),
                  rate, elapsed);
    std::string line = label_.empty() ? std::string(text) : label_ + ": " + text;
    line += estimate_text(search_size(), static_cast<double>(complete_), static_cast<double>(executions_), elapsed);
    clear();
    err_ << line << std::flush;
    shown_ = line.size();
  };
}

void ProgressLine::draw(const std::string& text) {
  if (!enabled_ || !due()) return;
  clear();
  err_ << text << std::flush;
  shown_ = text.size();
}

void ProgressLine::clear() {
  if (shown_ == 0) return;
  err_ << '\r' << std::string(shown_, ' ') << '\r' << std::flush;
  shown_ = 0;
}

}  // namespace checker
