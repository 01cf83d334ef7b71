// The blocking workloads of workloads.h: RCU readers against synchronize_rcu (rcusync) and a
// percpu_ref-like kill that waits for the last reference (refkill). Their counts are derived
// in workloads.h.
#include <memory>
#include <string>

#include "bench/workloads.h"
#include "checker/atomic.h"
#include "checker/lock.h"
#include "checker/rcu.h"
#include "checker/var.h"

namespace workloads {

using namespace checker;

namespace {

struct RcusyncState {
  Rcu rcu{ObjectName{"rcu"}};
  Atomic<int> published{ObjectName{"published"}, 0};  // index of the object readers should use
  // 1 while live; the updater's store of 0 is its free. Atomic words, not plain Vars: checker/
  // orders a grace period's end after the read-side sections open at its start only, so a
  // reader whose whole section ran before synchronize_rcu began (having loaded the old index)
  // would be reported racing with the free, which the kernel's RCU guarantee rules out (the
  // reader's load precedes the updater's store, so its section precedes the grace period's end).
  Atomic<int> obj0{ObjectName{"obj0"}, 1};
  Atomic<int> obj1{ObjectName{"obj1"}, 1};
};

struct RefkillState {
  Rcu rcu{ObjectName{"rcu"}};
  Atomic<int> dead{ObjectName{"dead"}, 0};  // percpu_ref's __PERCPU_REF_DEAD
  // The reference count, as the reader count of a lock: the engine has no wait-until-zero
  // primitive, and write_lock is one (it blocks while readers hold it).
  RwLock refs{ObjectName{"refs"}};
  Var<int> obj{ObjectName{"obj"}, 1};  // what the references keep alive; the killer frees it
};

}  // namespace

Program rcusync(int n) {
  return Program{[n](Execution& ex) {
    auto& s = ex.keep(std::make_unique<RcusyncState>());
    for (int i = 0; i < n; ++i)
      ex.spawn("reader" + std::to_string(i), [&ex, &s] {
        s.rcu.read_lock();
        Atomic<int>& obj = s.published.load() == 0 ? s.obj0 : s.obj1;
        if (obj.load() != 1) ex.fail(Verdict::UseAfterFree, "rcusync", "a reader saw a freed object");
        s.rcu.read_unlock();
      });
    ex.spawn("updater", [&s] {
      s.published.store(1);
      s.rcu.synchronize();
      s.obj0.store(0);
    });
  }};
}

Program refkill(int n) {
  return Program{[n](Execution& ex) {
    auto& s = ex.keep(std::make_unique<RefkillState>());
    for (int i = 0; i < n; ++i)
      ex.spawn("getter" + std::to_string(i), [&s] {
        // percpu_ref_tryget_live: the DEAD check and the get sit in one RCU read-side section,
        // so the killer's synchronize_rcu cannot end between them. Without it a getter could
        // check, the killer could see the count at 0 and free, and the get would follow.
        s.rcu.read_lock();
        const bool got = s.dead.load() == 0;
        if (got) s.refs.read_lock();
        s.rcu.read_unlock();
        if (!got) return;
        (void)s.obj.read();
        s.refs.read_unlock();  // percpu_ref_put
      });
    ex.spawn("killer", [&s] {
      s.dead.store(1);  // percpu_ref_kill
      s.rcu.synchronize();
      s.refs.write_lock();  // wait for the count to reach 0
      s.obj.write(0);
      s.refs.write_unlock();
    });
  }};
}

}  // namespace workloads
