// The swapcheck command line run in-process on the swap model, for tests that drive the real
// commands (tests/model/interface_test.cpp, tests/scenarios/suite_test.cpp).
#pragma once

#include <sstream>
#include <string>
#include <vector>

#include "checker/cli/cli.h"
#include "model/cli/swap_interface.h"

namespace swaptest {

struct CliResult {
  int code = -1;
  std::string out, err;
};

// `swapcheck args...`: the exit code and what went to stdout and stderr.
inline CliResult cli(std::vector<std::string> args) {
  const swapmodel::SwapModelInterface model;
  std::ostringstream out, err;
  checker::CliStreams io{out, err, false};
  args.insert(args.begin(), "swapcheck");
  CliResult r;
  r.code = checker::run_cli(args, model, io);
  r.out = out.str();
  r.err = err.str();
  return r;
}

}  // namespace swaptest
