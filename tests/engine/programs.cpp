#include "tests/engine/programs.h"

#include <memory>

#include "checker/atomic.h"
#include "checker/heap.h"
#include "checker/lock.h"
#include "checker/rcu.h"
#include "checker/var.h"

namespace programs {

using namespace checker;

namespace {

struct Shared {
  Atomic<int> word{ObjectName{"word"}};
  Var<int> plain{ObjectName{"plain"}};
  SpinLock a{ObjectName{"A"}};
  SpinLock b{ObjectName{"B"}};
  SleepLock folio{ObjectName{"folio"}};
  Rcu rcu;
  HeapCell* obj = nullptr;
  std::unique_ptr<Atomic<int>> field;
};

Shared& make(Execution& ex) {
  auto& s = ex.keep(std::make_unique<Shared>());
  s.obj = heap_alloc(ObjectName{"obj"});
  OwnerScope own(s.obj);
  s.field = std::make_unique<Atomic<int>>(ObjectName{"obj.field"});
  return s;
}

Program lost_update() {
  return Program{[](Execution& ex) {
    Shared& s = make(ex);
    for (int i = 0; i < 2; ++i)
      ex.spawn("inc" + std::to_string(i), [&s] { s.word.store(s.word.load() + 1); });
    ex.add_invariant(InvariantDef{"both_counted", Verdict::Invariant, CheckWhen::Quiescence,
                                  [&s]() -> std::optional<std::string> {
                                    if (s.word.peek() == 2) return std::nullopt;
                                    return "word is " + std::to_string(s.word.peek());
                                  }});
  }};
}

Program data_race() {
  return Program{[](Execution& ex) {
    Shared& s = make(ex);
    ex.spawn("writer", [&s] { s.plain.write(1); });
    ex.spawn("reader", [&s] { (void)s.plain.read(); });
  }};
}

Program abba() {
  return Program{[](Execution& ex) {
    Shared& s = make(ex);
    ex.spawn("ab", [&s] {
      Guard<SpinLock> g1(s.a);
      Guard<SpinLock> g2(s.b);
    });
    ex.spawn("ba", [&s] {
      Guard<SpinLock> g1(s.b);
      Guard<SpinLock> g2(s.a);
    });
  }};
}

Program use_after_free() {
  return Program{[](Execution& ex) {
    Shared& s = make(ex);
    ex.spawn("user", [&s] { s.field->store(1); });
    ex.spawn("freer", [&s] { heap_free(s.obj); });
  }};
}

Program double_free() {
  return Program{[](Execution& ex) {
    Shared& s = make(ex);
    ex.spawn("first", [&s] { heap_free(s.obj); });
    ex.spawn("second", [&s] { heap_free_rcu(s.rcu, s.obj); });
  }};
}

Program spinner() {
  return Program{[](Execution& ex) {
    Shared& s = make(ex);
    ex.spawn("spinner", [&s] {
      while (s.word.load() == 0) {
      }
    });
  }};
}

Program choice_assertion() {
  return Program{[](Execution& ex) {
    Shared& s = make(ex);
    ex.spawn("chooser", [&s] { s.word.store(static_cast<int>(current_execution()->choose(3))); });
    ex.spawn("checker", [&s] { check(s.word.load() != 2, "word reached 2"); });
  }};
}

Program sleep_under_spinlock() {
  return Program{[](Execution& ex) {
    Shared& s = make(ex);
    ex.spawn("t", [&s] {
      Guard<SpinLock> g(s.a);
      Guard<SleepLock> f(s.folio);
    });
  }};
}

}  // namespace

std::vector<Named> buggy() {
  return {
      {"lost_update", lost_update(), Verdict::Invariant},
      {"data_race", data_race(), Verdict::DataRace},
      {"abba", abba(), Verdict::Deadlock},
      {"use_after_free", use_after_free(), Verdict::UseAfterFree},
      {"double_free", double_free(), Verdict::DoubleFree},
      {"spinner", spinner(), Verdict::NonTermination},
      {"choice_assertion", choice_assertion(), Verdict::Assertion},
      {"sleep_under_spinlock", sleep_under_spinlock(), Verdict::SleepInAtomic},
  };
}

}  // namespace programs
