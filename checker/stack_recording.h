// The raw call stacks an execution keeps when ExecutionConfig::record_stacks is set: the shadow
// stack (shadow_stack.h) of every step's operation, of every heap allocation, and of every thread
// when the execution ends. evidence.h turns them into names and trace ids for reports.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "checker/execution.h"

namespace checker {

struct RecordedStack {
  std::vector<const char*> frames;  // the shadow stack, outermost first
  // The source_location function name of the operation's call site (the innermost C++ function,
  // which may have no frame of its own), or null.
  const char* site = nullptr;
};

struct RecordedAlloc {
  ObjectId cell = kNoObject;
  ThreadId thread = kNoThread;  // kNoThread: the setup
  std::uint32_t position = 0;   // events executed before it
  RecordedStack where;
};

// A thread as the execution left it, taken before its fiber is unwound.
struct RecordedThreadEnd {
  RecordedStack where;  // unfinished: at its pending operation, or where it failed
  bool blocked = false;
  std::string waits_for;  // blocked: Blocker::waiting_for()
  std::vector<HeldLock> held;
  int spin_depth = 0;
  int rcu_depth = 0;
};

struct StackRecording {
  std::vector<RecordedStack> steps;  // per event
  std::vector<RecordedAlloc> allocs;
  std::vector<RecordedThreadEnd> ends;  // per thread id

  // The running thread's shadow stack now, with the call site of its operation.
  static RecordedStack snapshot(const ShadowStack& s, const char* site) {
    return RecordedStack{{s.frames().begin(), s.frames().end()}, site};
  }
};

}  // namespace checker
