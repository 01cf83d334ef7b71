#include "checker/verdict.h"

#include <algorithm>
#include <array>
#include <utility>

#include "checker/types.h"

namespace checker {

namespace {
constexpr std::array<std::pair<Verdict, const char*>, 14> kVerdictNames{{
    {Verdict::Pass, "pass"},
    {Verdict::Assertion, "assertion"},
    {Verdict::Precondition, "precondition"},
    {Verdict::Invariant, "invariant"},
    {Verdict::Hint, "hint"},
    {Verdict::Deadlock, "deadlock"},
    {Verdict::NonTermination, "non_termination"},
    {Verdict::UseAfterFree, "use_after_free"},
    {Verdict::DoubleFree, "double_free"},
    {Verdict::BadUnlock, "bad_unlock"},
    {Verdict::SleepInAtomic, "sleep_in_atomic"},
    {Verdict::LockNesting, "lock_nesting"},
    {Verdict::DataRace, "data_race"},
    {Verdict::Nondeterminism, "nondeterminism"},
}};
}  // namespace

const char* verdict_name(Verdict v) {
  for (const auto& [k, n] : kVerdictNames)
    if (k == v) return n;
  return "?";
}

std::optional<Verdict> verdict_from_name(std::string_view name) {
  for (const auto& [k, n] : kVerdictNames)
    if (name == n) return k;
  return std::nullopt;
}

const char* op_kind_name(OpKind k) {
  switch (k) {
    case OpKind::ThreadStart: return "start";
    case OpKind::AtomicLoad: return "load";
    case OpKind::AtomicStore: return "store";
    case OpKind::AtomicRmw: return "rmw";
    case OpKind::AtomicCmpxchg: return "cmpxchg";
    case OpKind::VarRead: return "read";
    case OpKind::VarWrite: return "write";
    case OpKind::VarReadOnce: return "read_once";
    case OpKind::VarWriteOnce: return "write_once";
    case OpKind::VarReadRacy: return "data_race_read";
    case OpKind::LockAcquire: return "lock";
    case OpKind::LockTry: return "trylock";
    case OpKind::LockRelease: return "unlock";
    case OpKind::RcuReadLock: return "rcu_read_lock";
    case OpKind::RcuReadUnlock: return "rcu_read_unlock";
    case OpKind::RcuSyncStart: return "synchronize_rcu";
    case OpKind::RcuGraceWait: return "grace_period_end";
    case OpKind::RcuRetire: return "call_rcu";
    case OpKind::HeapAlloc: return "alloc";
    case OpKind::HeapFree: return "free";
    case OpKind::HeapAccess: return "access";
    case OpKind::Custom: return "op";
    case OpKind::Fence: return "fence";
  }
  return "?";
}

void add_distinct(std::vector<Violation>& all, const Violation& v) {
  const bool seen = std::any_of(all.begin(), all.end(), [&](const Violation& o) {
    return o.verdict == v.verdict && o.check == v.check && o.message == v.message;
  });
  if (!seen) all.push_back(v);
}

}  // namespace checker
