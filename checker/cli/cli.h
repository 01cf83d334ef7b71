// The swapcheck command line, generic over the model. main() lives on the model side:
//
//   int main(int argc, char** argv) {
//     swap::SwapModel model;
//     return checker::cli_main(argc, argv, model);
//   }
//
// Commands: run FILE..., suite DIR|FILE..., replay TRACE, list ops|invariants|mutations|...
// (docs/cli.md, and --help on each). Exit codes, for every command:
//   0  no violation (suite: every case as expected; replay: reproduced identically)
//   1  a violation, or a mismatch (suite: a case not as expected; replay: it diverged)
//   2  bad input or usage: the message on stderr names file:line:column and what was expected
//   3  an internal error (a bug in swapcheck or the model)
// Standard output depends only on the inputs, the flags and the seed: wall-clock time, rates
// and the progress line go to stderr (--timing puts time and rate on stdout instead).
#pragma once

#include <ostream>
#include <string>
#include <vector>

#include "checker/model_interface.h"

namespace checker {

enum ExitCode : int { kExitOk = 0, kExitViolation = 1, kExitBadInput = 2, kExitInternal = 3 };

struct CliStreams {
  std::ostream& out;
  std::ostream& err;
  bool err_is_terminal = false;  // draw the progress line
};

// For main(): the process's stdout and stderr; the progress line when stderr is a terminal.
int cli_main(int argc, char** argv, const ModelInterface& model);
// The same on given streams; args[0] is the program name. Tests call this.
int run_cli(const std::vector<std::string>& args, const ModelInterface& model, const CliStreams& io);

}  // namespace checker
