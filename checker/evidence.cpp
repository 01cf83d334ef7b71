#include "checker/evidence.h"

#include <algorithm>
#include <cstring>
#include <stdexcept>

#include "checker/execution.h"
#include "checker/stack_recording.h"

namespace checker {

namespace {

// A call site's function, unless it is a lambda or an operator (whose names say nothing a
// kernel developer would recognise: the shadow frame around it names the function).
std::string site_name(const char* pretty) {
  if (pretty == nullptr || *pretty == '\0') return "";
  if (std::strstr(pretty, "lambda") != nullptr || std::strstr(pretty, "operator") != nullptr ||
      std::strstr(pretty, "anonymous class") != nullptr)
    return "";
  return bare_function_name(pretty);
}

CallStack names_of(const RecordedStack& r, const char* site_override = nullptr) {
  CallStack s;
  for (const char* f : r.frames)
    if (s.empty() || s.back() != f) s.emplace_back(f);
  // A site already on the stack is a caller's: an inline helper that passes its caller's
  // source_location on (__swap_cluster_lock) makes the event name the caller.
  const std::string site = site_name(site_override != nullptr ? site_override : r.site);
  if (!site.empty() && std::find(s.begin(), s.end(), site) == s.end()) s.push_back(site);
  return s;
}

struct Builder {
  const Execution& ex;
  const StackRecording& rec;
  std::size_t length;
  std::vector<ThreadId> id;  // execution thread -> trace thread

  std::int64_t trace_thread(ThreadId t) const {
    return t == kNoThread || t >= id.size() || id[t] == kNoThread ? -1 : static_cast<std::int64_t>(id[t]);
  }

  CallStack step_stack(std::size_t step) const {
    return step < rec.steps.size() ? names_of(rec.steps[step]) : CallStack{};
  }

  // The last step before `before` of thread t on object `obj` of kind `kind`.
  std::int64_t last_step(std::size_t before, ThreadId t, ObjectId obj, OpKind kind) const {
    const auto& steps = ex.steps();
    for (std::size_t k = std::min(before, steps.size()); k-- > 0;)
      if (steps[k].thread == t && steps[k].obj == obj && steps[k].kind == kind) return static_cast<std::int64_t>(k);
    return -1;
  }

  HeapEventEvidence at_step(std::int64_t step) const {
    HeapEventEvidence e;
    e.step = step;
    if (step >= 0) {
      e.thread = trace_thread(ex.steps()[static_cast<std::size_t>(step)].thread);
      e.stack = step_stack(static_cast<std::size_t>(step));
    }
    return e;
  }

  HeapEvidence heap(ObjectId cell_id) const {
    HeapEvidence h;
    const HeapCell* cell = ex.heap_cell(cell_id);
    h.object = cell != nullptr ? cell->name.str() : ex.object_name(cell_id);
    for (const RecordedAlloc& a : rec.allocs) {
      if (a.cell != cell_id) continue;
      h.allocated.thread = trace_thread(a.thread);
      h.allocated.step = a.thread == kNoThread || a.position == 0 ? -1 : static_cast<std::int64_t>(a.position) - 1;
      h.allocated.stack = names_of(a.where);
    }
    for (std::size_t k = 0; k < length; ++k)
      if (ex.steps()[k].kind == OpKind::RcuRetire && ex.steps()[k].obj == cell_id) h.retired = at_step(static_cast<std::int64_t>(k));
    if (cell != nullptr && cell->state == HeapCell::State::Freed) {
      if (cell->freed_by == kNoThread) {
        h.freed = HeapEventEvidence{};
      } else {
        h.freed = at_step(static_cast<std::int64_t>(cell->freed_at));
      }
    }
    return h;
  }

  ThreadEvidence thread(ThreadId t) const {
    const ModelThread& th = ex.thread(t);
    ThreadEvidence e;
    e.name = th.name;
    e.cpu = th.cpu;
    e.finished = th.finished;
    if (t < rec.ends.size()) {
      const RecordedThreadEnd& end = rec.ends[t];
      e.blocked = end.blocked;
      e.waits_for = end.waits_for;
      e.stack = names_of(end.where);
      e.spin_depth = end.spin_depth;
      e.rcu_depth = end.rcu_depth;
      for (const HeldLock& h : end.held) {
        HeldLockEvidence l;
        l.lock = ex.object_name(h.lock);
        l.lock_class = h.lock_class;
        l.subclass = h.subclass;
        l.step = h.acquired_at == kNoPosition ? -1 : static_cast<std::int64_t>(h.acquired_at);
        if (l.step >= 0) l.stack = step_stack(h.acquired_at);
        e.held.push_back(std::move(l));
      }
    }
    if (!th.finished) {
      e.pending_op = op_kind_name(th.pending.kind);
      e.pending_object = ex.object_name(th.pending_obj);
    }
    return e;
  }

  // A blocked thread's lock, and who holds it: the thread whose held locks name it.
  void link_holders(std::vector<ThreadEvidence>& threads) const {
    for (std::size_t i = 0; i < ex.thread_count(); ++i) {
      const ModelThread& th = ex.thread(static_cast<ThreadId>(i));
      const std::int64_t me = trace_thread(static_cast<ThreadId>(i));
      if (me < 0 || !threads[static_cast<std::size_t>(me)].blocked || th.pending_obj == kNoObject) continue;
      for (std::size_t j = 0; j < rec.ends.size(); ++j)
        for (const HeldLock& h : rec.ends[j].held)
          if (h.lock == th.pending_obj) threads[static_cast<std::size_t>(me)].waits_for_thread = trace_thread(static_cast<ThreadId>(j));
    }
  }
};

}  // namespace

std::string innermost(const CallStack& s) { return s.empty() ? std::string() : s.back(); }

Evidence evidence_of(const Execution& ex) {
  const StackRecording* rec = ex.recording();
  if (rec == nullptr) throw std::logic_error("evidence_of: the execution did not record its stacks");
  const std::size_t length = ex.violation() ? ex.violation_position() : ex.steps().size();
  Builder b{ex, *rec, length, canonical_thread_ids(ex, length)};
  Evidence ev;
  for (std::size_t k = 0; k < length; ++k) ev.step_stacks.push_back(b.step_stack(k));
  for (std::size_t i = 0; i < ex.thread_count(); ++i) {
    const std::int64_t t = b.trace_thread(static_cast<ThreadId>(i));
    if (t < 0) continue;
    if (ev.threads.size() <= static_cast<std::size_t>(t)) ev.threads.resize(static_cast<std::size_t>(t) + 1);
    ev.threads[static_cast<std::size_t>(t)] = b.thread(static_cast<ThreadId>(i));
  }
  b.link_holders(ev.threads);
  if (!ex.violation()) return ev;

  const ViolationSubject& s = ex.violation_subject();
  ev.object = ex.object_name(s.object);
  ev.other_object = ex.object_name(s.other_object);
  if (s.other_thread != kNoThread)
    ev.other_step = b.last_step(length - 1, s.other_thread, s.object, s.other_write ? (s.other_marked ? OpKind::VarWriteOnce : OpKind::VarWrite)
                                                                         : (s.other_marked ? OpKind::VarReadOnce : OpKind::VarRead));
  if (s.heap != kNoObject) ev.heap = b.heap(s.heap);
  ev.at_quiescence = s.at_quiescence;
  ev.refused = s.refused;
  if (s.refused) ev.refused_op = op_kind_name(s.op);
  const ThreadId vt = ex.violating_thread();
  if (vt == kNoThread) return ev;
  const bool in_event = !s.refused && s.site == nullptr && length > 0 && ex.steps()[length - 1].thread == vt;
  if (in_event) {
    ev.stack = ev.step_stacks[length - 1];
  } else if (vt < rec->ends.size()) {
    ev.stack = names_of(rec->ends[vt].where, s.site);
  }
  return ev;
}

}  // namespace checker
