#include "checker/fiber.h"

#include <sys/mman.h>
#include <unistd.h>

#include <cstdlib>
#include <new>
#include <utility>

#if defined(SWAPCHECK_ASAN)
#include <sanitizer/common_interface_defs.h>
#endif

namespace checker {

namespace {

std::size_t page_size() { return static_cast<std::size_t>(::sysconf(_SC_PAGESIZE)); }

// Hands stacks from a StackPool to Boost and takes them back when a fiber ends.
struct PooledStackAllocator {
  StackPool* pool;
  const void** bottom;
  std::size_t* size;

  boost::context::stack_context allocate() {
    boost::context::stack_context sctx = pool->take();
    *bottom = static_cast<char*>(sctx.sp) - sctx.size;
    *size = sctx.size;
    return sctx;
  }
  void deallocate(boost::context::stack_context& sctx) noexcept { pool->give(sctx); }
};

#if defined(SWAPCHECK_ASAN)
void start_switch(void** fake, const void* bottom, std::size_t size) {
  __sanitizer_start_switch_fiber(fake, bottom, size);
}
void finish_switch(void* fake, const void** bottom, std::size_t* size) {
  __sanitizer_finish_switch_fiber(fake, bottom, size);
}
#else
void start_switch(void**, const void*, std::size_t) {}
void finish_switch(void*, const void**, std::size_t*) {}
#endif

}  // namespace

std::size_t default_stack_size() {
#if defined(SWAPCHECK_ASAN)
  return std::size_t{1} << 20;  // ASan's redzones and fake frames need room
#else
  return std::size_t{256} << 10;
#endif
}

StackPool& thread_stack_pool() {
  thread_local StackPool pool(default_stack_size());
  return pool;
}

StackPool::StackPool(std::size_t stack_size) {
  const std::size_t page = page_size();
  size_ = (stack_size + page - 1) / page * page;
}

StackPool::~StackPool() {
  const std::size_t page = page_size();
  for (auto& sctx : free_) {
    char* base = static_cast<char*>(sctx.sp) - sctx.size - page;
    ::munmap(base, sctx.size + page);
  }
}

boost::context::stack_context StackPool::take() {
  if (!free_.empty()) {
    auto sctx = free_.back();
    free_.pop_back();
    return sctx;
  }
  const std::size_t page = page_size();
  void* base = ::mmap(nullptr, size_ + page, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (base == MAP_FAILED) throw std::bad_alloc();
  ::mprotect(base, page, PROT_NONE);  // guard page below the stack
  boost::context::stack_context sctx;
  sctx.size = size_;
  sctx.sp = static_cast<char*>(base) + page + size_;
  return sctx;
}

void StackPool::give(boost::context::stack_context sctx) { free_.push_back(sctx); }

Fiber::Fiber(StackPool& pool, std::function<void()> body) : body_(std::move(body)) {
  self_ = boost::context::fiber(std::allocator_arg, PooledStackAllocator{&pool, &stack_bottom_, &stack_size_},
                                [this](boost::context::fiber&& s) { return run(std::move(s)); });
}

Fiber::~Fiber() = default;

boost::context::fiber Fiber::run(boost::context::fiber&& scheduler) {
  finish_switch(nullptr, &scheduler_bottom_, &scheduler_size_);
  scheduler_ = std::move(scheduler);
  if (!cancelled_) {
    try {
      body_();
    } catch (const FiberCancelled&) {
    }
  }
  finished_ = true;
  // The fiber's stack is released on the scheduler side after this switch, so no fake stack
  // is kept for it.
  start_switch(nullptr, scheduler_bottom_, scheduler_size_);
  return std::move(scheduler_);
}

void Fiber::resume() {
  void* fake = nullptr;
  start_switch(&fake, stack_bottom_, stack_size_);
  self_ = std::move(self_).resume();
  finish_switch(fake, nullptr, nullptr);
}

void Fiber::yield() {
  void* fake = nullptr;
  start_switch(&fake, scheduler_bottom_, scheduler_size_);
  scheduler_ = std::move(scheduler_).resume();
  finish_switch(fake, &scheduler_bottom_, &scheduler_size_);
  if (cancelled_) throw FiberCancelled{};
}

void Fiber::cancel() {
  cancelled_ = true;
  if (!finished_) resume();
}

}  // namespace checker
