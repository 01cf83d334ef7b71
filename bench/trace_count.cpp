#include "bench/trace_count.h"

#include <vector>

namespace workloads {

using namespace checker;

namespace {

std::vector<EventDesc> events_of(const Execution& ex, bool failed_cas_reads) {
  std::vector<EventDesc> ev = ex.events();
  if (!failed_cas_reads) return ev;
  const std::vector<StepRecord>& steps = ex.steps();
  for (std::size_t i = 0; i < ev.size() && i < steps.size(); ++i) {
    const StepRecord& s = steps[i];
    if (s.kind == OpKind::AtomicCmpxchg && s.has_values && s.before == s.after)
      for (Access& a : ev[i].acc)
        if (a.valid()) a.mode = AccessMode::Read;
  }
  return ev;
}

std::string canonical_key(const std::vector<EventDesc>& ev) {
  const std::size_t n = ev.size();
  std::vector<std::vector<std::uint32_t>> succ(n);
  std::vector<std::uint32_t> waiting(n, 0);  // dependent predecessors not yet emitted
  for (std::size_t j = 0; j < n; ++j)
    for (std::size_t i = 0; i < j; ++i)
      if (ev[i].dependent(ev[j])) {
        succ[i].push_back(static_cast<std::uint32_t>(j));
        ++waiting[j];
      }
  std::vector<bool> done(n, false);
  std::string key;
  key.reserve(2 * n);
  for (std::size_t emitted = 0; emitted < n; ++emitted) {
    // One thread's events depend on each other, so at most one per thread is ready: the
    // lowest ready thread picks a unique event.
    std::size_t pick = n;
    for (std::size_t j = 0; j < n; ++j)
      if (!done[j] && waiting[j] == 0 && (pick == n || ev[j].thread < ev[pick].thread)) pick = j;
    done[pick] = true;
    for (std::uint32_t k : succ[pick]) --waiting[k];
    key.push_back(static_cast<char>(ev[pick].thread & 0xff));
    key.push_back(static_cast<char>((ev[pick].thread >> 8) & 0xff));
  }
  return key;
}

}  // namespace

void TraceCounter::add(const Execution& ex) { keys_.insert(canonical_key(events_of(ex, failed_cas_reads_))); }

}  // namespace workloads
