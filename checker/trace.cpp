#include "checker/trace.h"

#include <algorithm>
#include <sstream>

#include "checker/execution.h"
#include "checker/swimlane.h"

namespace checker {

using nlohmann::json;

// Callback threads get their ids from the exploration's identity registry, in the order the
// exploration first met them, so the same callback can carry a different id in a fresh run. A
// trace must replay on its own: it numbers the callbacks of its prefix in the order this
// execution spawned them, which is the order a fresh registry assigns during the replay.
std::vector<ThreadId> canonical_thread_ids(const Execution& ex, std::size_t length) {
  std::vector<ThreadId> map(ex.thread_count(), kNoThread);
  const ThreadId initial = static_cast<ThreadId>(ex.initial_thread_count());
  std::vector<ThreadId> callbacks;
  for (std::size_t i = 0; i < ex.thread_count(); ++i) {
    const ThreadId id = static_cast<ThreadId>(i);
    const ModelThread& th = ex.thread(id);
    if (!th.exists) continue;
    if (!th.callback)
      map[i] = id;
    else if (th.spawned_at < length)
      callbacks.push_back(id);
  }
  std::sort(callbacks.begin(), callbacks.end(), [&](ThreadId a, ThreadId b) {
    const ModelThread& x = ex.thread(a);
    const ModelThread& y = ex.thread(b);
    return std::pair(x.spawned_at, x.callback_seq) < std::pair(y.spawned_at, y.callback_seq);
  });
  for (std::size_t k = 0; k < callbacks.size(); ++k) map[callbacks[k]] = initial + static_cast<ThreadId>(k);
  return map;
}

Trace trace_of(const Execution& ex, const std::string& strategy) {
  Trace t;
  t.strategy = strategy;
  const auto& steps = ex.steps();
  // With continue_after_violation the execution ran on; the trace ends at the violation.
  const std::size_t length = ex.violation() ? ex.violation_position() : steps.size();
  const std::vector<ThreadId> id = canonical_thread_ids(ex, length);
  for (std::size_t i = 0; i < ex.thread_count(); ++i) {
    if (id[i] == kNoThread) continue;
    if (t.threads.size() <= id[i]) t.threads.resize(id[i] + 1, "(absent)");
    t.threads[id[i]] = ex.thread(static_cast<ThreadId>(i)).name;
  }
  for (std::size_t i = 0; i < length; ++i) {
    const StepRecord& s = steps[i];
    TraceStep ts;
    ts.thread = id.at(s.thread);
    for (std::uint32_t c : ex.choices_of(i)) ts.choices.push_back(c);
    t.schedule.push_back(std::move(ts));
    TraceEvent e;
    e.step = static_cast<std::uint32_t>(i);
    e.thread = id.at(s.thread);
    e.op = op_kind_name(s.kind);
    e.object = ex.object_name(s.obj);
    if (s.has_values) {
      e.before = ex.format_value(s.obj, s.before);
      e.after = ex.format_value(s.obj, s.after);
    }
    e.function = bare_function_name(s.function);
    e.preempted = s.preempted;
    t.events.push_back(std::move(e));
  }
  t.preemptions = 0;
  for (const TraceEvent& e : t.events) t.preemptions += e.preempted ? 1 : 0;
  if (ex.violation()) {
    t.violation = *ex.violation();
    if (ex.violating_thread() != kNoThread) t.violating_thread = id.at(ex.violating_thread());
    if (length > 0) t.violating_step = static_cast<std::int64_t>(length - 1);
  }
  return t;
}

json trace_to_json(const Trace& t) {
  json j;
  j["format"] = "swapcheck-trace";
  j["version"] = 1;
  j["meta"] = t.meta;
  j["strategy"] = t.strategy;
  j["verdict"] = {{"kind", verdict_name(t.violation.verdict)},
                  {"check", t.violation.check},
                  {"message", t.violation.message},
                  {"thread", t.violating_thread},
                  {"step", t.violating_step}};
  j["threads"] = t.threads;
  json sched = json::array();
  for (const TraceStep& s : t.schedule) sched.push_back({{"thread", s.thread}, {"choices", s.choices}});
  j["schedule"] = std::move(sched);
  json events = json::array();
  for (const TraceEvent& e : t.events)
    events.push_back({{"step", e.step},
                      {"thread", e.thread},
                      {"op", e.op},
                      {"object", e.object},
                      {"before", e.before},
                      {"after", e.after},
                      {"function", e.function},
                      {"preempted", e.preempted}});
  j["events"] = std::move(events);
  j["preemptions"] = t.preemptions;
  return j;
}

namespace {

[[noreturn]] void bad(const std::string& path, const std::string& what) {
  throw TraceFormatError(path + ": " + what);
}

const json& field(const json& obj, const char* key, const std::string& path) {
  if (!obj.is_object()) bad(path, "expected an object");
  auto it = obj.find(key);
  if (it == obj.end()) bad(path, std::string("missing field \"") + key + "\"");
  return *it;
}

std::string str(const json& obj, const char* key, const std::string& path) {
  const json& v = field(obj, key, path);
  if (!v.is_string()) bad(path + "." + key, "expected a string");
  return v.get<std::string>();
}

std::int64_t integer(const json& obj, const char* key, const std::string& path, std::int64_t lo, std::int64_t hi) {
  const json& v = field(obj, key, path);
  if (!v.is_number_integer()) bad(path + "." + key, "expected an integer");
  const auto x = v.get<std::int64_t>();
  if (x < lo || x > hi) bad(path + "." + key, "out of range [" + std::to_string(lo) + ", " + std::to_string(hi) + "]");
  return x;
}

bool boolean(const json& obj, const char* key, const std::string& path) {
  const json& v = field(obj, key, path);
  if (!v.is_boolean()) bad(path + "." + key, "expected true or false");
  return v.get<bool>();
}

const json& array(const json& obj, const char* key, const std::string& path) {
  const json& v = field(obj, key, path);
  if (!v.is_array()) bad(path + "." + key, "expected an array");
  return v;
}

}  // namespace

Trace trace_from_json(const json& j) {
  Trace t;
  if (!j.is_object()) bad("$", "expected a trace object");
  if (str(j, "format", "$") != "swapcheck-trace") bad("$.format", "expected \"swapcheck-trace\"");
  if (integer(j, "version", "$", 1, 1) != 1) bad("$.version", "unsupported version");
  t.meta = field(j, "meta", "$");
  if (!t.meta.is_object()) bad("$.meta", "expected an object");
  t.strategy = str(j, "strategy", "$");
  const json& v = field(j, "verdict", "$");
  const std::string kind = str(v, "kind", "$.verdict");
  auto verdict = verdict_from_name(kind);
  if (!verdict) bad("$.verdict.kind", "unknown verdict \"" + kind + "\"");
  t.violation.verdict = *verdict;
  t.violation.check = str(v, "check", "$.verdict");
  t.violation.message = str(v, "message", "$.verdict");
  const std::int64_t max_threads = 1 << 16;
  t.violating_thread = integer(v, "thread", "$.verdict", -1, max_threads);
  t.violating_step = integer(v, "step", "$.verdict", -1, std::int64_t{1} << 40);
  const json& threads = array(j, "threads", "$");
  for (std::size_t i = 0; i < threads.size(); ++i) {
    if (!threads[i].is_string()) bad("$.threads[" + std::to_string(i) + "]", "expected a string");
    t.threads.push_back(threads[i].get<std::string>());
  }
  const json& sched = array(j, "schedule", "$");
  for (std::size_t i = 0; i < sched.size(); ++i) {
    const std::string p = "$.schedule[" + std::to_string(i) + "]";
    TraceStep s;
    s.thread = static_cast<ThreadId>(integer(sched[i], "thread", p, 0, max_threads));
    const json& ch = array(sched[i], "choices", p);
    for (std::size_t k = 0; k < ch.size(); ++k) {
      const std::string at = p + ".choices[" + std::to_string(k) + "]";
      if (!ch[k].is_number_unsigned()) bad(at, "expected a non-negative integer");
      if (ch[k].get<std::uint64_t>() > 0xffffffffull) bad(at, "out of range [0, 4294967295]");
      s.choices.push_back(ch[k].get<std::uint32_t>());
    }
    t.schedule.push_back(std::move(s));
  }
  const json& events = array(j, "events", "$");
  for (std::size_t i = 0; i < events.size(); ++i) {
    const std::string p = "$.events[" + std::to_string(i) + "]";
    TraceEvent e;
    e.step = static_cast<std::uint32_t>(integer(events[i], "step", p, 0, std::int64_t{1} << 31));
    e.thread = static_cast<ThreadId>(integer(events[i], "thread", p, 0, max_threads));
    e.op = str(events[i], "op", p);
    e.object = str(events[i], "object", p);
    e.before = str(events[i], "before", p);
    e.after = str(events[i], "after", p);
    e.function = str(events[i], "function", p);
    e.preempted = boolean(events[i], "preempted", p);
    t.events.push_back(std::move(e));
  }
  t.preemptions = static_cast<std::uint32_t>(integer(j, "preemptions", "$", 0, std::int64_t{1} << 31));
  return t;
}

std::string trace_to_text(const Trace& t) { return swimlane(t); }

}  // namespace checker
