// One execution of a model: its threads (fibers), the objects they share, the events they
// perform, and the scheduling loop that asks an Oracle which enabled thread runs next.
//
// Life of an execution (stateless exploration, as Relacy, CDSChecker, GenMC, Nidhugg):
//   1. the explorer constructs an Execution and an ExecutionScope;
//   2. the program's setup builds the model state, spawns threads and registers invariants
//      (instrumented operations run at once here, without events);
//   3. run() loops: compute the enabled threads, ask the oracle, resume the chosen fiber for
//      exactly one instrumented operation (plus the local code up to its next one), check the
//      step invariants; it stops at quiescence (then checks the quiescence invariants), at the
//      first violation, or when the oracle cuts the execution;
//   4. unfinished fibers are unwound, then the model state is destroyed.
//
// Everything runs on one OS thread. Model code reaches its Execution through
// current_execution(); nothing in an execution depends on wall-clock time, addresses or
// unseeded randomness, so the same schedule always produces the same events.
#pragma once

#include <boost/container/small_vector.hpp>
#include <cstdint>
#include <exception>
#include <functional>
#include <memory>
#include <optional>
#include <source_location>
#include <span>
#include <string>
#include <unordered_map>
#include <vector>

#include "checker/fiber.h"
#include "checker/identities.h"
#include "checker/section_observers.h"
#include "checker/shadow_stack.h"
#include "checker/types.h"
#include "checker/vector_clock.h"
#include "checker/verdict.h"
#include "checker/weak_adds.h"
#include "checker/weak_memory.h"

namespace checker {

class CommutingAdds;
class Execution;
class Oracle;
struct StackRecording;

// "No event": a position in an execution that does not exist.
inline constexpr std::uint32_t kNoPosition = ~0u;

// The execution running on this OS thread (null outside one).
Execution* current_execution();

// Sets the current execution for a scope.
class ExecutionScope {
 public:
  explicit ExecutionScope(Execution& ex);
  ~ExecutionScope();
  ExecutionScope(const ExecutionScope&) = delete;
  ExecutionScope& operator=(const ExecutionScope&) = delete;

 private:
  Execution* saved_;
};

// An object's display name, built lazily: each '#' in base is replaced by i, then by j.
// Cheap enough to construct for every object of every execution.
struct ObjectName {
  const char* base = "?";
  std::int32_t i = -1;
  std::int32_t j = -1;
  std::string str() const;
};

// Turns a recorded value into text for traces (a swap table word decoded, say).
using ValueFormatter = std::string (*)(std::uint64_t);
std::string format_signed(std::uint64_t v);
std::string format_unsigned(std::uint64_t v);

// The condition under which a pending operation cannot proceed yet (a held lock, a grace
// period in progress). A thread whose pending operation is blocked is disabled.
class Blocker {
 public:
  virtual bool blocks(ThreadId t) const = 0;
  virtual std::string waiting_for() const = 0;
  // Awaits (waits for a condition on shared words, as wait_event) answer true, and say where
  // partial-order reduction can reverse the race between the last write of the word the event's
  // access `word` (0 or 1) reads and the wait: the position of the latest write of that word,
  // before `until`, just before which the condition already held (the other words keeping their
  // values at the wait), or kNoPosition when it held before none. Locks and grace periods are
  // not awaits: race_analysis.cpp knows their blocking by event kind.
  virtual bool is_await() const { return false; }
  virtual std::uint32_t await_reversal_point(const Execution& ex, std::uint32_t until, int word) const;

 protected:
  ~Blocker() = default;
};

// Liveness of a tracked heap object. Primitives constructed inside an OwnerScope belong to
// one; every access to them checks it.
struct HeapCell {
  enum class State : std::uint8_t { Live, Retired, Freed };
  ObjectId id = kNoObject;
  ObjectName name;
  State state = State::Live;
  std::uint32_t freed_at = 0;  // event index of the free
  ThreadId freed_by = kNoThread;
};

// One executed event, as traces show it.
struct StepRecord {
  ThreadId thread = kNoThread;
  OpKind kind = OpKind::ThreadStart;
  ObjectId obj = kNoObject;
  std::uint64_t before = 0;
  std::uint64_t after = 0;
  bool has_values = false;
  // C11 mode: a load that read a store older than the latest, or a store placed before a newer
  // one in modification order: its values are not the word's latest.
  bool stale = false;
  bool preempted = false;
  const char* function = "";
  std::uint32_t line = 0;
  std::uint32_t choice_begin = 0;
  std::uint32_t choice_end = 0;
};

// When an invariant is evaluated. A word on EveryStep under DPOR: DPOR runs one interleaving
// per Mazurkiewicz trace, and interleavings of one trace pass through different global states
// when independent events swap. A step invariant is therefore only meaningful over state whose
// writes are ordered by happens-before (state guarded by one lock, one atomic word, one
// thread's private data); relations between independently updated objects (a swap count
// against the page tables that hold it) belong at Quiescence.
enum class CheckWhen : std::uint8_t { EveryStep, Quiescence };

// What the step just executed wrote: the objects its event writes (Access::mode == Write) and
// the objects it created (their initial values are writes nobody scheduled). Invariants that
// keep no more than this in view can judge only what the step could have changed.
struct StepWrites {
  std::uint32_t step = 0;  // the event's index in the execution
  std::span<const ObjectId> objects;
};

struct InvariantDef {
  std::string name;
  Verdict kind = Verdict::Invariant;  // Invariant, or Hint for advisory checks
  CheckWhen when = CheckWhen::EveryStep;
  std::function<std::optional<std::string>()> check;  // nullopt: holds; text: why not
  // Optional incremental form of an EveryStep check: the same answer as check(), given that every
  // step invariant held after the previous step. The engine calls check() instead for the first
  // check of an execution and for every check after a violation, so a failing state is always
  // judged whole (the reported message is the one check() gives).
  std::function<std::optional<std::string>(const StepWrites&)> check_step = {};
};

struct ExecutionConfig {
  std::uint32_t step_bound = 2000;  // per thread; exceeding it is non-termination
  bool detect_data_races = true;
  std::size_t stack_size = 0;  // 0: default_stack_size()
  std::size_t expected_events = 64;  // buffer reservation (the explorer passes the last length)
  // After the first violation, freeze the thread that caused it and let the others run to the
  // end, reporting nothing more. DPOR needs those later events to see every race that could
  // reorder the violating step; the trace still ends at the violation.
  bool continue_after_violation = false;
  // Keep the shadow call stacks (shadow_stack.h) of every step, heap allocation and thread end,
  // for the report of a counterexample (evidence.h). Only the replay of a counterexample asks.
  bool record_stacks = false;
  // Sc: every atomic access sequentially consistent. C11: memory orders and fences (weak_memory.h).
  MemoryModel memory_model = MemoryModel::Sc;
};

struct HeldLock {
  ObjectId lock;
  const char* lock_class;
  int subclass;
  bool spinning;  // a spinlock (atomic context), as opposed to a sleeping lock
  std::uint32_t acquired_at = kNoPosition;  // the acquire's event; kNoPosition: taken in setup
};

// What a violation is about, as the check that raised it names it, for reports (evidence.h).
struct ViolationSubject {
  ObjectId object = kNoObject;        // the object accessed, or the lock taken or released
  ObjectId heap = kNoObject;          // use after free, double free: the heap object (HeapCell::id)
  ObjectId other_object = kNoObject;  // lock nesting: the lock of the same class already held
  ThreadId other_thread = kNoThread;  // data race: the thread of the earlier access
  bool other_write = false;           // data race: that access wrote
  bool other_marked = false;          // data race: that access was marked (Var::read_once/write_once)
  // The check refused the operation before it became an event (an unlock of a lock not held,
  // a sleeping lock in atomic context): which operation it was.
  bool refused = false;
  OpKind op = OpKind::Custom;
  // The source_location function name of the failing call (refused operations, assertions and
  // preconditions: the code between two events), or null when the failing event says where.
  const char* site = nullptr;
  bool at_quiescence = false;  // an invariant checked once every thread had finished
};

struct ModelThread {
  ThreadId id = kNoThread;
  std::string name;
  int cpu = 0;
  bool exists = false;    // false: an id reserved by the registry but not created here
  bool callback = false;  // an RCU callback pseudo-thread
  bool started = false;
  bool finished = true;
  bool frozen = false;    // stopped by a violation (continue_after_violation)
  std::unique_ptr<Fiber> fiber;
  EventDesc pending;
  const Blocker* blocker = nullptr;
  ObjectId pending_obj = kNoObject;
  const char* pending_fn = "";
  std::uint32_t pending_line = 0;
  std::uint32_t steps = 0;
  std::uint32_t objects_created = 0;
  std::uint32_t callbacks_created = 0;
  std::uint32_t spawned_at = ~0u;  // callbacks: the event (call_rcu) that created the thread
  std::uint32_t callback_seq = 0;  // callbacks: how many the parent had spawned before this one
  std::string context;  // where the model says the thread is (a scenario step), added to its violations
  VectorClock clock;  // happens-before for the data-race detector
  ShadowStack stack;  // the model functions it is inside (shadow_stack.h)
  boost::container::small_vector<HeldLock, 4> held;
  int spin_depth = 0;
  int rcu_depth = 0;
  std::uint32_t rcu_section = 0;  // counts outermost read-side sections
  std::uint32_t rcu_lock_event = ~0u;  // the event that opened the current outermost section
};

// Growable buffers an execution fills; an explorer hands them from one execution to the next
// so that thousands of executions do not each allocate them afresh.
struct ExecutionBuffers {
  std::vector<EventDesc> events;
  std::vector<StepRecord> steps;
  std::vector<std::uint32_t> choices;
  std::vector<ThreadId> enabled;
  std::vector<ObjectId> written;  // StepWrites of the step being executed
  std::vector<std::pair<std::uint32_t, ObjectId>> peeks;  // (event, object): reads without an event
  // Sizes the previous execution reached, reserved up front: every execution of a program builds
  // about the same setup objects and invariants.
  std::size_t setup_objects_hint = 0;
  std::size_t invariants_hint = 0;
  void clear() {
    events.clear();
    steps.clear();
    choices.clear();
    enabled.clear();
    written.clear();
    peeks.clear();
  }
};

enum class ExecutionEnd : std::uint8_t {
  NotRun,
  Quiescent,  // every thread finished, every callback ran
  Violation,
  Cut,        // the oracle declined to continue (sleep-set blocked, or replay ended early)
};

class Execution {
 public:
  Execution(const ExecutionConfig& config, IdentityRegistry& ids, StackPool& stacks, ExecutionBuffers buffers = {});
  ~Execution();
  Execution(const Execution&) = delete;
  Execution& operator=(const Execution&) = delete;

  // ---- setup ----
  ThreadId spawn(std::string name, std::function<void()> body, int cpu = 0);
  void add_invariant(InvariantDef inv);
  // Optional: whether a step could have changed anything the check_step forms read. When it
  // returns false, no check_step runs for that step (each would have found nothing); check()
  // forms and invariants without check_step run as usual.
  void set_step_filter(std::function<bool(const StepWrites&)> filter) { step_filter_ = std::move(filter); }
  // Keeps model state alive until the execution's fibers are gone.
  template <class T>
  T& keep(std::unique_ptr<T> state) {
    T* raw = state.get();
    kept_.push_back(std::shared_ptr<void>(std::move(state)));
    return *raw;
  }

  // ---- running ----
  void run(Oracle& oracle);

  // Gives the buffers back for the next execution (the results are gone afterwards).
  ExecutionBuffers take_buffers();

  // ---- results ----
  ExecutionEnd end() const { return end_; }
  const std::optional<Violation>& violation() const { return violation_; }
  // What the first violation's check named as its subject.
  const ViolationSubject& violation_subject() const { return subject_; }
  // The recorded stacks (ExecutionConfig::record_stacks), or null.
  const StackRecording* recording() const { return recording_.get(); }
  // The heap object with this id, or null.
  const HeapCell* heap_cell(ObjectId id) const;
  // Violations after the first (continue_after_violation), in the order they happened.
  const std::vector<Violation>& later_violations() const { return later_violations_; }
  ThreadId violating_thread() const { return violating_thread_; }
  // Number of events up to and including the violating one (the trace's length).
  std::uint32_t violation_position() const { return violation_position_; }
  // The last scheduling point at or before the violation: the violating event's index, or the
  // position at which no event could run (deadlock, step bound).
  std::uint32_t violation_node() const { return violation_node_; }
  const std::vector<EventDesc>& events() const { return buf_.events; }
  const std::vector<StepRecord>& steps() const { return buf_.steps; }
  std::span<const std::uint32_t> choices_of(std::size_t step) const;
  // What model threads read without an event (peek()), each with the event whose step it was
  // part of, in order. The lock-aware reduction counts them as reads inside the critical
  // sections they happen in: a cluster's table pointer peeked under ci->lock makes that section
  // conflict with one that sets the pointer.
  const std::vector<std::pair<std::uint32_t, ObjectId>>& peeks() const { return buf_.peeks; }
  std::uint32_t position() const { return static_cast<std::uint32_t>(buf_.events.size()); }
  ThreadId last_thread() const { return last_; }
  std::size_t thread_count() const { return threads_.size(); }
  std::uint32_t initial_thread_count() const { return initial_threads_; }
  const ModelThread& thread(ThreadId t) const { return *threads_.at(t); }
  const EventDesc& pending(ThreadId t) const { return threads_.at(t)->pending; }
  bool is_enabled(ThreadId t) const;
  std::string object_name(ObjectId id) const;
  std::string format_value(ObjectId id, std::uint64_t v) const;
  std::uint32_t preemptions() const { return preemptions_; }

  // ---- for primitives and model code ----
  bool in_model_thread() const { return current_ != kNoThread; }
  bool tearing_down() const { return tearing_down_; }
  // True when instrumented operations should take effect: in setup, or in a model thread of a
  // live execution (not while it is being torn down).
  bool live() const { return !tearing_down_; }
  ThreadId self() const { return current_; }
  // Names where the running thread is in the model's own terms (say, the scenario step it runs);
  // a violation the thread raises itself (assertion, precondition, memory or lock misuse) ends
  // with it. Empty clears it. Outside the threads it names where the setup is, and a setup
  // failure carries it (Report::setup_context).
  void set_context(std::string context);
  ModelThread& self_thread() { return *threads_[current_]; }
  // The running thread's shadow call stack, or the setup's outside the threads.
  ShadowStack& shadow_stack() { return current_ == kNoThread ? setup_stack_ : threads_[current_]->stack; }
  int self_cpu() const { return current_ == kNoThread ? 0 : threads_[current_]->cpu; }

  // Declares the calling thread's next operation and waits until the oracle picks it.
  // Returns false when the execution is being torn down: the caller must then do nothing.
  // In setup there is no scheduling: it returns true at once.
  bool schedule(const EventDesc& d, const Blocker* blocker, ObjectId trace_obj, std::source_location loc);
  void record_values(std::uint64_t before, std::uint64_t after);
  // A primitive's peek(): in a model thread's step it is a read the scheduler does not see (see
  // peeks()); from invariants, setup and tests it is nothing.
  void note_peek(ObjectId obj) {
    if (current_ != kNoThread && running_) note_peek_in_step(obj);  // invariants peek the most: inline
  }
  // The running step turned out to change nothing (a compare-exchange, add_unless or trylock
  // that failed): race analysis treats it as a read (EventDesc::failed_update). Call it from the
  // primitive, inside the step.
  void step_failed_update();
  // The running step is an add that joined its word's segment of commuting adds
  // (EventDesc::commuting_add). Call it from the primitive, inside the step.
  void step_commuting_add();
  // The running step's values are not its word's latest (StepRecord::stale, weak_memory.h).
  void step_stale();
  // Reports a violation. In a model thread it ends the execution and does not return; in setup
  // it throws SetupFailure.
  // `subject` names what the violation is about, for its report.
  [[noreturn]] void fail(Verdict v, std::string check, std::string message, const ViolationSubject& subject = {});
  // A data choice: an integer in [0, n), chosen by the oracle and recorded in the schedule.
  std::uint32_t choose(std::uint32_t n);

  ObjectId register_object(ObjectName name, ValueFormatter fmt);
  HeapCell* new_heap_cell(ObjectName name);
  // Records where a heap object was allocated, when stacks are recorded (`site`: the
  // source_location function name of the allocating call).
  void note_alloc(const HeapCell* cell, const char* site);
  HeapCell* current_owner() const { return owner_; }
  void set_current_owner(HeapCell* c) { owner_ = c; }
  ThreadId spawn_callback(std::string name, const EventDesc& first, const Blocker* blocker,
                          std::function<void()> body);

  // Words whose adds commute (Atomic::let_adds_commute), for partial-order reduction: the state
  // of each one's current segment.
  void register_commuting_adds(ObjectId word, const CommutingAdds* adds) { commuting_words_.emplace_back(word, adds); }
  const CommutingAdds* commuting_adds(ObjectId word) const {
    for (const auto& [w, adds] : commuting_words_)
      if (w == word) return adds;
    return nullptr;
  }

  // Weak memory (weak_memory.h). The running thread's view, the global view of seq_cst fences,
  // and a seq_cst fence's event (false when the execution is being torn down).
  MemoryModel memory_model() const { return config_.memory_model; }
  ThreadView& self_view();
  VectorClock& sc_view() { return sc_view_; }
  bool schedule_fence(std::source_location loc);
  FenceObservers& fence_observers() { return fence_observers_; }
  GainWatch& gain_watch() { return gain_watch_; }
  // Whether the seq_cst fence at `pos` and the older one at `older` are independent: no later
  // access observed their order (FenceObservers::unobserved). An execution cut short says no:
  // its later accesses are unknown.
  bool fence_race_unobserved(std::uint32_t pos, std::uint32_t older) const {
    return end_ != ExecutionEnd::Cut && end_ != ExecutionEnd::NotRun && fence_observers_.unobserved(gain_watch_, pos, older);
  }
  // Commuting adds under C11 (weak_adds.h): whether the adds at positions a and b are of one
  // segment whose order no access observed, and whether the add at `a` is of such a segment (a
  // later access of its word is then ordered after every add of it). An execution cut short says
  // no, as for fences.
  WeakAdds& weak_adds() { return weak_adds_; }
  bool weak_adds_unordered(std::uint32_t a, std::uint32_t b) const {
    return end_ != ExecutionEnd::Cut && end_ != ExecutionEnd::NotRun && weak_adds_.unordered(a, b);
  }
  bool weak_add_unordered(std::uint32_t a) const {
    return end_ != ExecutionEnd::Cut && end_ != ExecutionEnd::NotRun && weak_adds_.in_unobserved(a);
  }

  // C11 mode, in a model thread: the running step releases or takes a lock whose clock is `sync`
  // (before the step joins it), for the lock-aware search (SectionObservers). A reader's shared
  // acquire, which never begins a leaf section, is not judged. Nothing under Sc.
  void observe_release(ObjectId lock, const VectorClock& sync);
  void observe_acquire(ObjectId lock, const VectorClock& sync);
  // C11 mode, in a model thread, with the data-race detector on: the running step is an access of
  // Var `var` that the detector checks, which observes the orders of sections
  // (SectionObservers::var_access) and of commuting adds (WeakAdds::access) whose gain touched it.
  void observe_var_access(const void* var);
  // Whether the section whose acquire is at `acquire` and the earlier one whose release is at
  // `release` (of one lock) may commute: no later access observed their order
  // (SectionObservers::unobserved). An execution cut short says no.
  bool section_order_unobserved(std::uint32_t acquire, std::uint32_t release) const {
    return end_ != ExecutionEnd::Cut && end_ != ExecutionEnd::NotRun &&
           section_observers_.unobserved(gain_watch_, acquire, release);
  }

  // Happens-before of the data-race detector.
  void acquire(const VectorClock& sync);
  void release(VectorClock& sync);
  const VectorClock* self_clock() const;
  bool detect_data_races() const { return config_.detect_data_races; }

 private:
  // Fills buf_.enabled; returns whether any thread is still unfinished (and not frozen).
  bool collect_enabled();
  // The scheduler's three parts. decide(): the thread the oracle picks to run next, or kNoThread
  // when the execution ends there (quiescence, deadlock, a cut). begin_step(t): records t's
  // pending event as executed. end_step(t): what follows t's step (its writes, the step bound,
  // the step invariants); false when the execution stops there.
  ThreadId decide();
  void begin_step(ThreadId t);
  bool end_step(ThreadId t);
  // Called by the running thread at its next scheduling point: ends its step and decides the
  // next one without leaving the thread's fiber; true when the thread itself runs next.
  bool continue_inline(ThreadId t);
  bool check_invariants(CheckWhen when);
  void note_peek_in_step(ObjectId obj);
  // Marks `ev` (executed at, or pending after, position `until`) as an await when its blocker is one.
  void note_await(EventDesc& ev, const Blocker* blocker, std::uint32_t until) const;
  void teardown();
  void set_violation(Violation v, ThreadId thread, bool in_step, const ViolationSubject& subject = {});
  void record_thread_ends();
  bool after_violation() const { return violation_.has_value(); }
  ModelThread& make_thread(ThreadId id, std::string name, int cpu);

  ExecutionConfig config_;
  IdentityRegistry& ids_;
  StackPool& stacks_;
  Oracle* oracle_ = nullptr;

  // Owned through pointers: a step may create a thread (call_rcu) while references to the
  // running thread's record are live.
  std::vector<std::unique_ptr<ModelThread>> threads_;
  std::uint32_t initial_threads_ = 0;
  std::string setup_context_;
  bool running_ = false;
  bool tearing_down_ = false;
  ThreadId current_ = kNoThread;
  ThreadId last_ = kNoThread;
  // Set by a thread that ended its step and decided the next one itself (continue_inline) before
  // it hands control back: the thread to run next (kNoThread: stop), or an exception to rethrow.
  bool handed_over_ = false;
  ThreadId handed_next_ = kNoThread;
  std::exception_ptr handed_error_;

  struct ObjectInfo {
    ObjectName name;
    ValueFormatter fmt;
  };
  std::unordered_map<ObjectId, ObjectInfo> dynamic_objects_;
  std::vector<ObjectInfo> setup_objects_;
  std::uint32_t setup_object_count_ = 0;
  std::vector<std::unique_ptr<HeapCell>> heap_;
  HeapCell* owner_ = nullptr;

  std::vector<InvariantDef> invariants_;
  std::function<bool(const StepWrites&)> step_filter_;
  std::uint32_t plain_step_invariants_ = 0;  // EveryStep invariants without check_step
  bool steps_checked_clean_ = false;  // the last round of step invariants passed: the next may be incremental
  ExecutionBuffers buf_;
  std::uint32_t preemptions_ = 0;

  ExecutionEnd end_ = ExecutionEnd::NotRun;
  std::optional<Violation> violation_;
  ThreadId violating_thread_ = kNoThread;
  std::uint32_t violation_position_ = 0;
  std::uint32_t violation_node_ = 0;
  std::vector<Violation> later_violations_;
  ViolationSubject subject_;

  ShadowStack setup_stack_;
  std::unique_ptr<StackRecording> recording_;

  std::vector<std::shared_ptr<void>> kept_;
  std::vector<std::pair<ObjectId, const CommutingAdds*>> commuting_words_;
  // C11 mode only: the object every seq_cst fence writes (they are ordered with each other), the
  // global view they share, and each thread's view (by thread id, grown on demand).
  ObjectId sc_order_ = kNoObject;
  VectorClock sc_view_;
  std::vector<ThreadView> views_;
  GainWatch gain_watch_;            // weak accesses and the gains they observe (C11 mode)
  FenceObservers fence_observers_;  // which fence races were observed (C11 mode)
  SectionObservers section_observers_;  // which orders of critical sections were observed (C11 mode)
  WeakAdds weak_adds_;              // which segments of commuting adds were observed (C11 mode)
};

// Thrown by Execution::fail during setup: the initial state itself breaks a rule.
struct SetupFailure {
  Violation violation;
  std::string context;  // the setup's context when it failed (Execution::set_context)
};

// Model-side checks. check(): an assertion of the model (Verdict::Assertion); require(): an
// operation's documented precondition (Verdict::Precondition). Both are no-ops while an
// execution is torn down.
void check(bool cond, const char* what, std::source_location loc = std::source_location::current());
void require(bool cond, const char* what, std::source_location loc = std::source_location::current());

// Strips a source_location function name down to the bare function ("folio_dup_swap").
std::string bare_function_name(const char* pretty);

}  // namespace checker
