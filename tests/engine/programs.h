// Small programs with known bugs, shared by the replay and strategy tests.
#pragma once

#include <string>
#include <vector>

#include "checker/explore.h"

namespace programs {

struct Named {
  std::string name;
  checker::Program program;
  checker::Verdict expected;
};

// One program per violation class the engine detects.
std::vector<Named> buggy();

}  // namespace programs
