// What the fuzz targets do with one input, shared with the regression test (cli_test) that
// replays every corpus and crash file on each build, so a fixed crash stays fixed.
//
// Each function feeds arbitrary bytes to a parser and checks the properties that must hold on
// any input; a broken property aborts (which libFuzzer reports as a crash):
//   scenario: load_scenario_text() with the toy model either succeeds or throws ScenarioError
//     naming the file; valid JSON is always fully located (every value has a line); the
//     position scanner survives the raw bytes too.
//   trace: load_trace_text() either succeeds or throws ScenarioError; a trace that loads
//     survives trace_to_text() and read_trace_origin(), and trace_to_json() round-trips it.
#pragma once

#include <cstddef>
#include <cstdint>

namespace fuzzing {

void scenario_input(const std::uint8_t* data, std::size_t size);
void trace_input(const std::uint8_t* data, std::size_t size);

}  // namespace fuzzing
