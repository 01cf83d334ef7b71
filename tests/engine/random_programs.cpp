#include "random_programs.h"

#include <algorithm>
#include <memory>
#include <mutex>
#include <random>
#include <sstream>

#include "checker/atomic.h"
#include "checker/kernel_order.h"
#include "checker/lock.h"
#include "checker/rcu.h"
#include "checker/var.h"

using namespace checker;

namespace random_programs {

namespace {

bool is_section(OpType t) {
  return t == OpType::Locked || t == OpType::SleepLocked || t == OpType::TryLocked || t == OpType::RcuRead ||
         t == OpType::ReadLocked || t == OpType::WriteLocked;
}

// Events an op can contribute to its own thread, and (second) to RCU callback threads.
std::pair<std::size_t, std::size_t> events_of(const std::vector<Op>& ops) {
  std::size_t own = 0, callbacks = 0;
  for (const Op& o : ops) {
    if (is_section(o.type)) {
      const auto [b, c] = events_of(o.body);
      own += 2 + b;
      callbacks += c;
    } else if (o.type == OpType::Synchronize) {
      own += 2;
    } else if (o.type == OpType::CallRcu) {
      own += 1;
      callbacks += 2;  // the end of its grace period and the store
    } else if (o.type == OpType::FullXchg || o.type == OpType::FullFetchAdd || o.type == OpType::FullCmpxchg ||
               o.type == OpType::FullAdd) {
      own += 3;  // fence, read-modify-write, fence
    } else if (o.type == OpType::FullAddUnless) {
      own += 4;  // its first read, fence, add_unless, fence
    } else {
      own += 1;
    }
  }
  return {own, callbacks};
}

// The plain profile's draw, unchanged since the corpus was first generated: seed N gives the same
// program as it always did.
Op plain_op(std::mt19937_64& rng, const Spec& s, int depth) {
  Op op;
  op.obj = static_cast<int>(rng() % s.objects);
  op.value = 1 + static_cast<int>(rng() % 3);
  const int kinds = s.locks > 0 && depth < 2 ? 7 : 6;
  op.type = static_cast<OpType>(rng() % kinds);
  if (op.type == OpType::Locked) {
    op.lock = static_cast<int>(rng() % s.locks);
    const int len = 1 + static_cast<int>(rng() % 2);
    for (int i = 0; i < len; ++i) op.body.push_back(plain_op(rng, s, depth + 1));
  }
  return op;
}

Op blocking_op(std::mt19937_64& rng, const Spec& s, int depth) {
  std::vector<OpType> kinds = {OpType::Load,    OpType::Store,       OpType::FetchAdd, OpType::Cmpxchg,
                               OpType::Assert,  OpType::AwaitValue,  OpType::Synchronize, OpType::CallRcu};
  if (depth < 2) kinds.push_back(OpType::RcuRead);
  if (s.locks > 0) {
    kinds.push_back(OpType::WaitLockFree);
    if (depth < 2)
      kinds.insert(kinds.end(), {OpType::Locked, OpType::SleepLocked, OpType::TryLocked, OpType::ReadLocked,
                                 OpType::WriteLocked});
  }
  Op op;
  op.obj = static_cast<int>(rng() % s.objects);
  op.value = 1 + static_cast<int>(rng() % 3);
  op.type = kinds[rng() % kinds.size()];
  if (s.locks > 0) op.lock = static_cast<int>(rng() % s.locks);
  if (is_section(op.type)) {
    const int len = 1 + static_cast<int>(rng() % 2);
    for (int i = 0; i < len; ++i) op.body.push_back(blocking_op(rng, s, depth + 1));
  }
  return op;
}

Op lock_heavy_op(std::mt19937_64& rng, const Spec& s, int depth) {
  Op op;
  op.obj = static_cast<int>(rng() % s.objects);
  op.value = 1 + static_cast<int>(rng() % 3);
  op.lock = static_cast<int>(rng() % s.locks);
  const int roll = static_cast<int>(rng() % 20);
  if (depth == 0 && roll < 12) {
    op.type = OpType::Locked;
  } else if (depth == 1 && roll < 2) {
    op.type = OpType::Locked;  // nested
  } else if (roll < 13) {
    op.type = OpType::TryLocked;
  } else if (roll < 14) {
    op.type = OpType::AwaitValue;
  } else {
    static constexpr OpType kData[] = {OpType::Load, OpType::Store, OpType::FetchAdd, OpType::Cmpxchg, OpType::Assert};
    op.type = kData[rng() % 5];
  }
  if (is_section(op.type)) {
    const int len = 1 + static_cast<int>(rng() % 2);
    for (int i = 0; i < len; ++i) op.body.push_back(lock_heavy_op(rng, s, depth + 1));
  }
  return op;
}

// Sections inside sections: a nested lock comes after `outer` in the locks' order, except one
// draw in 20 that takes any lock (an ABBA pair, or the lock already held).
Op nested_lock_op(std::mt19937_64& rng, const Spec& s, int depth, int outer) {
  Op op;
  op.obj = static_cast<int>(rng() % s.objects);
  op.value = 1 + static_cast<int>(rng() % 3);
  op.lock = static_cast<int>(rng() % s.locks);
  const int roll = static_cast<int>(rng() % 20);
  const bool ordered_left = outer + 1 < s.locks;
  if (depth == 0 && roll < 11) {
    op.type = OpType::Locked;
  } else if (depth > 0 && depth < 3 && roll < 6 && (ordered_left || roll == 0)) {
    op.type = OpType::Locked;
    if (roll != 0) op.lock = outer + 1 + static_cast<int>(rng() % static_cast<std::uint64_t>(s.locks - outer - 1));
  } else if (roll < 9) {
    op.type = OpType::TryLocked;
  } else {
    static constexpr OpType kData[] = {OpType::Load, OpType::Store, OpType::FetchAdd, OpType::Cmpxchg, OpType::Assert};
    op.type = kData[rng() % 5];
  }
  if (is_section(op.type)) {
    const int len = 1 + static_cast<int>(rng() % 2);
    for (int i = 0; i < len; ++i) op.body.push_back(nested_lock_op(rng, s, depth + 1, std::max(outer, op.lock)));
  }
  return op;
}

Op counter_op(std::mt19937_64& rng, const Spec& s, int depth) {
  Op op;
  op.obj = static_cast<int>(rng() % s.objects);
  op.value = 1 + static_cast<int>(rng() % 2);
  op.lock = s.locks > 0 ? static_cast<int>(rng() % s.locks) : 0;
  const int roll = static_cast<int>(rng() % 20);
  if (roll < 5) {
    op.type = OpType::Add;
    if (rng() % 3 == 0) op.value = -1;
  } else if (roll < 8) {
    op.type = OpType::AddClamped;
  } else if (roll < 11) {
    op.type = OpType::SubClamped;
    op.value = 1;
  } else if (roll < 13) {
    op.type = OpType::AddUnless;
  } else if (roll < 15) {
    op.type = OpType::Load;
  } else if (roll < 16) {
    op.type = OpType::Store;
  } else if (roll < 17) {
    op.type = OpType::Cmpxchg;
  } else if (depth == 0 && s.locks > 0) {
    op.type = OpType::Locked;
  } else {
    op.type = OpType::Add;
  }
  op.lo = static_cast<int>(rng() % 3) - 1;
  op.hi = op.lo + static_cast<int>(rng() % 3);
  if (is_section(op.type)) {
    const int len = 1 + static_cast<int>(rng() % 2);
    for (int i = 0; i < len; ++i) op.body.push_back(counter_op(rng, s, depth + 1));
  }
  return op;
}

Op weak_op(std::mt19937_64& rng, const Spec& s, int depth) {
  Op op;
  op.obj = static_cast<int>(rng() % s.objects);
  op.value = 1 + static_cast<int>(rng() % 2);
  static constexpr MemoryOrder kOrders[] = {MemoryOrder::Relaxed, MemoryOrder::Relaxed, MemoryOrder::Acquire,
                                             MemoryOrder::Release, MemoryOrder::AcqRel,  MemoryOrder::SeqCst};
  op.order = kOrders[rng() % 6];
  const int roll = static_cast<int>(rng() % 20);
  if (roll < 7) {
    op.type = OpType::Load;
  } else if (roll < 14) {
    op.type = OpType::Store;
  } else if (roll < 15) {
    op.type = OpType::FetchAdd;
  } else if (roll < 16) {
    op.type = OpType::Cmpxchg;
  } else if (roll < 18) {
    op.type = OpType::Fence;
  } else if (roll < 19) {
    op.type = OpType::Assert;
  } else if (depth == 0 && s.locks > 0) {
    op.type = OpType::Locked;
    op.lock = static_cast<int>(rng() % s.locks);
    const int len = 1 + static_cast<int>(rng() % 2);
    for (int i = 0; i < len; ++i) op.body.push_back(weak_op(rng, s, depth + 1));
  } else {
    op.type = OpType::Load;
  }
  return op;
}

// Weak vars: mostly marked accesses of the Vars, with fences and atomic flags to order them,
// and plain accesses now and then (inside a section, or alone where they may race).
Op weak_var_op(std::mt19937_64& rng, const Spec& s, int depth) {
  Op op;
  op.value = 1 + static_cast<int>(rng() % 2);
  static constexpr MemoryOrder kOrders[] = {MemoryOrder::Relaxed, MemoryOrder::Acquire, MemoryOrder::Release,
                                             MemoryOrder::SeqCst};
  op.order = kOrders[rng() % 4];
  const int roll = static_cast<int>(rng() % 20);
  if (roll < 4) {
    op.type = OpType::VarReadOnce;
  } else if (roll < 8) {
    op.type = OpType::VarWriteOnce;
  } else if (roll < 9) {
    op.type = OpType::VarRead;
  } else if (roll < 10) {
    op.type = OpType::VarWrite;
  } else if (roll < 11) {
    op.type = OpType::VarReadRacy;
  } else if (roll < 13) {
    op.type = OpType::Fence;  // smp_rmb, smp_wmb, smp_mb (a relaxed fence is nothing)
  } else if (roll < 15) {
    op.type = OpType::Load;
  } else if (roll < 17) {
    op.type = OpType::Store;
  } else if (depth == 0 && s.locks > 0) {
    op.type = OpType::Locked;
    op.lock = static_cast<int>(rng() % s.locks);
    const int len = 1 + static_cast<int>(rng() % 2);
    for (int i = 0; i < len; ++i) {
      Op inner;
      inner.type = rng() % 2 == 0 ? OpType::VarRead : OpType::VarWrite;
      inner.obj = static_cast<int>(rng() % s.vars);
      inner.value = 1 + static_cast<int>(rng() % 2);
      op.body.push_back(inner);
    }
  } else {
    op.type = OpType::VarReadOnce;
  }
  const bool var_op = op.type >= OpType::VarRead && op.type <= OpType::VarReadRacy;
  op.obj = static_cast<int>(rng() % (var_op ? s.vars : s.objects));
  return op;
}

// Fences: seq_cst fences several to a thread, alone or around fully ordered atomics, with the
// marked accesses whose floors observe them (or not) and release/acquire flags.
Op fence_op(std::mt19937_64& rng, const Spec& s, int depth) {
  Op op;
  op.obj = static_cast<int>(rng() % s.objects);
  op.value = 1 + static_cast<int>(rng() % 2);
  op.order = MemoryOrder::Relaxed;
  const int roll = static_cast<int>(rng() % 20);
  if (roll < 6) {
    op.type = OpType::Fence;
    const int r = static_cast<int>(rng() % 6);  // mostly smp_mb, now and then smp_rmb / smp_wmb
    op.order = r == 0 ? MemoryOrder::Acquire : r == 1 ? MemoryOrder::Release : MemoryOrder::SeqCst;
  } else if (roll < 10) {
    op.type = OpType::Load;  // READ_ONCE, or smp_load_acquire
    if (rng() % 4 == 0) op.order = MemoryOrder::Acquire;
  } else if (roll < 13) {
    op.type = OpType::Store;  // WRITE_ONCE, or smp_store_release
    if (rng() % 4 == 0) op.order = MemoryOrder::Release;
  } else if (roll < 15) {
    op.type = OpType::FullXchg;
  } else if (roll < 17) {
    op.type = OpType::FullFetchAdd;
  } else if (roll < 18) {
    op.type = OpType::FullCmpxchg;
  } else if (roll < 19) {
    op.type = OpType::Assert;
  } else if (depth == 0 && s.locks > 0) {
    op.type = OpType::Locked;
    op.lock = static_cast<int>(rng() % s.locks);
    op.body.push_back(fence_op(rng, s, depth + 1));
  } else {
    op.type = OpType::Load;
  }
  return op;
}

// Weak locks: inside a section, an atomic's access with a memory order, or the Var's plain one.
Op weak_lock_inside(std::mt19937_64& rng, const Spec& s) {
  Op op;
  op.value = 1 + static_cast<int>(rng() % 2);
  static constexpr MemoryOrder kOrders[] = {MemoryOrder::Relaxed, MemoryOrder::Relaxed, MemoryOrder::Relaxed,
                                             MemoryOrder::Acquire, MemoryOrder::Release, MemoryOrder::SeqCst};
  op.order = kOrders[rng() % 6];
  static constexpr OpType kInside[] = {OpType::Load,  OpType::Load,     OpType::Store,   OpType::Store,
                                       OpType::Store, OpType::FetchAdd, OpType::VarRead, OpType::VarWrite};
  op.type = kInside[rng() % 8];
  op.obj = static_cast<int>(rng() % (op.type == OpType::VarRead || op.type == OpType::VarWrite ? s.vars : s.objects));
  return op;
}

// One thread of the weak-locks profile: one or two weak accesses (mostly stores), a section, one
// or two weak accesses (mostly loads), now and then a second section: the message-passing shape in
// which a later load can tell which section ran first.
std::vector<Op> weak_locks_thread(std::mt19937_64& rng, const Spec& s) {
  std::vector<Op> ops;
  auto outside = [&](bool before) {
    Op op;
    op.value = 1 + static_cast<int>(rng() % 2);
    op.order = MemoryOrder::Relaxed;
    const int roll = static_cast<int>(rng() % 20);
    if (roll < (before ? 4 : 14)) {
      op.type = OpType::Load;
    } else if (roll < 18) {
      op.type = OpType::Store;
    } else if (roll < 19) {
      op.type = OpType::Fence;
      op.order = MemoryOrder::SeqCst;
    } else {
      op.type = rng() % 2 == 0 ? OpType::VarReadOnce : OpType::VarWriteOnce;
    }
    const bool var_op = op.type == OpType::VarReadOnce || op.type == OpType::VarWriteOnce;
    op.obj = static_cast<int>(rng() % (var_op ? s.vars : s.objects));
    ops.push_back(op);
  };
  auto section = [&] {
    Op op;
    op.type = OpType::Locked;
    op.lock = static_cast<int>(rng() % s.locks);
    const int len = 1 + static_cast<int>(rng() % 2);
    for (int i = 0; i < len; ++i) op.body.push_back(weak_lock_inside(rng, s));
    ops.push_back(op);
  };
  for (int i = 1 + static_cast<int>(rng() % 2); i > 0; --i) outside(true);
  section();
  for (int i = 1 + static_cast<int>(rng() % 2); i > 0; --i) outside(false);
  if (rng() % 3 == 0) section();
  return ops;
}

// Weak counters: the folio reference count's operations on words whose adds commute, beside the
// loads, flags and Var accesses that observe their order (or do not).
Op weak_counter_op(std::mt19937_64& rng, const Spec& s) {
  Op op;
  op.obj = static_cast<int>(rng() % s.counters);
  op.value = rng() % 3 == 0 ? -1 : 1;
  op.order = MemoryOrder::Relaxed;
  op.lo = static_cast<int>(rng() % 3) - 1;
  op.hi = op.lo + static_cast<int>(rng() % 3);
  const int roll = static_cast<int>(rng() % 20);
  if (roll < 4) {
    op.type = OpType::Add;  // atomic_inc / atomic_dec
  } else if (roll < 8) {
    op.type = OpType::FullAdd;
  } else if (roll < 9) {
    op.type = OpType::AddClamped;
  } else if (roll < 10) {
    op.type = OpType::SubClamped;
    op.value = 1;
  } else if (roll < 11) {
    op.type = OpType::FullAddUnless;
  } else if (roll < 13) {
    op.type = OpType::Load;  // atomic_read, or an acquire
    if (rng() % 2 == 0) op.order = MemoryOrder::Acquire;
  } else if (roll < 15) {
    op.obj = s.counters;  // the flag
    op.type = rng() % 2 == 0 ? OpType::Store : OpType::Load;
    if (rng() % 2 == 0) op.order = op.type == OpType::Store ? MemoryOrder::Release : MemoryOrder::Acquire;
  } else if (roll < 18) {
    static constexpr OpType kVar[] = {OpType::VarRead, OpType::VarWrite, OpType::VarReadOnce, OpType::VarWriteOnce};
    op.type = kVar[rng() % 4];
    op.obj = static_cast<int>(rng() % s.vars);
  } else if (roll < 19) {
    op.type = OpType::Fence;
    op.order = MemoryOrder::SeqCst;
  } else {
    op.type = OpType::Assert;
  }
  return op;
}

double interleavings(const Spec& s) {
  // Multinomial bound on the number of interleavings of the threads' events (callbacks count
  // as threads of their own).
  double total = 1;
  std::size_t placed = 0;
  auto place = [&](std::size_t k) {
    for (std::size_t i = 1; i <= k; ++i) total = total * static_cast<double>(placed + i) / static_cast<double>(i);
    placed += k;
  };
  for (const auto& t : s.threads) {
    const auto [own, callbacks] = events_of(t);
    place(own);
    for (std::size_t c = 0; c < callbacks; c += 2) place(2);
  }
  return total;
}

struct State {
  std::vector<std::unique_ptr<Atomic<int>>> words;
  std::vector<std::unique_ptr<Var<int>>> vars;
  std::vector<std::unique_ptr<SpinLock>> locks;
  std::vector<std::unique_ptr<SleepLock>> sleep_locks;
  std::vector<std::unique_ptr<RwLock>> rw_locks;
  std::unique_ptr<Rcu> rcu;
  std::vector<std::string> logs;  // per thread, written only by that thread
};

// The Var ops of the weak-vars profile.
void run_var_op(State& st, const Op& op, std::string& log) {
  Var<int>& v = *st.vars[static_cast<std::size_t>(op.obj)];
  switch (op.type) {
    case OpType::VarRead: log += "p" + std::to_string(v.read()) + ","; break;
    case OpType::VarWrite: v.write(op.value); break;
    case OpType::VarReadOnce: log += "o" + std::to_string(v.read_once()) + ","; break;
    case OpType::VarWriteOnce: v.write_once(op.value); break;
    case OpType::VarReadRacy: log += "d" + std::to_string(v.read_data_race()) + ","; break;
    default: break;
  }
}

void run_ops(State& st, int t, const std::vector<Op>& ops) {
  for (const Op& op : ops) {
    std::string& log = st.logs[t];
    if (op.type >= OpType::VarRead && op.type <= OpType::VarReadRacy) {
      run_var_op(st, op, log);
      continue;
    }
    Atomic<int>& w = *st.words[op.obj];
    switch (op.type) {
      case OpType::Load: log += std::to_string(w.load(op.order)) + ","; break;
      case OpType::Store: w.store(op.value, op.order); break;
      case OpType::FetchAdd: log += std::to_string(w.fetch_add(op.value, op.order)) + ","; break;
      case OpType::Cmpxchg: {
        // The plain profile always expects 0; the blocking one expects op.value - 1, so that
        // compare-exchanges fail in several ways.
        int expected = st.rcu ? op.value - 1 : 0;
        log += w.compare_exchange(expected, op.value, op.order) ? "ok," : "no" + std::to_string(expected) + ",";
        break;
      }
      case OpType::Fence: fence(op.order); break;
      case OpType::FullXchg: log += std::to_string(lkmm::xchg(w, op.value)) + ","; break;
      case OpType::FullFetchAdd: log += std::to_string(lkmm::atomic_fetch_add(w, op.value)) + ","; break;
      case OpType::FullCmpxchg: log += "c" + std::to_string(lkmm::cmpxchg(w, 0, op.value)) + ","; break;
      case OpType::ChooseStore: w.store(op.value + static_cast<int>(current_execution()->choose(2))); break;
      case OpType::Assert: check(w.load() != 3, "a word reached 3"); break;
      case OpType::Locked:
        st.locks[op.lock]->lock();
        run_ops(st, t, op.body);
        st.locks[op.lock]->unlock();
        break;
      case OpType::SleepLocked:
        st.sleep_locks[op.lock]->lock();
        run_ops(st, t, op.body);
        st.sleep_locks[op.lock]->unlock();
        break;
      case OpType::TryLocked:
        if (!st.locks[op.lock]->trylock()) {
          log += "busy,";
          break;
        }
        run_ops(st, t, op.body);
        st.locks[op.lock]->unlock();
        break;
      case OpType::AwaitValue: {
        const int v = op.value;
        // Waits for the word to reach v, or (v == 3) to come back to 0.
        const int seen = w.wait_until([v](int x) { return v == 3 ? x == 0 : x >= v; }, "await");
        log += "w" + std::to_string(seen) + ",";
        break;
      }
      case OpType::WaitLockFree: st.sleep_locks[op.lock]->wait_until_free(); break;
      case OpType::Add: w.add(op.value, op.order); break;  // the counters profile: seq_cst
      case OpType::FullAdd:
        lkmm::smp_mb();
        w.add(op.value, MemoryOrder::Relaxed);
        lkmm::smp_mb();
        break;
      case OpType::FullAddUnless: log += lkmm::atomic_add_unless(w, 1, 0) ? "u," : "z,"; break;
      case OpType::AddClamped: log += std::to_string(w.fetch_add_clamped(op.value, op.lo, op.hi)) + ","; break;
      case OpType::SubClamped: log += std::to_string(w.fetch_sub_clamped(op.value, op.lo, op.hi)) + ","; break;
      case OpType::AddUnless: log += w.add_unless(1, 0) ? "u," : "z,"; break;
      case OpType::ReadLocked:
        st.rw_locks[op.lock]->read_lock();
        log += "r" + std::to_string(st.rw_locks[op.lock]->readers()) + ",";
        run_ops(st, t, op.body);
        st.rw_locks[op.lock]->read_unlock();
        break;
      case OpType::WriteLocked:
        st.rw_locks[op.lock]->write_lock();
        run_ops(st, t, op.body);
        st.rw_locks[op.lock]->write_unlock();
        break;
      case OpType::RcuRead:
        st.rcu->read_lock();
        run_ops(st, t, op.body);
        st.rcu->read_unlock();
        break;
      case OpType::Synchronize: st.rcu->synchronize(); break;
      case OpType::CallRcu: {
        const int v = op.value;
        st.rcu->call([&w, v] { w.store(v); });
        break;
      }
      default: break;  // the Var ops, above
    }
  }
}

}  // namespace

Program program_of(const Spec& spec, std::set<std::string>& finals) {
  // A search on several threads runs executions at once: the record is shared.
  static std::mutex finals_lock;
  const bool blocking = spec.profile != Profile::Plain && spec.profile != Profile::Weak &&
                        spec.profile != Profile::WeakVars && spec.profile != Profile::Fences &&
                        spec.profile != Profile::WeakLocks && spec.profile != Profile::WeakCounters;
  const bool counters = spec.profile == Profile::Counters || spec.profile == Profile::WeakCounters;
  return Program{[&spec, blocking, counters, &finals](Execution& ex) {
    auto& st = ex.keep(std::make_unique<State>());
    for (int i = 0; i < spec.objects; ++i) {
      st.words.push_back(std::make_unique<Atomic<int>>(ObjectName{"x#", i}, spec.initial));
      if (spec.profile == Profile::Counters || i < spec.counters) st.words.back()->let_adds_commute(-1, 2);
    }
    for (int i = 0; i < spec.vars; ++i) st.vars.push_back(std::make_unique<Var<int>>(ObjectName{"v#", i}, spec.initial));
    for (int i = 0; i < spec.locks; ++i) st.locks.push_back(std::make_unique<SpinLock>(ObjectName{"L#", i}));
    if (blocking) {
      for (int i = 0; i < spec.locks; ++i) {
        st.sleep_locks.push_back(std::make_unique<SleepLock>(ObjectName{"M#", i}));
        st.rw_locks.push_back(std::make_unique<RwLock>(ObjectName{"R#", i}));
      }
      st.rcu = std::make_unique<Rcu>();
    }
    st.logs.resize(spec.threads.size());
    for (std::size_t t = 0; t < spec.threads.size(); ++t)
      ex.spawn("t" + std::to_string(t), [&st, &spec, t] { run_ops(st, static_cast<int>(t), spec.threads[t]); });
    if (counters)
      // Read without an event, through the words' visible range only.
      ex.add_invariant(InvariantDef{"never_negative", Verdict::Invariant, CheckWhen::EveryStep,
                                    [&st]() -> std::optional<std::string> {
                                      for (const auto& w : st.words)
                                        if (std::clamp(w->peek(), -1, 2) < 0) return "a counter went negative";
                                      return std::nullopt;
                                    }});
    ex.add_invariant(InvariantDef{"record_final_state", Verdict::Invariant, CheckWhen::Quiescence,
                                  [&st, &finals]() -> std::optional<std::string> {
                                    std::ostringstream s;
                                    for (const auto& w : st.words) s << w->peek() << " ";
                                    for (const auto& v : st.vars) s << v->peek() << " ";
                                    for (const auto& l : st.logs) s << "| " << l;
                                    std::lock_guard<std::mutex> hold(finals_lock);
                                    finals.insert(s.str());
                                    return std::nullopt;
                                  }});
  }};
}


Spec generate(std::uint64_t seed, Profile profile) {
  std::mt19937_64 rng(seed);
  for (;;) {
    Spec s;
    s.profile = profile;
    const bool heavy = profile == Profile::LockHeavy;
    const bool nested = profile == Profile::NestedLocks;
    const bool counters = profile == Profile::Counters;
    s.objects = heavy || nested ? 2 + static_cast<int>(rng() % 4) : 1 + static_cast<int>(rng() % 3);
    s.locks = heavy ? 1 + static_cast<int>(rng() % 2) : nested ? 2 + static_cast<int>(rng() % 2) : static_cast<int>(rng() % 3);
    if (counters) {
      s.objects = 1 + static_cast<int>(rng() % 2);
      s.initial = static_cast<int>(rng() % 4);
    }
    const bool weak = profile == Profile::Weak;
    if (weak) {
      s.objects = 2 + static_cast<int>(rng() % 2);
      s.locks = static_cast<int>(rng() % 2);
    }
    const bool weak_vars = profile == Profile::WeakVars;
    if (weak_vars) {
      s.objects = 1 + static_cast<int>(rng() % 2);
      s.vars = 1 + static_cast<int>(rng() % 2);
      s.locks = static_cast<int>(rng() % 2);
    }
    const bool fences = profile == Profile::Fences;
    if (fences) {
      s.objects = 2 + static_cast<int>(rng() % 2);
      s.locks = rng() % 4 == 0 ? 1 : 0;
    }
    const bool weak_locks = profile == Profile::WeakLocks;
    if (weak_locks) {
      s.objects = 3;
      s.vars = 1;
      s.locks = 1;
    }
    const bool weak_counters = profile == Profile::WeakCounters;
    if (weak_counters) {
      s.counters = 1 + static_cast<int>(rng() % 2);
      s.objects = s.counters + 1;
      s.vars = 1;
      s.locks = 0;
      s.initial = static_cast<int>(rng() % 3);
    }
    const int threads =
        fences ? (rng() % 8 == 0 ? 2 : 3)
               : 2 + static_cast<int>(rng() % (nested || weak || weak_vars || weak_locks || weak_counters ? 2 : 3));
    for (int t = 0; t < threads && weak_locks; ++t) s.threads.push_back(weak_locks_thread(rng, s));
    for (int t = 0; t < threads && !weak_locks; ++t) {
      std::vector<Op> ops;
      const int n = heavy || nested ? 1 + static_cast<int>(rng() % 3)
                    : weak || weak_vars ? 3 + static_cast<int>(rng() % 3)
                    : fences || weak_counters ? 2 + static_cast<int>(rng() % 3)
                                    : 2 + static_cast<int>(rng() % 5);
      for (int i = 0; i < n; ++i) {
        switch (profile) {
          case Profile::Plain: ops.push_back(plain_op(rng, s, 0)); break;
          case Profile::Blocking: ops.push_back(blocking_op(rng, s, 0)); break;
          case Profile::LockHeavy: ops.push_back(lock_heavy_op(rng, s, 0)); break;
          case Profile::NestedLocks: ops.push_back(nested_lock_op(rng, s, 0, -1)); break;
          case Profile::Counters: ops.push_back(counter_op(rng, s, 0)); break;
          case Profile::Weak: ops.push_back(weak_op(rng, s, 0)); break;
          case Profile::WeakVars: ops.push_back(weak_var_op(rng, s, 0)); break;
          case Profile::Fences: ops.push_back(fence_op(rng, s, 0)); break;
          case Profile::WeakLocks: break;  // weak_locks_thread, above
          case Profile::WeakCounters: ops.push_back(weak_counter_op(rng, s)); break;
        }
      }
      s.threads.push_back(std::move(ops));
    }
    // Keeps the naive oracle affordable (a weak load's choices multiply its executions).
    if (interleavings(s) <= (fences || weak_counters ? 12000 : 6000)) return s;
  }
}

Outcome explore_all(const Spec& spec, Bounds bounds) {
  Outcome o;
  bounds.stop_on_violation = false;
  if (spec.profile == Profile::Weak || spec.profile == Profile::WeakVars || spec.profile == Profile::Fences ||
      spec.profile == Profile::WeakLocks || spec.profile == Profile::WeakCounters)
    bounds.memory_model = MemoryModel::C11;
  o.report = explore(program_of(spec, o.finals), bounds);
  for (const Violation& v : o.report.all_violations)
    o.violations.insert(std::string(verdict_name(v.verdict)) + "|" + v.check + "|" + v.message);
  return o;
}

}  // namespace random_programs
