// Every fuzz seed and every input that ever crashed a fuzz target, through the same checks the
// fuzz targets make (fuzz/fuzz_inputs.h), in every build: a fixed crash stays fixed even where
// libFuzzer is not available.
#include <algorithm>
#include <catch2/catch.hpp>
#include <filesystem>

#include "cli_harness.h"
#include "fuzz_inputs.h"

using namespace clitest;

namespace {

std::vector<std::string> inputs(const std::string& kind) {
  std::vector<std::string> out;
  for (const char* folder : {"fuzz/corpus/", "fuzz/regressions/"}) {
    const std::filesystem::path dir = source_path(folder + kind);
    if (!std::filesystem::is_directory(dir)) continue;
    for (const auto& e : std::filesystem::directory_iterator(dir))
      if (e.is_regular_file()) out.push_back(e.path().string());
  }
  std::sort(out.begin(), out.end());
  return out;
}

void feed(const std::string& kind, void (*target)(const std::uint8_t*, std::size_t)) {
  const std::vector<std::string> files = inputs(kind);
  CHECK(files.size() >= 3);
  for (const std::string& f : files) {
    INFO(f);
    const std::string bytes = read_file(f);
    target(reinterpret_cast<const std::uint8_t*>(bytes.data()), bytes.size());
  }
}

}  // namespace

TEST_CASE("the scenario fuzz corpus and its regressions pass the fuzz checks") {
  feed("scenario", fuzzing::scenario_input);
}

TEST_CASE("the trace fuzz corpus and its regressions pass the fuzz checks") { feed("trace", fuzzing::trace_input); }
