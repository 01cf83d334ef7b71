// libFuzzer target: counterexample trace files (checker::trace_from_json and the CLI's meta).
#include "fuzz_inputs.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  fuzzing::trace_input(data, size);
  return 0;
}
