#include "checker/execution.h"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <stdexcept>
#include <utility>

#include "checker/oracle.h"
#include "checker/stack_recording.h"

namespace checker {

namespace {
thread_local Execution* g_current = nullptr;

}  // namespace

Execution* current_execution() { return g_current; }

ExecutionScope::ExecutionScope(Execution& ex) : saved_(g_current) { g_current = &ex; }
ExecutionScope::~ExecutionScope() { g_current = saved_; }

std::string ObjectName::str() const {
  std::string out;
  int k = 0;
  for (const char* p = base; *p; ++p) {
    if (*p == '#') {
      const std::int32_t v = k++ == 0 ? i : j;
      out += std::to_string(v);
    } else {
      out += *p;
    }
  }
  return out;
}

std::string format_signed(std::uint64_t v) { return std::to_string(static_cast<std::int64_t>(v)); }
std::string format_unsigned(std::uint64_t v) { return std::to_string(v); }

Execution::Execution(const ExecutionConfig& config, IdentityRegistry& ids, StackPool& stacks, ExecutionBuffers buffers)
    : config_(config), ids_(ids), stacks_(stacks), buf_(std::move(buffers)) {
  buf_.clear();
  if (config.record_stacks) recording_ = std::make_unique<StackRecording>();
  buf_.events.reserve(config.expected_events);
  buf_.steps.reserve(config.expected_events);
  setup_objects_.reserve(buf_.setup_objects_hint);
  invariants_.reserve(buf_.invariants_hint);
  if (config.memory_model == MemoryModel::C11) sc_order_ = register_object(ObjectName{"sc_order"}, nullptr);
}

ExecutionBuffers Execution::take_buffers() {
  ExecutionBuffers b = std::move(buf_);
  buf_ = ExecutionBuffers{};
  b.setup_objects_hint = setup_objects_.size();
  b.invariants_hint = invariants_.size();
  return b;
}

Execution::~Execution() {
  teardown();
  threads_.clear();  // fibers first: their stacks may refer to the model state
  while (!kept_.empty()) kept_.pop_back();
}

ModelThread& Execution::make_thread(ThreadId id, std::string name, int cpu) {
  if (id >= threads_.size()) {
    const std::size_t old = threads_.size();
    threads_.resize(id + 1);
    for (std::size_t i = old; i < threads_.size(); ++i) {
      threads_[i] = std::make_unique<ModelThread>();
      threads_[i]->id = static_cast<ThreadId>(i);
    }
  }
  ModelThread& th = *threads_[id];
  th.name = std::move(name);
  th.cpu = cpu;
  th.exists = true;
  th.finished = false;
  return th;
}

ThreadId Execution::spawn(std::string name, std::function<void()> body, int cpu) {
  if (running_ || in_model_thread()) throw std::logic_error("spawn() is for setup; use RCU callbacks at run time");
  const ThreadId id = static_cast<ThreadId>(threads_.size());
  ModelThread& th = make_thread(id, std::move(name), cpu);
  ++initial_threads_;
  th.fiber = std::make_unique<Fiber>(stacks_, std::move(body));
  // Run the thread up to its first instrumented operation so that its pending operation is
  // known; code before it is thread-local.
  th.pending = EventDesc{};
  th.pending.thread = id;
  current_ = id;
  th.started = true;
  th.fiber->resume();
  current_ = kNoThread;
  if (th.fiber->finished()) th.finished = true;
  return id;
}

ThreadId Execution::spawn_callback(std::string name, const EventDesc& first, const Blocker* blocker,
                                   std::function<void()> body) {
  ModelThread& parent = *threads_.at(current_);
  const std::uint32_t seq = parent.callbacks_created++;
  const ThreadId id = ids_.callback_thread(current_, seq, initial_threads_);
  ModelThread& th = make_thread(id, std::move(name), parent.cpu);
  th.callback = true;
  th.callback_seq = seq;
  th.spawned_at = position() - 1;
  th.fiber = std::make_unique<Fiber>(stacks_, std::move(body));
  th.pending = first;
  th.pending.thread = id;
  th.blocker = blocker;
  th.pending_obj = first.acc[0].obj;
  th.pending_fn = "rcu_do_batch";
  th.stack.push("rcu_do_batch");  // where the kernel runs RCU callbacks
  th.clock = parent.clock;  // the callback happens after call_rcu
  if (config_.memory_model == MemoryModel::C11) {
    const ThreadView parent_view = self_view();
    views_.resize(std::max<std::size_t>(views_.size(), id + 1));
    views_[id] = parent_view;
  }
  return id;
}

std::uint32_t Blocker::await_reversal_point(const Execution&, std::uint32_t, int) const { return kNoPosition; }

void Execution::add_invariant(InvariantDef inv) {
  if (inv.when == CheckWhen::EveryStep && !inv.check_step) ++plain_step_invariants_;
  invariants_.push_back(std::move(inv));
}

ObjectId Execution::register_object(ObjectName name, ValueFormatter fmt) {
  if (!running_ && current_ == kNoThread) {
    const ObjectId id = setup_object_count_++;
    setup_objects_.push_back(ObjectInfo{name, fmt});
    return id;
  }
  ThreadId creator = current_;
  if (creator == kNoThread) throw std::logic_error("objects cannot be created by invariants or the scheduler");
  const ObjectId id = ids_.object(creator, threads_[creator]->objects_created++, setup_object_count_);
  dynamic_objects_[id] = ObjectInfo{name, fmt};
  if (running_) buf_.written.push_back(id);  // created by the step: its initial value is a write
  return id;
}

void Execution::note_alloc(const HeapCell* cell, const char* site) {
  if (!recording_ || tearing_down_) return;
  recording_->allocs.push_back(RecordedAlloc{cell->id, current_, position(), StackRecording::snapshot(shadow_stack(), site)});
}

const HeapCell* Execution::heap_cell(ObjectId id) const {
  for (const auto& c : heap_)
    if (c->id == id) return c.get();
  return nullptr;
}

HeapCell* Execution::new_heap_cell(ObjectName name) {
  HeapCell& c = *heap_.emplace_back(std::make_unique<HeapCell>());
  c.name = name;
  c.id = register_object(name, nullptr);
  return &c;
}

std::string Execution::object_name(ObjectId id) const {
  if (id == kNoObject) return "";
  if (id < setup_objects_.size()) return setup_objects_[id].name.str();
  auto it = dynamic_objects_.find(id);
  return it == dynamic_objects_.end() ? "obj" + std::to_string(id) : it->second.name.str();
}

std::string Execution::format_value(ObjectId id, std::uint64_t v) const {
  ValueFormatter fmt = nullptr;
  if (id < setup_objects_.size()) {
    fmt = setup_objects_[id].fmt;
  } else if (auto it = dynamic_objects_.find(id); it != dynamic_objects_.end()) {
    fmt = it->second.fmt;
  }
  return fmt ? fmt(v) : format_signed(v);
}

std::span<const std::uint32_t> Execution::choices_of(std::size_t step) const {
  const StepRecord& s = buf_.steps.at(step);
  return {buf_.choices.data() + s.choice_begin, s.choice_end - s.choice_begin};
}

bool Execution::is_enabled(ThreadId t) const {
  if (t >= threads_.size()) return false;
  const ModelThread& th = *threads_[t];
  return th.exists && !th.finished && !th.frozen && (th.blocker == nullptr || !th.blocker->blocks(t));
}

bool Execution::collect_enabled() {
  buf_.enabled.clear();
  bool unfinished = false;
  for (const auto& th : threads_) {
    if (!th->exists || th->finished || th->frozen) continue;
    unfinished = true;
    if (th->blocker == nullptr || !th->blocker->blocks(th->id)) buf_.enabled.push_back(th->id);
  }
  return unfinished;
}

void Execution::set_violation(Violation v, ThreadId thread, bool in_step, const ViolationSubject& subject) {
  if (violation_) {
    auto same = [&](const Violation& o) { return o.verdict == v.verdict && o.check == v.check && o.message == v.message; };
    if (!same(*violation_) && std::none_of(later_violations_.begin(), later_violations_.end(), same))
      later_violations_.push_back(std::move(v));
    return;
  }
  violation_ = std::move(v);
  subject_ = subject;
  violating_thread_ = thread;
  violation_position_ = position();
  violation_node_ = in_step && position() > 0 ? position() - 1 : position();
  end_ = ExecutionEnd::Violation;
}

bool Execution::check_invariants(CheckWhen when) {
  // Incremental forms are exact only from a state where every step invariant held.
  const bool incremental = when == CheckWhen::EveryStep && steps_checked_clean_ && !violation_;
  const StepWrites writes{position() == 0 ? 0 : position() - 1, buf_.written};
  const bool skip_step_forms = incremental && step_filter_ && !step_filter_(writes);
  if (skip_step_forms && plain_step_invariants_ == 0) return true;  // nothing to judge
  for (const InvariantDef& inv : invariants_) {
    if (inv.when != when || (skip_step_forms && inv.check_step)) continue;
    if (auto why = incremental && inv.check_step ? inv.check_step(writes) : inv.check()) {
      ViolationSubject subject;
      subject.at_quiescence = when == CheckWhen::Quiescence;
      set_violation(Violation{inv.kind, inv.name, std::move(*why)}, last_, true, subject);
      return false;
    }
  }
  if (when == CheckWhen::EveryStep) steps_checked_clean_ = !violation_;
  return true;
}

ThreadId Execution::decide() {
  if (!collect_enabled()) {
    if (!after_violation()) end_ = ExecutionEnd::Quiescent;
    check_invariants(CheckWhen::Quiescence);
    return kNoThread;
  }
  if (buf_.enabled.empty()) {
    if (after_violation()) return kNoThread;
    std::string msg = "no thread can run:";
    for (const auto& th : threads_)
      if (th->exists && !th->finished) msg += " " + th->name + " waits for " + th->blocker->waiting_for() + ";";
    msg.pop_back();
    set_violation(Violation{Verdict::Deadlock, "deadlock", std::move(msg)}, kNoThread, false);
    return kNoThread;
  }
  const ThreadId t = oracle_->pick(*this, buf_.enabled);
  if (t == kNoThread) {
    if (!after_violation()) end_ = ExecutionEnd::Cut;
    return kNoThread;
  }
  if (!is_enabled(t)) throw std::logic_error("oracle picked a disabled thread");
  return t;
}

bool Execution::end_step(ThreadId t) {
  ModelThread& th = *threads_[t];
  last_ = t;
  if (th.fiber->finished()) th.finished = true;
  // Read back after the step: the event is final only once the operation ran (a conditional
  // update that failed wrote nothing).
  const EventDesc& ran = buf_.events[position() - 1];
  for (int k = 0; k < 2; ++k)
    if (const Access a = ran.access(k); a.valid() && a.mode == AccessMode::Write) buf_.written.push_back(a.obj);
  if (!th.finished && !th.frozen && ++th.steps >= config_.step_bound) {
    set_violation(Violation{Verdict::NonTermination, "step_bound",
                            th.name + " did not finish within " + std::to_string(config_.step_bound) + " steps"},
                  t, true);
    th.frozen = true;
  }
  const bool go_on = config_.continue_after_violation;
  if (violation_ && !go_on) return false;
  return check_invariants(CheckWhen::EveryStep) || go_on;
}

void Execution::run(Oracle& oracle) {
  oracle_ = &oracle;
  running_ = true;
  ThreadId t = decide();
  while (t != kNoThread) {
    begin_step(t);
    handed_over_ = false;
    current_ = t;
    threads_[t]->fiber->resume();
    current_ = kNoThread;
    if (handed_over_) {
      // The thread ended its step and decided the next one before it yielded.
      if (handed_error_) std::rethrow_exception(std::exchange(handed_error_, nullptr));
      t = handed_next_;
      continue;
    }
    // The thread finished, or stopped at a violation it raised itself (fail()).
    t = end_step(t) ? decide() : kNoThread;
  }
  running_ = false;
  // A thread still blocked on an await contributes its pending operation to race analysis as a
  // hypothetical last event; say where it could have run, while its blocker is still alive.
  for (auto& th : threads_)
    if (th->exists && !th->finished && !th->frozen) note_await(th->pending, th->blocker, position());
  if (recording_) record_thread_ends();
  teardown();
}

// Before teardown unwinds the fibers (and with them the shadow stacks), while blockers live.
void Execution::record_thread_ends() {
  recording_->ends.resize(threads_.size());
  for (const auto& th : threads_) {
    RecordedThreadEnd& end = recording_->ends[th->id];
    if (!th->exists) continue;
    end.where = StackRecording::snapshot(th->stack, th->finished || th->frozen ? nullptr : th->pending_fn);
    end.blocked = !th->finished && !th->frozen && th->blocker != nullptr && th->blocker->blocks(th->id);
    if (end.blocked) end.waits_for = th->blocker->waiting_for();
    end.held.assign(th->held.begin(), th->held.end());
    end.spin_depth = th->spin_depth;
    end.rcu_depth = th->rcu_depth;
  }
}

void Execution::note_await(EventDesc& ev, const Blocker* blocker, std::uint32_t until) const {
  if (blocker == nullptr || !blocker->is_await()) return;
  ev.await = true;
  ev.period_start = blocker->await_reversal_point(*this, until, 0);
  if (ev.acc[1].valid()) ev.second_start = blocker->await_reversal_point(*this, until, 1);
}

void Execution::begin_step(ThreadId t) {
  ModelThread& th = *threads_[t];
  const bool preempted = last_ != kNoThread && last_ != t && is_enabled(last_);
  preemptions_ += preempted ? 1 : 0;
  buf_.events.push_back(th.pending);
  if (recording_) recording_->steps.push_back(StackRecording::snapshot(th.stack, th.pending_fn));
  StepRecord& rec = buf_.steps.emplace_back();
  rec.thread = t;
  rec.kind = th.pending.kind;
  rec.obj = th.pending_obj;
  rec.preempted = preempted;
  rec.function = th.pending_fn;
  rec.line = th.pending_line;
  rec.choice_begin = rec.choice_end = static_cast<std::uint32_t>(buf_.choices.size());
  note_await(buf_.events.back(), th.blocker, position() - 1);
  th.blocker = nullptr;
  th.clock.tick(t);
  buf_.written.clear();
  th.started = true;
}

// Most steps are followed by another of the same thread (a preemption is the exception), so the
// thread that reached its next scheduling point ends its step and asks the oracle itself, and
// switches to the scheduler's fiber only when another thread runs next or the execution stops:
// two context switches fewer per such step. The order of everything the scheduler does is the
// same as in run()'s loop.
bool Execution::continue_inline(ThreadId t) {
  current_ = kNoThread;
  ThreadId next = kNoThread;
  try {
    next = end_step(t) ? decide() : kNoThread;
  } catch (...) {
    handed_error_ = std::current_exception();
    next = kNoThread;
  }
  if (next == t && !handed_error_) {
    begin_step(t);
    current_ = t;
    return true;
  }
  handed_over_ = true;
  handed_next_ = next;
  return false;
}

bool Execution::schedule(const EventDesc& d, const Blocker* blocker, ObjectId trace_obj, std::source_location loc) {
  if (tearing_down_) return false;
  if (current_ == kNoThread) {
    if (running_) throw std::logic_error("instrumented operation outside a model thread (in an invariant?)");
    return true;  // setup: no events, no scheduling
  }
  ModelThread& th = *threads_[current_];
  th.pending = d;
  th.pending.thread = current_;
  th.blocker = blocker;
  th.pending_obj = trace_obj;
  th.pending_fn = loc.function_name();
  th.pending_line = loc.line();
  if (running_ && continue_inline(th.id)) return true;
  th.fiber->yield();
  return true;
}

void Execution::record_values(std::uint64_t before, std::uint64_t after) {
  if (current_ == kNoThread || buf_.steps.empty()) return;
  StepRecord& rec = buf_.steps.back();
  rec.before = before;
  rec.after = after;
  rec.has_values = true;
}

void Execution::step_failed_update() {
  if (current_ == kNoThread || buf_.events.empty()) return;
  buf_.events.back().failed_update = true;
}

void Execution::note_peek_in_step(ObjectId obj) {
  if (buf_.events.empty()) return;
  const std::uint32_t at = position() - 1;
  if (!buf_.peeks.empty() && buf_.peeks.back().first == at && buf_.peeks.back().second == obj) return;
  buf_.peeks.emplace_back(at, obj);
}

void Execution::step_commuting_add() {
  if (current_ == kNoThread || buf_.events.empty()) return;
  buf_.events.back().commuting_add = true;
}

void Execution::step_stale() {
  if (current_ == kNoThread || buf_.steps.empty()) return;
  buf_.steps.back().stale = true;
}

ThreadView& Execution::self_view() {
  if (current_ >= views_.size()) views_.resize(current_ + 1);
  return views_[current_];
}

bool Execution::schedule_fence(std::source_location loc) {
  EventDesc d;
  d.kind = OpKind::Fence;
  d.acc[0] = Access{sc_order_, 0, AccessMode::Write};
  return schedule(d, nullptr, sc_order_, loc);
}

void Execution::set_context(std::string context) {
  if (current_ != kNoThread)
    threads_[current_]->context = std::move(context);
  else
    setup_context_ = std::move(context);
}

void Execution::fail(Verdict v, std::string check, std::string message, const ViolationSubject& subject) {
  if (current_ == kNoThread) throw SetupFailure{Violation{v, std::move(check), std::move(message)}, setup_context_};
  if (!threads_[current_]->context.empty()) message += " (at " + threads_[current_]->context + ")";
  set_violation(Violation{v, std::move(check), std::move(message)}, current_, true, subject);
  threads_[current_]->frozen = true;
  threads_[current_]->fiber->yield();  // never resumed except to be cancelled, which throws
  std::abort();
}

std::uint32_t Execution::choose(std::uint32_t n) {
  if (n <= 1 || current_ == kNoThread || tearing_down_) return 0;
  if (!running_) {
    // A thread spawned in setup runs to its first operation at once; a choice before it belongs
    // to no event yet, so it becomes one (independent of everything).
    EventDesc d;
    d.kind = OpKind::Custom;
    if (!schedule(d, nullptr, kNoObject, std::source_location::current())) return 0;
  }
  const std::uint32_t v = oracle_->choose(*this, n);
  buf_.choices.push_back(v);
  buf_.steps.back().choice_end = static_cast<std::uint32_t>(buf_.choices.size());
  return v;
}

void Execution::observe_release(ObjectId lock, const VectorClock& sync) {
  if (config_.memory_model != MemoryModel::C11 || current_ == kNoThread) return;
  section_observers_.release(lock, position() - 1, current_, sync);
}

void Execution::observe_acquire(ObjectId lock, const VectorClock& sync) {
  if (config_.memory_model != MemoryModel::C11 || current_ == kNoThread) return;
  const ModelThread& th = *threads_[current_];
  section_observers_.acquire(gain_watch_, lock, position() - 1, current_, th.clock, self_view().fence_view, sync);
}

void Execution::observe_var_access(const void* var) {
  if (config_.memory_model != MemoryModel::C11 || current_ == kNoThread || !config_.detect_data_races) return;
  const std::uint32_t epoch = threads_[current_]->clock.get(current_);
  section_observers_.var_access(current_, epoch, var);
  // Logged without observing: seq_cst fences' gains are views, which a race check does not read.
  gain_watch_.access(current_, epoch, var, false);
  weak_adds_.access(position() - 1, current_, var, nullptr, nullptr);
}

void Execution::acquire(const VectorClock& sync) {
  if (current_ != kNoThread) threads_[current_]->clock.join(sync);
}

void Execution::release(VectorClock& sync) {
  if (current_ != kNoThread) sync.join(threads_[current_]->clock);
}

const VectorClock* Execution::self_clock() const {
  return current_ == kNoThread ? nullptr : &threads_[current_]->clock;
}

void Execution::teardown() {
  if (tearing_down_) return;
  tearing_down_ = true;
  for (auto& th : threads_) {
    if (!th->fiber || th->fiber->finished()) continue;
    current_ = th->id;
    th->fiber->cancel();
    current_ = kNoThread;
  }
}

void check(bool cond, const char* what, std::source_location loc) {
  if (cond) return;
  Execution* ex = current_execution();
  if (ex == nullptr) throw std::logic_error(what);
  if (!ex->live()) return;
  ViolationSubject subject;
  subject.site = loc.function_name();
  ex->fail(Verdict::Assertion, bare_function_name(loc.function_name()), what, subject);
}

void require(bool cond, const char* what, std::source_location loc) {
  if (cond) return;
  Execution* ex = current_execution();
  if (ex == nullptr) throw std::logic_error(what);
  if (!ex->live()) return;
  ViolationSubject subject;
  subject.site = loc.function_name();
  ex->fail(Verdict::Precondition, bare_function_name(loc.function_name()), what, subject);
}

std::string bare_function_name(const char* pretty) {
  std::string s = pretty ? pretty : "";
  // "ret ns::fn(args)::<lambda()>" -> "fn"
  const std::size_t paren = s.find('(');
  if (paren != std::string::npos) s.resize(paren);
  const std::size_t space = s.rfind(' ');
  if (space != std::string::npos) s.erase(0, space + 1);
  const std::size_t colons = s.rfind("::");
  if (colons != std::string::npos) s.erase(0, colons + 2);
  return s;
}

}  // namespace checker
