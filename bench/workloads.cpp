#include "bench/workloads.h"

#include <memory>
#include <string>

#include "checker/atomic.h"
#include "checker/lock.h"
#include "checker/var.h"

namespace workloads {

using namespace checker;

namespace {

struct RefcntState {
  explicit RefcntState(int n) : refs(ObjectName{"refs"}, n) {}
  Var<int> payload{ObjectName{"payload"}, 42};
  Atomic<int> refs;
};

struct LockcntState {
  SpinLock lock{ObjectName{"lock"}};
  Var<int> count{ObjectName{"count"}};
};

}  // namespace

Program refcnt(int n) {
  return Program{[n](Execution& ex) {
    auto& s = ex.keep(std::make_unique<RefcntState>(n));
    for (int i = 0; i < n; ++i)
      ex.spawn("t" + std::to_string(i), [&s] {
        (void)s.payload.read();
        if (s.refs.fetch_sub(1) == 1) s.payload.write(0);
      });
  }};
}

Program lockcnt(int n) {
  return Program{[n](Execution& ex) {
    auto& s = ex.keep(std::make_unique<LockcntState>());
    for (int i = 0; i < n; ++i)
      ex.spawn("t" + std::to_string(i), [&s] {
        for (int k = 0; k < 2; ++k) {
          s.lock.lock();
          s.count.write(s.count.read() + 1);
          s.lock.unlock();
        }
      });
    ex.add_invariant(InvariantDef{"all_sections_counted", Verdict::Invariant, CheckWhen::Quiescence,
                                  [&s, n]() -> std::optional<std::string> {
                                    if (s.count.peek() == 2 * n) return std::nullopt;
                                    return "count " + std::to_string(s.count.peek());
                                  }});
  }};
}

}  // namespace workloads
