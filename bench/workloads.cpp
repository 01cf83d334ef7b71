#include "bench/workloads.h"

#include <deque>
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

struct LockslotsState {
  explicit LockslotsState(int m) {
    for (int s = 0; s < m; ++s) slots.emplace_back(ObjectName{"slot#", s});
  }
  SpinLock lock{ObjectName{"lock"}};
  std::deque<Var<int>> slots;  // written under lock; a deque keeps the objects in place
};

}  // namespace

Program refcnt(int n) { return refcnt(n, MemoryOrder::SeqCst); }

Program refcnt(int n, MemoryOrder o) {
  return Program{[n, o](Execution& ex) {
    auto& s = ex.keep(std::make_unique<RefcntState>(n));
    for (int i = 0; i < n; ++i)
      ex.spawn("t" + std::to_string(i), [&s, o] {
        (void)s.payload.read();
        if (s.refs.fetch_sub(1, o) == 1) s.payload.write(0);
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

Program lockcnt_atomic(int n) {
  struct State {
    SpinLock lock{ObjectName{"lock"}};
    Atomic<int> count{ObjectName{"count"}};
  };
  return Program{[n](Execution& ex) {
    auto& s = ex.keep(std::make_unique<State>());
    for (int i = 0; i < n; ++i)
      ex.spawn("t" + std::to_string(i), [&s] {
        for (int k = 0; k < 2; ++k) {
          s.lock.lock();
          s.count.store(s.count.load(MemoryOrder::Relaxed) + 1, MemoryOrder::Relaxed);
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

Program lockslots(int n, int m) {
  return Program{[n, m](Execution& ex) {
    auto& s = ex.keep(std::make_unique<LockslotsState>(m));
    for (int t = 0; t < n; ++t)
      ex.spawn("t" + std::to_string(t), [&s, slot = &s.slots[static_cast<std::size_t>(t % m)]] {
        s.lock.lock();
        slot->write(slot->read() + 1);
        s.lock.unlock();
      });
    ex.add_invariant(InvariantDef{"every_section_counted", Verdict::Invariant, CheckWhen::Quiescence,
                                  [&s, n, m]() -> std::optional<std::string> {
                                    for (int k = 0; k < m; ++k) {
                                      const int want = n / m + (k < n % m ? 1 : 0);
                                      const int got = s.slots[static_cast<std::size_t>(k)].peek();
                                      if (got != want)
                                        return "slot " + std::to_string(k) + " is " + std::to_string(got);
                                    }
                                    return std::nullopt;
                                  }});
  }};
}

}  // namespace workloads
