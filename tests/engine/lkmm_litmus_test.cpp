// The Linux kernel memory model's classic litmus tests (tools/memory-model/litmus-tests, and a
// few more of the same shapes for the atomics), written with the kernel orderings of
// checker/kernel_order.h and explored under the C11 memory model. Each asserts whether the
// test's "exists" clause is reached, against what the LKMM says (Sometimes: reached, Never: not),
// and that DPOR and the naive DFS reach the same outcomes. Where the search disagrees with the
// LKMM (load buffering: checker/README.md) the test asserts the disagreement and says so.
// Under the Sc model no weak outcome is ever reached. Cost: about a second for the whole file.
#include <catch2/catch.hpp>

#include "checker/kernel_order.h"
#include "litmus.h"

using namespace checker;
using namespace checker::lkmm;
using litmus::Test;
using litmus::Words;

namespace {

enum class Lkmm { Sometimes, Never };

// `t.shows` names exactly the variables of the exists clause `exists`.
void expect(const char* name, const Test& t, const std::string& exists, Lkmm lkmm, bool agrees = true) {
  INFO(name << ": exists (" << exists << ")");
  const litmus::Result dpor = litmus::run(t, MemoryModel::C11, Strategy::Dpor);
  const litmus::Result dfs = litmus::run(t, MemoryModel::C11, Strategy::Dfs);
  const litmus::Result sc = litmus::run(t, MemoryModel::Sc, Strategy::Dpor);
  INFO("C11 reached " << litmus::show(dpor.outcomes) << "in " << dpor.report.executions << " executions");
  CHECK(dpor.report.exhaustive);
  CHECK(dpor.outcomes == dfs.outcomes);
  const bool reached = dpor.outcomes.count(exists) == 1;
  const bool lkmm_reaches = lkmm == Lkmm::Sometimes;
  CHECK(reached == (agrees ? lkmm_reaches : !lkmm_reaches));
  // Sequential consistency reaches a subset, and none of these tests' weak outcomes.
  for (const std::string& o : sc.outcomes) CHECK(dpor.outcomes.count(o) == 1);
  CHECK(sc.outcomes.count(exists) == 0);
}

}  // namespace

TEST_CASE("LKMM coherence: CoRR, CoRW, CoWR, CoWW are never violated") {
  expect("CoRR+poonceonce+Once",
         Test{{[](Words& w) { write_once(w.x, 1); },
               [](Words& w) {
                 w.r[0] = read_once(w.x);
                 w.r[1] = read_once(w.x);
               }},
              "r0 r1"},
         "r0=1 r1=0", Lkmm::Never);
  expect("CoRW+poonceonce+Once",
         Test{{[](Words& w) {
                 w.r[0] = read_once(w.x);
                 write_once(w.x, 1);
               },
               [](Words& w) { write_once(w.x, 2); }},
              "r0 x"},
         "r0=2 x=2", Lkmm::Never);
  expect("CoWR+poonceonce+Once",
         Test{{[](Words& w) {
                 write_once(w.x, 1);
                 w.r[0] = read_once(w.x);
               },
               [](Words& w) { write_once(w.x, 2); }},
              "r0 x"},
         "r0=2 x=1", Lkmm::Never);
  expect("CoWW+poonceonce",
         Test{{[](Words& w) {
                 write_once(w.x, 1);
                 write_once(w.x, 2);
               }},
              "x"},
         "x=1", Lkmm::Never);
}

TEST_CASE("LKMM SB: store buffering without barriers; smp_mb or fully ordered atomics forbid it") {
  const auto sb = [](auto store, auto between) {
    return Test{{[=](Words& w) {
                   store(w.x);
                   between();
                   w.r[0] = read_once(w.y);
                 },
                 [=](Words& w) {
                   store(w.y);
                   between();
                   w.r[1] = read_once(w.x);
                 }},
                "r0 r1"};
  };
  const auto once = [](Atomic<int>& a) { write_once(a, 1); };
  const auto none = [] {};
  const auto mb = [] { smp_mb(); };
  expect("SB+poonceonces", sb(once, none), "r0=0 r1=0", Lkmm::Sometimes);
  expect("SB+fencembonceonces", sb(once, mb), "r0=0 r1=0", Lkmm::Never);
  expect("SB with xchg (fully ordered)", sb([](Atomic<int>& a) { (void)xchg(a, 1); }, none), "r0=0 r1=0",
         Lkmm::Never);
  expect("SB with atomic_inc (void, unordered)", sb([](Atomic<int>& a) { atomic_inc(a); }, none), "r0=0 r1=0",
         Lkmm::Sometimes);
  expect("SB with atomic_inc+smp_mb__after_atomic", sb([](Atomic<int>& a) { atomic_inc(a); }, [] { smp_mb__after_atomic(); }),
         "r0=0 r1=0", Lkmm::Never);
  // atomic_add_unless that adds is fully ordered (Documentation/atomic_t.txt).
  expect("SB with atomic_add_unless that adds (fully ordered)",
         sb([](Atomic<int>& a) { CHECK(atomic_add_unless(a, 1, 5)); }, none), "r0=0 r1=0", Lkmm::Never);
  expect("SB+rfionceonce-poonceonces",
         Test{{[](Words& w) {
                 write_once(w.x, 1);
                 w.r[0] = read_once(w.x);
                 w.r[1] = read_once(w.y);
               },
               [](Words& w) {
                 write_once(w.y, 1);
                 w.r[2] = read_once(w.y);
                 w.r[3] = read_once(w.x);
               }},
              "r0 r1 r2 r3"},
         "r0=1 r1=0 r2=1 r3=0", Lkmm::Sometimes);
}

TEST_CASE("LKMM MP: message passing needs ordering on both sides") {
  const auto mp = [](auto publish, auto consume) {
    return Test{{[=](Words& w) {
                   write_once(w.x, 1);
                   publish(w.y);
                 },
                 [=](Words& w) {
                   w.r[0] = consume(w.y);
                   w.r[1] = read_once(w.x);
                 }},
                "r0 r1"};
  };
  const auto once_w = [](Atomic<int>& a) { write_once(a, 1); };
  const auto once_r = [](Atomic<int>& a) { return read_once(a); };
  expect("MP+poonceonces", mp(once_w, once_r), "r0=1 r1=0", Lkmm::Sometimes);
  expect("MP+pooncerelease+poacquireonce",
         mp([](Atomic<int>& a) { smp_store_release(a, 1); }, [](Atomic<int>& a) { return smp_load_acquire(a); }),
         "r0=1 r1=0", Lkmm::Never);
  expect("MP+fencewmbonceonce+fencermbonceonce",
         mp(
             [](Atomic<int>& a) {
               smp_wmb();
               write_once(a, 1);
             },
             [](Atomic<int>& a) {
               const int v = read_once(a);
               smp_rmb();
               return v;
             }),
         "r0=1 r1=0", Lkmm::Never);
  expect("MP with smp_wmb only", mp(
                                     [](Atomic<int>& a) {
                                       smp_wmb();
                                       write_once(a, 1);
                                     },
                                     once_r),
         "r0=1 r1=0", Lkmm::Sometimes);
  expect("MP+onceassign+derefonce",
         mp([](Atomic<int>& a) { rcu_assign_pointer(a, 1); }, [](Atomic<int>& a) { return rcu_dereference(a); }),
         "r0=1 r1=0", Lkmm::Never);
  // An atomic_add_unless that finds `unless` orders nothing (Documentation/atomic_t.txt): r0=1 is
  // the give-up on the released flag, which does not acquire.
  expect("MP+pooncerelease+failed-add-unless",
         mp([](Atomic<int>& a) { smp_store_release(a, 1); }, [](Atomic<int>& a) { return atomic_add_unless(a, 5, 1) ? 0 : 1; }),
         "r0=1 r1=0", Lkmm::Sometimes);
  // rcu_assign_pointer / rcu_dereference of a Var (the shmem XArray slots).
  expect("MP+onceassign+derefonce of a Var",
         Test{{[](Words& w) {
                 write_once(w.x, 1);
                 rcu_assign_pointer(w.a, 1);
               },
               [](Words& w) {
                 w.r[0] = rcu_dereference(w.a);
                 w.r[1] = read_once(w.x);
               }},
              "r0 r1"},
         "r0=1 r1=0", Lkmm::Never);
  expect("MP+polocks",
         Test{{[](Words& w) {
                 write_once(w.x, 1);
                 w.lock.lock();
                 write_once(w.y, 1);
                 w.lock.unlock();
               },
               [](Words& w) {
                 w.lock.lock();
                 w.r[0] = read_once(w.y);
                 w.lock.unlock();
                 w.r[1] = read_once(w.x);
               }},
              "r0 r1"},
         "r0=1 r1=0", Lkmm::Never);
  expect("MP+porevlocks",
         Test{{[](Words& w) {
                 w.lock.lock();
                 write_once(w.x, 1);
                 w.lock.unlock();
                 write_once(w.y, 1);
               },
               [](Words& w) {
                 w.r[0] = read_once(w.y);
                 w.lock.lock();
                 w.r[1] = read_once(w.x);
                 w.lock.unlock();
               }},
              "r0 r1"},
         "r0=1 r1=0", Lkmm::Never);
}

TEST_CASE("LKMM LB: load buffering is never reached, which the LKMM allows without ordering") {
  // A load never reads a store that has not run yet (README): LB+poonceonces disagrees.
  const auto lb = [](auto load, auto between, auto store) {
    return Test{{[=](Words& w) {
                   w.r[0] = load(w.x);
                   between();
                   store(w.y);
                 },
                 [=](Words& w) {
                   w.r[1] = load(w.y);
                   between();
                   store(w.x);
                 }},
                "r0 r1"};
  };
  const auto once_r = [](Atomic<int>& a) { return read_once(a); };
  const auto once_w = [](Atomic<int>& a) { write_once(a, 1); };
  expect("LB+poonceonces", lb(once_r, [] {}, once_w), "r0=1 r1=1", Lkmm::Sometimes, false);
  expect("LB+poacquireonce+pooncerelease",
         lb([](Atomic<int>& a) { return smp_load_acquire(a); }, [] {},
            [](Atomic<int>& a) { smp_store_release(a, 1); }),
         "r0=1 r1=1", Lkmm::Never);
  expect("LB+fencembonceonce+ctrlonceonce",
         Test{{[](Words& w) {
                 w.r[0] = read_once(w.x);
                 if (w.r[0] != 0) write_once(w.y, 1);
               },
               [](Words& w) {
                 w.r[1] = read_once(w.y);
                 smp_mb();
                 write_once(w.x, 1);
               }},
              "r0 r1"},
         "r0=1 r1=1", Lkmm::Never);
}

TEST_CASE("LKMM IRIW, R, S, ISA2, WRC and Z6.0") {
  const auto iriw = [](bool mb) {
    return Test{{[](Words& w) { write_once(w.x, 1); }, [](Words& w) { write_once(w.y, 1); },
                 [=](Words& w) {
                   w.r[0] = read_once(w.x);
                   if (mb) smp_mb();
                   w.r[1] = read_once(w.y);
                 },
                 [=](Words& w) {
                   w.r[2] = read_once(w.y);
                   if (mb) smp_mb();
                   w.r[3] = read_once(w.x);
                 }},
                "r0 r1 r2 r3"};
  };
  expect("IRIW+poonceonces+OnceOnce", iriw(false), "r0=1 r1=0 r2=1 r3=0", Lkmm::Sometimes);
  expect("IRIW+fencembonceonces+OnceOnce", iriw(true), "r0=1 r1=0 r2=1 r3=0", Lkmm::Never);

  const auto r = [](bool mb) {
    return Test{{[=](Words& w) {
                   write_once(w.x, 1);
                   if (mb) smp_mb();
                   write_once(w.y, 1);
                 },
                 [=](Words& w) {
                   write_once(w.y, 2);
                   if (mb) smp_mb();
                   w.r[0] = read_once(w.x);
                 }},
                "y r0"};
  };
  expect("R+poonceonces", r(false), "y=2 r0=0", Lkmm::Sometimes);
  expect("R+fencembonceonces", r(true), "y=2 r0=0", Lkmm::Never);

  // S: the weak outcome needs the second store of x placed before the first in modification
  // order although it ran after it, which a store may choose when nothing orders the two.
  expect("S+poonceonces",
         Test{{[](Words& w) {
                 write_once(w.x, 2);
                 write_once(w.y, 1);
               },
               [](Words& w) {
                 w.r[0] = read_once(w.y);
                 write_once(w.x, 1);
               }},
              "x r0"},
         "x=2 r0=1", Lkmm::Sometimes);
  expect("S+fencewmbonceonce+poacquireonce",
         Test{{[](Words& w) {
                 write_once(w.x, 2);
                 smp_wmb();
                 write_once(w.y, 1);
               },
               [](Words& w) {
                 w.r[0] = smp_load_acquire(w.y);
                 write_once(w.x, 1);
               }},
              "x r0"},
         "x=2 r0=1", Lkmm::Never);

  const auto isa2 = [](bool ordered) {
    return Test{{[=](Words& w) {
                   write_once(w.x, 1);
                   ordered ? smp_store_release(w.y, 1) : write_once(w.y, 1);
                 },
                 [=](Words& w) {
                   w.r[0] = ordered ? smp_load_acquire(w.y) : read_once(w.y);
                   ordered ? smp_store_release(w.z, 1) : write_once(w.z, 1);
                 },
                 [=](Words& w) {
                   w.r[1] = ordered ? smp_load_acquire(w.z) : read_once(w.z);
                   w.r[2] = read_once(w.x);
                 }},
                "r0 r1 r2"};
  };
  expect("ISA2+poonceonces", isa2(false), "r0=1 r1=1 r2=0", Lkmm::Sometimes);
  expect("ISA2+pooncerelease+poacquirerelease+poacquireonce", isa2(true), "r0=1 r1=1 r2=0", Lkmm::Never);

  const auto wrc = [](bool ordered) {
    return Test{{[](Words& w) { write_once(w.x, 1); },
                 [=](Words& w) {
                   w.r[0] = read_once(w.x);
                   ordered ? smp_store_release(w.y, 1) : write_once(w.y, 1);
                 },
                 [=](Words& w) {
                   w.r[1] = read_once(w.y);
                   if (ordered) smp_rmb();
                   w.r[2] = read_once(w.x);
                 }},
                "r0 r1 r2"};
  };
  expect("WRC+poonceonces+Once", wrc(false), "r0=1 r1=1 r2=0", Lkmm::Sometimes);
  expect("WRC+pooncerelease+fencermbonceonce+Once", wrc(true), "r0=1 r1=1 r2=0", Lkmm::Never);

  const auto z6_locks = [](bool after_spinlock) {
    return Test{{[](Words& w) {
                   w.lock.lock();
                   write_once(w.x, 1);
                   write_once(w.y, 1);
                   w.lock.unlock();
                 },
                 [=](Words& w) {
                   w.lock.lock();
                   if (after_spinlock) smp_mb__after_spinlock();
                   w.r[0] = read_once(w.y);
                   write_once(w.z, 1);
                   w.lock.unlock();
                 },
                 [](Words& w) {
                   write_once(w.z, 2);
                   smp_mb();
                   w.r[1] = read_once(w.x);
                 }},
                "r0 z r1"};
  };
  expect("Z6.0+pooncelock+pooncelock+pombonce", z6_locks(false), "r0=1 z=2 r1=0", Lkmm::Sometimes);
  expect("Z6.0+pooncelock+poonceLock+pombonce (smp_mb__after_spinlock)", z6_locks(true), "r0=1 z=2 r1=0",
         Lkmm::Never);
  expect("Z6.0+pooncerelease+poacquirerelease+fencembonceonce",
         Test{{[](Words& w) {
                 write_once(w.x, 1);
                 smp_store_release(w.y, 1);
               },
               [](Words& w) {
                 w.r[0] = smp_load_acquire(w.y);
                 smp_store_release(w.z, 1);
               },
               [](Words& w) {
                 write_once(w.z, 2);
                 smp_mb();
                 w.r[1] = read_once(w.x);
               }},
              "r0 z r1"},
         "r0=1 z=2 r1=0", Lkmm::Sometimes);
}

namespace {

using Outcomes = std::set<std::string>;

// A test over the Var words a and b: the search reaches exactly `lkmm` (every outcome the LKMM
// allows for the exists clause's variables, no other), DPOR and DFS agree, no violation, and Sc
// reaches a subset.
void expect_exactly(const char* name, const Test& t, const Outcomes& lkmm) {
  INFO(name);
  const litmus::Result dpor = litmus::run(t, MemoryModel::C11, Strategy::Dpor);
  const litmus::Result dfs = litmus::run(t, MemoryModel::C11, Strategy::Dfs);
  const litmus::Result sc = litmus::run(t, MemoryModel::Sc, Strategy::Dpor);
  INFO("C11 reached " << litmus::show(dpor.outcomes) << "in " << dpor.report.executions << " executions");
  CHECK(dpor.report.exhaustive);
  CHECK(dpor.report.verdict == Verdict::Pass);
  CHECK(dpor.outcomes == lkmm);
  CHECK(dfs.outcomes == dpor.outcomes);
  for (const std::string& o : sc.outcomes) CHECK(lkmm.count(o) == 1);
}

Test mp_vars(void (*after_data)(), void (*before_data)()) {
  return Test{{[=](Words& w) {
                 write_once(w.a, 1);
                 after_data();
                 write_once(w.b, 1);
               },
               [=](Words& w) {
                 w.r[0] = read_once(w.b);
                 before_data();
                 w.r[1] = read_once(w.a);
               }},
              "r0 r1"};
}

Test sb_vars(void (*between)()) {
  return Test{{[=](Words& w) {
                 write_once(w.a, 1);
                 between();
                 w.r[0] = read_once(w.b);
               },
               [=](Words& w) {
                 write_once(w.b, 1);
                 between();
                 w.r[1] = read_once(w.a);
               }},
              "r0 r1"};
}

void nothing() {}
void mb() { smp_mb(); }
void wmb() { smp_wmb(); }
void rmb() { smp_rmb(); }

const Outcomes kAll2 = {"r0=0 r1=0", "r0=0 r1=1", "r0=1 r1=0", "r0=1 r1=1"};

}  // namespace

TEST_CASE("LKMM MP and SB over plain data: READ_ONCE / WRITE_ONCE of a Var with smp_wmb, smp_rmb, smp_mb") {
  // MP: the reader sees the flag b and not the data a unless a write barrier orders the
  // writer's stores and a read barrier the reader's loads (or full barriers do).
  expect_exactly("MP+poonceonces (Var)", mp_vars(nothing, nothing), kAll2);
  expect_exactly("MP+fencewmbonceonce+fencermbonceonce (Var)", mp_vars(wmb, rmb),
                 {"r0=0 r1=0", "r0=0 r1=1", "r0=1 r1=1"});
  expect_exactly("MP with smp_wmb only (Var)", mp_vars(wmb, nothing), kAll2);
  expect_exactly("MP with smp_rmb only (Var)", mp_vars(nothing, rmb), kAll2);
  expect_exactly("MP+fencembonceonces (Var)", mp_vars(mb, mb), {"r0=0 r1=0", "r0=0 r1=1", "r0=1 r1=1"});
  // SB: only full barriers forbid both loads missing the other thread's store; smp_wmb orders
  // stores against stores and smp_rmb loads against loads, neither a store against a later load.
  expect_exactly("SB+poonceonces (Var)", sb_vars(nothing), kAll2);
  expect_exactly("SB+fencembonceonces (Var)", sb_vars(mb), {"r0=0 r1=1", "r0=1 r1=0", "r0=1 r1=1"});
  expect_exactly("SB with smp_wmb (Var)", sb_vars(wmb), kAll2);
  expect_exactly("SB with smp_rmb (Var)", sb_vars(rmb), kAll2);
}

TEST_CASE("LKMM coherence, 2+2W and MP with an atomic or locked flag, over Var data") {
  expect_exactly("CoRR+poonceonce+Once (Var)",
                 Test{{[](Words& w) { write_once(w.a, 1); },
                       [](Words& w) {
                         w.r[0] = read_once(w.a);
                         w.r[1] = read_once(w.a);
                       }},
                      "r0 r1"},
                 {"r0=0 r1=0", "r0=0 r1=1", "r0=1 r1=1"});
  const auto w22 = [](void (*between)()) {
    return Test{{[=](Words& w) {
                   write_once(w.a, 1);
                   between();
                   write_once(w.b, 2);
                 },
                 [=](Words& w) {
                   write_once(w.b, 1);
                   between();
                   write_once(w.a, 2);
                 }},
                "a b"};
  };
  expect_exactly("2+2W+poonceonces (Var)", w22(nothing), {"a=1 b=1", "a=1 b=2", "a=2 b=1", "a=2 b=2"});
  expect_exactly("2+2W+fencembonceonces (Var)", w22(mb), {"a=1 b=2", "a=2 b=1", "a=2 b=2"});
  expect_exactly("MP+pooncerelease+poacquireonce (Var data, atomic flag)",
                 Test{{[](Words& w) {
                         write_once(w.a, 1);
                         smp_store_release(w.y, 1);
                       },
                       [](Words& w) {
                         w.r[0] = smp_load_acquire(w.y);
                         w.r[1] = read_once(w.a);
                       }},
                      "r0 r1"},
                 {"r0=0 r1=0", "r0=0 r1=1", "r0=1 r1=1"});
  expect_exactly("MP+polocks (Var)",
                 Test{{[](Words& w) {
                         write_once(w.a, 1);
                         w.lock.lock();
                         write_once(w.b, 1);
                         w.lock.unlock();
                       },
                       [](Words& w) {
                         w.lock.lock();
                         w.r[0] = read_once(w.b);
                         w.lock.unlock();
                         w.r[1] = read_once(w.a);
                       }},
                      "r0 r1"},
                 {"r0=0 r1=0", "r0=0 r1=1", "r0=1 r1=1"});
}

TEST_CASE("plain Var accesses under C11: race-free plain reads read the latest store, racy ones are data races") {
  // The data a is plain; the flag b is a Var with READ_ONCE / WRITE_ONCE. With smp_wmb and
  // smp_rmb the reader's plain read of a happens after the writer's plain write: no race, and it
  // reads 1. Without smp_rmb nothing orders them: a data race (KCSAN's, and C11's).
  const auto mp_plain = [](bool read_barrier) {
    return Test{{[](Words& w) {
                   w.a.write(1);
                   smp_wmb();
                   write_once(w.b, 1);
                 },
                 [=](Words& w) {
                   w.r[0] = read_once(w.b);
                   if (read_barrier) smp_rmb();
                   w.r[1] = w.r[0] != 0 ? w.a.read() : -1;
                 }},
                "r0 r1"};
  };
  expect_exactly("MP, plain data, wmb/rmb", mp_plain(true), {"r0=0 r1=-1", "r0=1 r1=1"});
  const litmus::Result racy = litmus::run(mp_plain(false), MemoryModel::C11, Strategy::Dpor);
  CHECK(racy.report.verdict == Verdict::DataRace);
  // Under Sc, READ_ONCE does not synchronise either: the same race.
  CHECK(litmus::run(mp_plain(false), MemoryModel::Sc, Strategy::Dpor).report.verdict == Verdict::DataRace);
  // data_race() reads like READ_ONCE (KCSAN ignores it): SB's weak outcome, and no race.
  expect_exactly("SB with data_race() reads (Var)",
                 Test{{[](Words& w) {
                         write_once(w.a, 1);
                         w.r[0] = w.b.read_data_race();
                       },
                       [](Words& w) {
                         write_once(w.b, 1);
                         w.r[1] = w.a.read_data_race();
                       }},
                      "r0 r1"},
                 kAll2);
}

TEST_CASE("seq_cst fences: the race of two neighbouring fences is reversed only when a later access observes it") {
  // Two fully ordered xchg of different words: fences A1 A2 around T0's, B1 B2 around T1's.
  // Every two fences of different threads race (they all write sc_order), so DPOR used to run
  // one execution per interleaving of the four fences, C(4,2) = 6. No access reads its floor
  // afterwards (a read-modify-write reads the latest store and goes last), so no fence's order
  // against an older one is observed (FenceObservers): the first execution, A1 A2 B1 B2, has no
  // race to reverse (judging only the neighbouring pair, as a first version did, kept 4: B1 still
  // raced with A1, and B2 with A2).
  const Test disjoint{{[](Words& w) { w.r[0] = xchg(w.x, 1); }, [](Words& w) { w.r[1] = xchg(w.y, 1); }},
                      "r0 r1 x y"};
  const litmus::Result dpor = litmus::run(disjoint, MemoryModel::C11, Strategy::Dpor);
  const litmus::Result dfs = litmus::run(disjoint, MemoryModel::C11, Strategy::Dfs);
  CHECK(dpor.outcomes == std::set<std::string>{"r0=0 r1=0 x=1 y=1"});
  CHECK(dpor.outcomes == dfs.outcomes);
  CHECK(dpor.report.executions == 1);
  CHECK(dfs.report.executions == 20);  // C(6,3) interleavings of the six events, no data choice
  // SB+fencembonceonces: each thread's READ_ONCE after its fence observes the other's store,
  // which the earlier fence passed on: the race of the two fences is reversed, and each order
  // with each choice of store runs once: r0=0 r1=1 (T0's fence first; T1's READ_ONCE of x
  // then has one candidate, T0's store; T0 may read y before or after T1's store) and so on.
  const auto sb = [] {
    return Test{{[](Words& w) {
                   write_once(w.x, 1);
                   smp_mb();
                   w.r[0] = read_once(w.y);
                 },
                 [](Words& w) {
                   write_once(w.y, 1);
                   smp_mb();
                   w.r[1] = read_once(w.x);
                 }},
                "r0 r1"};
  };
  // A third thread observes what T0's fence passed on through T1's fences: T2 reads x after
  // its fence, so the order of T2's fence against T0's (and T1's) is observed and reversed.
  const Test chain{{[](Words& w) {
                      write_once(w.x, 1);
                      smp_mb();
                    },
                    [](Words&) {
                      smp_mb();
                      smp_mb();
                    },
                    [](Words& w) {
                      smp_mb();
                      w.r[0] = read_once(w.x);
                    }},
                   "r0"};
  const litmus::Result chain_dpor = litmus::run(chain, MemoryModel::C11, Strategy::Dpor);
  const litmus::Result chain_dfs = litmus::run(chain, MemoryModel::C11, Strategy::Dfs);
  CHECK(chain_dpor.outcomes == std::set<std::string>{"r0=0", "r0=1"});
  CHECK(chain_dpor.outcomes == chain_dfs.outcomes);
  const litmus::Result sb_dpor = litmus::run(sb(), MemoryModel::C11, Strategy::Dpor);
  const litmus::Result sb_dfs = litmus::run(sb(), MemoryModel::C11, Strategy::Dfs);
  CHECK(sb_dpor.outcomes == std::set<std::string>{"r0=0 r1=1", "r0=1 r1=0", "r0=1 r1=1"});
  CHECK(sb_dpor.outcomes == sb_dfs.outcomes);
}
