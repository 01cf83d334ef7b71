// RCU: a reader dereferences a published object while an updater unpublishes and frees it.
#include <catch2/catch.hpp>

#include "checker/atomic.h"
#include "checker/explore.h"
#include "checker/heap.h"
#include "checker/rcu.h"
#include "checker/var.h"

using namespace checker;

namespace {

enum class Free { Plain, Rcu, Synchronize };

struct Published {
  Rcu rcu;
  Atomic<int> gp{ObjectName{"gp"}, 1};  // 1: points at obj
  HeapCell* obj = nullptr;
  std::unique_ptr<Atomic<int>> field;
};

// The object and its field, allocated in setup: the field belongs to the object's heap cell.
Published& publish(Execution& ex) {
  auto& s = ex.keep(std::make_unique<Published>());
  s.obj = heap_alloc(ObjectName{"obj"});
  OwnerScope own(s.obj);
  s.field = std::make_unique<Atomic<int>>(ObjectName{"obj.field"}, 7);
  return s;
}

Program reader_vs_updater(Free how, bool reader_locks) {
  return Program{[=](Execution& ex) {
    Published& s = publish(ex);
    ex.spawn("reader", [&s, reader_locks] {
      if (reader_locks) s.rcu.read_lock();
      if (s.gp.load() == 1) (void)s.field->load();
      if (reader_locks) s.rcu.read_unlock();
    });
    ex.spawn("updater", [&s, how] {
      s.gp.store(0);
      switch (how) {
        case Free::Plain: heap_free(s.obj); break;
        case Free::Rcu: heap_free_rcu(s.rcu, s.obj); break;
        case Free::Synchronize:
          s.rcu.synchronize();
          heap_free(s.obj);
          break;
      }
    });
  }};
}

Report dpor(const Program& p) {
  Bounds b;
  b.strategy = Strategy::Dpor;
  return explore(p, b);
}

}  // namespace

TEST_CASE("RCU: plain free while a reader may still use the object is a use-after-free") {
  Report r = dpor(reader_vs_updater(Free::Plain, true));
  CHECK(r.verdict == Verdict::UseAfterFree);
  REQUIRE(r.violation);
  CHECK(r.violation->message == "access to obj.field inside obj, freed at step 3 by updater");
}

TEST_CASE("RCU: kfree_rcu with the reader inside rcu_read_lock passes") {
  Report r = dpor(reader_vs_updater(Free::Rcu, true));
  CHECK(r.verdict == Verdict::Pass);
  CHECK(r.exhaustive);
  Report s = dpor(reader_vs_updater(Free::Synchronize, true));
  CHECK(s.verdict == Verdict::Pass);
  CHECK(s.exhaustive);
}

TEST_CASE("RCU: kfree_rcu with the reader outside rcu_read_lock is a use-after-free") {
  Report r = dpor(reader_vs_updater(Free::Rcu, false));
  CHECK(r.verdict == Verdict::UseAfterFree);
  REQUIRE(r.counterexample);
  // The free runs on the rcu callback pseudo-thread.
  const auto& ev = r.counterexample->events;
  const bool freed_by_rcu = std::any_of(ev.begin(), ev.end(), [&](const TraceEvent& e) {
    return e.op == "free" && r.counterexample->threads.at(e.thread) == "rcu";
  });
  CHECK(freed_by_rcu);
}

TEST_CASE("RCU: synchronize_rcu waits for earlier readers only") {
  // Observe every execution: find the order of the reader's section and the grace period.
  struct Section {
    Rcu rcu;
  };
  Program p{[](Execution& ex) {
    auto& s = ex.keep(std::make_unique<Section>());
    ex.spawn("reader", [&s] {
      s.rcu.read_lock();
      s.rcu.read_unlock();
    });
    ex.spawn("updater", [&s] { s.rcu.synchronize(); });
  }};
  bool ended_inside_later_reader = false;
  bool ended_inside_earlier_reader = false;
  Bounds b;
  b.strategy = Strategy::Dfs;
  Report r = explore(p, b, [&](const Execution& ex) {
    int lock = -1, unlock = -1, start = -1, end = -1;
    for (std::size_t i = 0; i < ex.steps().size(); ++i) {
      const OpKind k = ex.steps()[i].kind;
      if (k == OpKind::RcuReadLock) lock = static_cast<int>(i);
      if (k == OpKind::RcuReadUnlock) unlock = static_cast<int>(i);
      if (k == OpKind::RcuSyncStart) start = static_cast<int>(i);
      if (k == OpKind::RcuGraceWait) end = static_cast<int>(i);
    }
    if (start < lock && lock < end && end < unlock) ended_inside_later_reader = true;
    if (lock < start && end < unlock) ended_inside_earlier_reader = true;
  });
  CHECK(r.verdict == Verdict::Pass);
  CHECK(ended_inside_later_reader);        // not blocked by a reader that started after it
  CHECK_FALSE(ended_inside_earlier_reader);  // blocked by one that started before
}

TEST_CASE("RCU: synchronize_rcu inside a read-side section is reported") {
  struct Section {
    Rcu rcu;
  };
  Program p{[](Execution& ex) {
    auto& s = ex.keep(std::make_unique<Section>());
    ex.spawn("t", [&s] {
      s.rcu.read_lock();
      s.rcu.synchronize();
      s.rcu.read_unlock();
    });
  }};
  Report r = dpor(p);
  CHECK(r.verdict == Verdict::SleepInAtomic);
}

namespace {
// A reader passes the object to kfree_rcu inside a read-side section, then loads its field in a
// later section (stale pointer) or in the same one.
Program retire_then_use(bool later_section) {
  return Program{[later_section](Execution& ex) {
    Published& s = publish(ex);
    ex.spawn("reader", [&s, later_section] {
      s.rcu.read_lock();
      heap_free_rcu(s.rcu, s.obj);
      if (later_section) {
        s.rcu.read_unlock();
        s.rcu.read_lock();
      }
      (void)s.field->load();
      s.rcu.read_unlock();
    });
  }};
}
}  // namespace

// The grace period waits for the first section only, so the free can land before a use in a
// later one. The engine once ordered the grace period's end after the reader's *last* unlock
// rather than the end of the section it waited for, which hid this race from DPOR (found by
// scenarios/vswap/reclaim_range_no_rcu.json, where cluster_reclaim_range reads a vswap cluster
// that its own reclaim just passed to kfree_rcu).
TEST_CASE("RCU: a stale pointer used in a later read-side section races the free") {
  Report r = dpor(retire_then_use(true));
  CHECK(r.verdict == Verdict::UseAfterFree);
  // Used inside the same section instead, the object outlives the use.
  Report q_r = dpor(retire_then_use(false));
  CHECK(q_r.verdict == Verdict::Pass);
  CHECK(q_r.exhaustive);
}

TEST_CASE("RCU: a section that ended before synchronize_rcu started is ordered before what follows it") {
  // Publish, synchronize, free: the reader's plain read of the object, in a section that ended
  // before the grace period even started, is not a data race with the updater's plain write
  // after synchronize_rcu. (RCU's guarantee: a section that precedes the start of a grace period
  // in any part precedes its end in whole. The grace period used to order only the sections
  // still open when it started.)
  struct Shared {
    Rcu rcu;
    Atomic<int> gp{ObjectName{"gp"}, 1};
    Var<int> payload{ObjectName{"payload"}, 7};
  };
  Program p{[](Execution& ex) {
    auto& s = ex.keep(std::make_unique<Shared>());
    ex.spawn("reader", [&s] {
      s.rcu.read_lock();
      if (s.gp.load() == 1) (void)s.payload.read();
      s.rcu.read_unlock();
    });
    ex.spawn("updater", [&s] {
      s.gp.store(0);
      s.rcu.synchronize();
      s.payload.write(0);  // the object is reused once no reader can see it
    });
  }};
  Bounds b;
  b.strategy = Strategy::Dfs;
  const Report r = explore(p, b);
  CHECK(r.verdict == Verdict::Pass);
  CHECK(r.exhaustive);
}

namespace {
// A reader with `sections` empty read-side sections, and an updater that waits for a grace
// period (synchronize_rcu) or queues a callback behind one (call_rcu, an empty callback).
Program sections_vs_grace_period(int sections, bool call) {
  struct Shared {
    Rcu rcu;
  };
  return Program{[=](Execution& ex) {
    auto& s = ex.keep(std::make_unique<Shared>());
    ex.spawn("reader", [&s, sections] {
      for (int i = 0; i < sections; ++i) {
        s.rcu.read_lock();
        s.rcu.read_unlock();
      }
    });
    ex.spawn("updater", [&s, call] {
      if (call) {
        s.rcu.call([] {});
      } else {
        s.rcu.synchronize();
      }
    });
  }};
}
}  // namespace

TEST_CASE("RCU: DPOR explores one trace per section the grace period starts before, and one after all") {
  // What tells traces apart is which read_lock the grace period's start precedes: before
  // section k's read_lock (section k and the later ones are not waited for), or after the last
  // read_lock. Whether a section's read_unlock comes before or after the start does not matter:
  // either way the grace period ends after the section does (it waits for it, or the section
  // had ended before it started). With S sections: S + 1 traces (2S + 1 if the unlocks counted).
  for (int sections = 1; sections <= 3; ++sections) {
    for (bool call : {false, true}) {
      INFO(sections << " section(s), " << (call ? "call_rcu" : "synchronize_rcu"));
      const Report r = dpor(sections_vs_grace_period(sections, call));
      CHECK(r.exhaustive);
      CHECK(r.executions == static_cast<std::uint64_t>(sections) + 1);
      CHECK(r.blocked == 0);
    }
  }
}
