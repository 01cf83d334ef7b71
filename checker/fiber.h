// Model threads as Boost.Context fibers: each runs on its own pooled stack and gives control
// back to the scheduler only at instrumented operations (yield). One OS thread runs the whole
// execution, so the scheduler's choice is the only source of interleaving.
//
// A fiber is always run to its end (an aborted execution resumes each fiber once more and the
// fiber unwinds itself), so Boost never has to force-unwind a suspended stack. In sanitizer
// builds every switch is announced to AddressSanitizer (Boost 1.74's fcontext fibers do not).
#pragma once

#include <boost/context/fiber.hpp>
#include <boost/context/stack_context.hpp>
#include <cstddef>
#include <functional>
#include <vector>

namespace checker {

// Thrown inside a cancelled fiber to unwind it. Model code must let it pass (no catch (...)).
struct FiberCancelled {};

// Fixed-size stacks with a guard page, reused across executions so that the thousands of
// executions of one exploration do not each mmap and munmap.
class StackPool {
 public:
  explicit StackPool(std::size_t stack_size);
  ~StackPool();
  StackPool(const StackPool&) = delete;
  StackPool& operator=(const StackPool&) = delete;

  boost::context::stack_context take();
  void give(boost::context::stack_context sctx);

 private:
  std::size_t size_;
  std::vector<boost::context::stack_context> free_;
};

std::size_t default_stack_size();

// The calling thread's pool of default-size stacks. An explorer is built for every cell of a
// split search; with a pool of its own each one mmapped fresh stacks and unmapped them at its
// end, and in a process of several threads each munmap interrupts the other cores to flush
// their TLBs. A worker keeps its stacks for its whole life instead.
StackPool& thread_stack_pool();

class Fiber {
 public:
  Fiber(StackPool& pool, std::function<void()> body);
  ~Fiber();
  Fiber(const Fiber&) = delete;
  Fiber& operator=(const Fiber&) = delete;

  // Scheduler side: run the fiber until it yields or returns.
  void resume();
  // Fiber side: hand control back to the scheduler; returns when resumed.
  void yield();
  bool finished() const { return finished_; }
  // Scheduler side: end the fiber early. A fiber that never ran returns at once; a suspended
  // one resumes with FiberCancelled thrown from its yield(), which unwinds its stack.
  void cancel();

 private:
  boost::context::fiber run(boost::context::fiber&& scheduler);

  std::function<void()> body_;
  boost::context::fiber self_;       // the fiber while it is suspended
  boost::context::fiber scheduler_;  // the scheduler while the fiber runs
  bool finished_ = false;
  bool cancelled_ = false;
  // Stack bounds, for the sanitizer annotations.
  const void* stack_bottom_ = nullptr;
  std::size_t stack_size_ = 0;
  const void* scheduler_bottom_ = nullptr;
  std::size_t scheduler_size_ = 0;
};

}  // namespace checker
