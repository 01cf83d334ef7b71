#include "checker/cli/chrome_trace.h"

#include <algorithm>
#include <fstream>

#include "checker/cli/json_output.h"
#include "checker/cli/scenario_reader.h"

namespace checker {

using nlohmann::json;

namespace {

constexpr std::int64_t kStepUs = 10;
constexpr int kPid = 1;

std::int64_t ts_of(std::int64_t step) { return step * kStepUs; }
int tid_of(std::int64_t thread) { return static_cast<int>(thread) + 1; }

json slice_edge(const char* ph, const std::string& name, std::int64_t thread, std::int64_t ts) {
  return {{"ph", ph}, {"name", name}, {"cat", "function"}, {"pid", kPid}, {"tid", tid_of(thread)}, {"ts", ts}};
}

class Writer {
 public:
  Writer(const Trace& t, const Evidence& ev) : t_(t), ev_(ev), open_(t.threads.size()) {}

  json run(const std::string& scenario) {
    metadata(scenario);
    for (std::size_t i = 0; i < t_.events.size(); ++i) step(i);
    const std::int64_t end = ts_of(static_cast<std::int64_t>(t_.events.size()));
    blocked(end);
    for (std::size_t th = 0; th < open_.size(); ++th) move_to(static_cast<std::int64_t>(th), {}, end + kStepUs);
    lock_handoffs();
    grace_periods();
    violation();
    return {{"traceEvents", std::move(events_)},
            {"displayTimeUnit", "ns"},
            {"otherData", {{"scenario", scenario}, {"verdict", verdict_name(t_.violation.verdict)},
                           {"check", t_.violation.check}, {"message", t_.violation.message},
                           {"time_unit", "1 step = 10 us"}}}};
  }

 private:
  void metadata(const std::string& scenario) {
    events_.push_back({{"ph", "M"}, {"name", "process_name"}, {"pid", kPid}, {"tid", 0},
                       {"args", {{"name", "swapcheck " + scenario}}}});
    for (std::size_t th = 0; th < t_.threads.size(); ++th) {
      const auto id = static_cast<std::int64_t>(th);
      events_.push_back({{"ph", "M"}, {"name", "thread_name"}, {"pid", kPid}, {"tid", tid_of(id)},
                         {"args", {{"name", t_.threads[th] + "/" + std::to_string(th)}}}});
      events_.push_back({{"ph", "M"}, {"name", "thread_sort_index"}, {"pid", kPid}, {"tid", tid_of(id)},
                         {"args", {{"sort_index", id}}}});
    }
  }

  // Closes the thread's frames that `stack` does not share and opens its new ones, at `ts`.
  void move_to(std::int64_t thread, const CallStack& stack, std::int64_t ts) {
    CallStack& open = open_[static_cast<std::size_t>(thread)];
    std::size_t common = 0;
    while (common < open.size() && common < stack.size() && open[common] == stack[common]) ++common;
    for (std::size_t k = open.size(); k-- > common;) events_.push_back(slice_edge("E", open[k], thread, ts));
    for (std::size_t k = common; k < stack.size(); ++k) events_.push_back(slice_edge("B", stack[k], thread, ts));
    open = stack;
  }

  void step(std::size_t i) {
    const TraceEvent& e = t_.events[i];
    const std::int64_t ts = ts_of(static_cast<std::int64_t>(i));
    move_to(e.thread, i < ev_.step_stacks.size() ? ev_.step_stacks[i] : CallStack{}, ts);
    json args = {{"step", e.step}, {"function", e.function}, {"preempted", e.preempted}};
    if (!e.before.empty() || !e.after.empty()) {
      args["before"] = e.before;
      args["after"] = e.after;
    }
    events_.push_back({{"ph", "X"}, {"name", e.object.empty() ? e.op : e.op + " " + e.object}, {"cat", "step"},
                       {"pid", kPid}, {"tid", tid_of(e.thread)}, {"ts", ts}, {"dur", kStepUs}, {"args", std::move(args)}});
  }

  void blocked(std::int64_t end) {
    for (std::size_t th = 0; th < ev_.threads.size() && th < open_.size(); ++th) {
      const ThreadEvidence& e = ev_.threads[th];
      if (!e.blocked) continue;
      const auto id = static_cast<std::int64_t>(th);
      move_to(id, e.stack, end);
      events_.push_back({{"ph", "X"}, {"name", "blocked: " + e.pending_op + " " + e.pending_object}, {"cat", "blocked"},
                         {"pid", kPid}, {"tid", tid_of(id)}, {"ts", end}, {"dur", kStepUs},
                         {"args", {{"waits_for", e.waits_for}}}});
    }
  }

  void flow(const std::string& name, const char* cat, std::size_t from, std::size_t to) {
    const int id = ++flows_;
    const TraceEvent& a = t_.events[from];
    const TraceEvent& b = t_.events[to];
    events_.push_back({{"ph", "s"}, {"name", name}, {"cat", cat}, {"id", id}, {"pid", kPid}, {"tid", tid_of(a.thread)},
                       {"ts", ts_of(static_cast<std::int64_t>(from))}});
    events_.push_back({{"ph", "f"}, {"bp", "e"}, {"name", name}, {"cat", cat}, {"id", id}, {"pid", kPid},
                       {"tid", tid_of(b.thread)}, {"ts", ts_of(static_cast<std::int64_t>(to))}});
  }

  // An unlock, then the next lock of the same lock, when another thread takes it.
  void lock_handoffs() {
    const auto& ev = t_.events;
    for (std::size_t i = 0; i < ev.size(); ++i) {
      if (ev[i].op != "unlock") continue;
      for (std::size_t j = i + 1; j < ev.size(); ++j) {
        const bool took = ev[j].object == ev[i].object &&
                          (ev[j].op == "lock" || (ev[j].op == "trylock" && ev[j].after != ev[j].before));
        if (!took) continue;
        if (ev[j].thread != ev[i].thread) flow(ev[i].object + " hand-off", "lock", i, j);
        break;
      }
    }
  }

  // synchronize_rcu -> the same thread's end of the grace period; call_rcu -> its callback's.
  // Callback threads are the trace's last thread ids, one per call_rcu in order (trace_of).
  void grace_periods() {
    const auto& ev = t_.events;
    const auto calls = static_cast<std::size_t>(std::count_if(ev.begin(), ev.end(), [](const TraceEvent& e) { return e.op == "call_rcu"; }));
    std::size_t callback = t_.threads.size() - std::min(calls, t_.threads.size());
    for (std::size_t i = 0; i < ev.size(); ++i) {
      const bool sync = ev[i].op == "synchronize_rcu";
      if (!sync && ev[i].op != "call_rcu") continue;
      const std::size_t waiter = sync ? ev[i].thread : callback++;
      for (std::size_t j = i + 1; j < ev.size(); ++j) {
        if (ev[j].thread != waiter || ev[j].op != "grace_period_end") continue;
        flow("RCU grace period", "rcu", i, j);
        break;
      }
    }
  }

  void violation() {
    if (t_.violation.verdict == Verdict::Pass) return;
    const std::int64_t step = std::max<std::int64_t>(t_.violating_step, 0);
    events_.push_back({{"ph", "i"}, {"s", "g"}, {"name", std::string(verdict_name(t_.violation.verdict)) + " [" + t_.violation.check + "]"},
                       {"cat", "violation"}, {"pid", kPid}, {"tid", tid_of(std::max<std::int64_t>(t_.violating_thread, 0))},
                       {"ts", ts_of(step)}, {"args", {{"message", t_.violation.message}}}});
  }

  const Trace& t_;
  const Evidence& ev_;
  std::vector<CallStack> open_;  // per thread: the frames opened so far, outermost first
  json events_ = json::array();
  int flows_ = 0;
};

}  // namespace

json chrome_trace(const Trace& t, const Evidence& ev, const std::string& scenario) { return Writer(t, ev).run(scenario); }

void write_chrome_trace_file(const std::string& path, const Trace& t, const Evidence* ev, const std::string& scenario) {
  const Evidence none;
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << json_text(chrome_trace(t, ev != nullptr ? *ev : none, scenario));
  out.close();
  if (!out) throw ScenarioError({path}, "cannot write the Chrome trace file");
}

}  // namespace checker
