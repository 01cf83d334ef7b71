// libFuzzer target: scenario files (JSON with comments, positions, generic keys, toy model).
#include "fuzz_inputs.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  fuzzing::scenario_input(data, size);
  return 0;
}
