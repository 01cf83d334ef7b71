// A counterexample in the Chrome trace-event format (the "JSON Object Format" of Google's Trace
// Event Format document), which Perfetto (ui.perfetto.dev) and chrome://tracing open:
//
//   {"traceEvents": [...], "displayTimeUnit": "ns", "otherData": {...}}
//
// One process (pid 1) whose threads are the model's threads (tid = trace thread id + 1, named by
// "thread_name" metadata events). Time is the step number: step k starts at ts = 10*k
// microseconds. Each thread's model functions are B/E slices taken from its shadow call stack
// (evidence.h), opened and closed between the steps where they appear, and each step is an "X"
// slice of 10 us inside them, with its values in args. Flow events ("s" then "f", one id per
// arrow, bound to the enclosing slices) draw every lock hand-off (an unlock, then another
// thread's lock of the same lock) and every RCU grace period (call_rcu or synchronize_rcu, then
// the end of that grace period). The violation is a global instant event ("ph": "i") at its step;
// a deadlock's blocked operations are slices after the last step.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "checker/evidence.h"
#include "checker/trace.h"

namespace checker {

nlohmann::json chrome_trace(const Trace& t, const Evidence& ev, const std::string& scenario);

// Writes chrome_trace() to `path` (no evidence: the steps without their function slices).
// Throws ScenarioError when the file cannot be written.
void write_chrome_trace_file(const std::string& path, const Trace& t, const Evidence* ev, const std::string& scenario);

}  // namespace checker
