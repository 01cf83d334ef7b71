#include "checker/swimlane.h"

#include <algorithm>
#include <sstream>

namespace checker {

namespace {

constexpr std::size_t kWidth = 44;  // a column, its two spaces of separation included
constexpr std::size_t kText = kWidth - 2;
constexpr const char* kMark = "!! ";

// Splits text into lines of at most `width` characters, at spaces where it can; continuation
// lines are indented by two spaces.
std::vector<std::string> wrap(const std::string& text, std::size_t width) {
  std::vector<std::string> lines;
  std::string rest = text;
  std::size_t room = width;
  while (rest.size() > room) {
    std::size_t cut = rest.rfind(' ', room);
    const bool at_space = cut != std::string::npos && cut > 0;
    if (!at_space) cut = room;
    lines.push_back((lines.empty() ? "" : "  ") + rest.substr(0, cut));
    rest.erase(0, at_space ? cut + 1 : cut);
    room = width - 2;
  }
  lines.push_back((lines.empty() ? "" : "  ") + rest);
  return lines;
}

std::string values(const TraceEvent& e) {
  if (e.before.empty() && e.after.empty()) return "";
  return e.before == e.after ? " = " + e.before : " " + e.before + " -> " + e.after;
}

class Lanes {
 public:
  Lanes(const Trace& t, const Evidence* ev) : t_(t) {
    column_.assign(t.threads.size(), -1);
    for (const TraceEvent& e : t.events) add_column(e.thread);
    if (ev != nullptr && t.violation.verdict == Verdict::Deadlock)
      for (std::size_t i = 0; i < ev->threads.size(); ++i)
        if (ev->threads[i].blocked) add_column(static_cast<ThreadId>(i));
  }

  std::string header() const {
    std::string out = "step  ";
    for (const std::string& h : headers_) out += pad(h);
    while (out.back() == ' ') out.pop_back();
    return out + "\n----  " + std::string(kWidth * headers_.size(), '-') + "\n";
  }

  // One step (number "--" for a pending one) in thread `thread`'s column, wrapped.
  std::string row(const std::string& number, bool preempted, ThreadId thread, const std::string& cell) const {
    const int col = thread < column_.size() ? column_[thread] : -1;
    const bool last = col + 1 == static_cast<int>(headers_.size());
    std::string lanes;
    for (int c = 0; c < col; ++c) lanes += pad("|");
    std::string out;
    const std::vector<std::string> lines = wrap(cell, kText);
    for (std::size_t k = 0; k < lines.size(); ++k) {
      std::string num = k == 0 ? number : "";
      num.resize(4, ' ');
      out += num + (k == 0 && preempted ? "* " : "  ") + lanes + (last ? lines[k] : pad(lines[k]));
      while (!out.empty() && out.back() == ' ') out.pop_back();
      out += "\n";
    }
    return out;
  }

 private:
  void add_column(ThreadId thread) {
    if (thread >= column_.size() || column_[thread] >= 0) return;
    const std::string& name = t_.threads[thread];
    auto it = std::find(headers_.begin(), headers_.end(), name);
    if (name == "rcu" && it != headers_.end()) {
      column_[thread] = static_cast<int>(it - headers_.begin());
    } else {
      column_[thread] = static_cast<int>(headers_.size());
      headers_.push_back(name);
    }
  }
  static std::string pad(std::string s) {
    s.resize(std::max(kWidth, s.size() + 2), ' ');
    return s;
  }

  const Trace& t_;
  std::vector<int> column_;
  std::vector<std::string> headers_;
};

// The event that failed: the violating thread's last step (an invariant: the step after which it
// broke); none for a deadlock, a check at quiescence, or an operation refused before it ran.
std::int64_t marked_step(const Trace& t, const Evidence* ev) {
  if (t.violation.verdict == Verdict::Pass || t.violation.verdict == Verdict::Deadlock) return -1;
  if (ev != nullptr && (ev->at_quiescence || ev->refused)) return -1;
  if (t.violating_thread < 0) return t.violating_step;
  for (std::int64_t k = std::min<std::int64_t>(t.violating_step, static_cast<std::int64_t>(t.events.size()) - 1); k >= 0; --k)
    if (t.events[static_cast<std::size_t>(k)].thread == t.violating_thread) return k;
  return -1;
}

std::string function_of(const Trace& t, const Evidence* ev, std::size_t step) {
  if (ev != nullptr && step < ev->step_stacks.size() && !ev->step_stacks[step].empty()) return ev->step_stacks[step].back();
  return t.events[step].function;
}

std::string cell(const std::string& function, const std::string& op, const std::string& object, const std::string& rest) {
  std::string s = function.empty() ? op : function + ": " + op;
  if (!object.empty()) s += " " + object;
  return s + rest;
}

// The rows of operations that never ran: the one refused, each blocked thread's pending one.
std::string pending_rows(const Trace& t, const Evidence& ev, const Lanes& lanes) {
  std::string out;
  if (ev.refused && t.violating_thread >= 0)
    out += lanes.row("--", false, static_cast<ThreadId>(t.violating_thread),
                     kMark + cell(ev.stack.empty() ? "" : ev.stack.back(), ev.refused_op, ev.object, " (refused)"));
  // Threads that wait at the end of any other violation are only waiting: they are not marked.
  for (std::size_t i = 0; i < ev.threads.size() && t.violation.verdict == Verdict::Deadlock; ++i) {
    const ThreadEvidence& th = ev.threads[i];
    if (!th.blocked) continue;
    out += lanes.row("--", false, static_cast<ThreadId>(i),
                     kMark + cell(th.stack.empty() ? "" : th.stack.back(), th.pending_op, th.pending_object,
                                  " (blocked: waits for " + th.waits_for + ")"));
  }
  return out;
}

}  // namespace

std::string swimlane(const Trace& t, const Evidence* ev) {
  const Lanes lanes(t, ev);
  const std::int64_t marked = marked_step(t, ev);
  std::ostringstream out;
  out << lanes.header();
  for (std::size_t i = 0; i < t.events.size(); ++i) {
    const TraceEvent& e = t.events[i];
    const std::string text = cell(function_of(t, ev, i), e.op, e.object, values(e));
    out << lanes.row(std::to_string(e.step), e.preempted, e.thread,
                     static_cast<std::int64_t>(i) == marked ? kMark + text : text);
  }
  if (ev != nullptr) out << pending_rows(t, *ev, lanes);
  out << "\n(* marks a preemption; " << t.preemptions << " in this trace. !! marks the failing or blocked step";
  if (ev != nullptr && (ev->refused || t.violation.verdict == Verdict::Deadlock)) out << ", numbered -- when it never ran";
  out << ")\n";
  if (t.violation.verdict != Verdict::Pass) {
    out << "violation: " << verdict_name(t.violation.verdict) << " [" << t.violation.check << "]";
    const bool quiescent = ev != nullptr && ev->at_quiescence;
    if (!quiescent && t.violating_thread >= 0 && static_cast<std::size_t>(t.violating_thread) < t.threads.size())
      out << " in " << t.threads[t.violating_thread];
    if (quiescent)
      out << " at quiescence";
    else if (t.violating_step >= 0)
      out << " after step " << t.violating_step;
    out << "\n  " << t.violation.message << "\n";
  }
  return out.str();
}

}  // namespace checker
