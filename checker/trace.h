// Counterexample traces: what happened, step by step, and the schedule that makes it happen
// again. A trace serialises to JSON (the replay format) and to a text swimlane for people.
//
// JSON format (version 1), every field always present:
//   { "format": "swapcheck-trace", "version": 1,
//     "meta": {...},                       // opaque to the engine: scenario, config, hash
//     "strategy": "dpor",
//     "verdict": {"kind": "use_after_free", "check": "...", "message": "...",
//                 "thread": 1, "step": 17},  // thread -1 / step -1 when not tied to one
//     "threads": ["reclaim", "fault", "rcu"],
//     "schedule": [{"thread": 0, "choices": []}, ...],   // enough to replay
//     "events": [{"step": 0, "thread": 0, "op": "load", "object": "ci[0].count",
//                 "before": "1", "after": "1", "function": "folio_dup_swap",
//                 "preempted": false}, ...],
//     "preemptions": 1 }
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <stdexcept>
#include <string>
#include <vector>

#include "checker/types.h"
#include "checker/verdict.h"

namespace checker {

class Execution;

struct TraceStep {
  ThreadId thread = 0;
  std::vector<std::uint32_t> choices;
  bool operator==(const TraceStep&) const = default;
};

struct TraceEvent {
  std::uint32_t step = 0;
  ThreadId thread = 0;
  std::string op;
  std::string object;
  std::string before;  // empty when the operation has no value
  std::string after;
  std::string function;
  bool preempted = false;
  bool operator==(const TraceEvent&) const = default;
};

struct Trace {
  nlohmann::json meta = nlohmann::json::object();
  std::string strategy;
  Violation violation;
  std::int64_t violating_thread = -1;
  std::int64_t violating_step = -1;
  std::vector<std::string> threads;
  std::vector<TraceStep> schedule;
  std::vector<TraceEvent> events;
  std::uint32_t preemptions = 0;
};

// Builds the trace of a finished execution.
Trace trace_of(const Execution& ex, const std::string& strategy);

nlohmann::json trace_to_json(const Trace& t);
// Throws TraceFormatError naming the JSON path of the first bad field.
Trace trace_from_json(const nlohmann::json& j);
// A swimlane: one column per thread, the violating step and the broken check at the bottom
// (swimlane.h; this is its form without evidence).
std::string trace_to_text(const Trace& t);

// Trace thread ids of an execution's threads (kNoThread: not in the trace): initial threads keep
// theirs, RCU callbacks spawned within the first `length` events are numbered after them in the
// order they were spawned, which is the order a replay assigns.
std::vector<ThreadId> canonical_thread_ids(const Execution& ex, std::size_t length);

struct TraceFormatError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

}  // namespace checker
