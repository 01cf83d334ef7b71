// Checks a document against the Chrome trace-event format as its specification documents it
// (Google's "Trace Event Format", the JSON Object Format that Perfetto and chrome://tracing
// read): a "traceEvents" array, an optional "displayTimeUnit" of "ms" or "ns", and per phase the
// fields each event must carry. Returns the problems found, each naming the event's index.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace clitest {

std::vector<std::string> chrome_trace_problems(const nlohmann::json& doc);

}  // namespace clitest
