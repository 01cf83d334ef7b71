// A shadow call stack per model thread: the names of the model functions the thread is inside,
// outermost first, so that a report can print a call trace in the kernel's own names (KASAN's
// "Freed by task", KCSAN's two stacks, lockdep's held locks) without unwinding real frames,
// which would name C++ helpers, lambdas and the fiber machinery.
//
// A model function opts in with one line at its entry:
//
//     int folio_dup_swap(Folio& folio) {
//       CHECKER_FRAME();          // pushes "folio_dup_swap", pops it on every way out
//       ...
//
// Threading: each model thread (and the setup, which runs outside the threads) has its own
// stack, owned by its Execution; a frame pushes onto the stack of the thread that runs it and
// pops from the same one when it ends, also when the thread is unwound at teardown. Outside an
// execution a frame does nothing. The cost is a push and a pop of a pointer; the stacks are only
// copied when an execution records them (ExecutionConfig::record_stacks, the replay of a
// counterexample before it is reported), never during a search.
#pragma once

#include <boost/container/small_vector.hpp>
#include <span>

namespace checker {

class ShadowStack {
 public:
  void push(const char* function) { frames_.push_back(function); }
  void pop() {
    if (!frames_.empty()) frames_.pop_back();
  }
  // Outermost first. The names are string literals (or otherwise live as long as the program).
  std::span<const char* const> frames() const { return {frames_.data(), frames_.size()}; }

 private:
  boost::container::small_vector<const char*, 16> frames_;
};

// One frame for the scope it lives in, on the running thread's shadow stack.
class ShadowFrame {
 public:
  explicit ShadowFrame(const char* function);
  ~ShadowFrame();
  ShadowFrame(const ShadowFrame&) = delete;
  ShadowFrame& operator=(const ShadowFrame&) = delete;

 private:
  ShadowStack* stack_;
};

}  // namespace checker

// The first statement of a modelled kernel function: names the frame after the function.
#define CHECKER_FRAME() ::checker::ShadowFrame checker_shadow_frame_(__func__)
// The same under another name (a model function standing for a kernel function of that name).
#define CHECKER_FRAME_NAMED(name) ::checker::ShadowFrame checker_shadow_frame_(name)
