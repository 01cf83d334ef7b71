#include "checker/cli/report_format.h"

#include <array>
#include <string_view>

namespace checker::report {

std::string comm(const Trace& t, std::int64_t thread) {
  if (thread < 0) return "setup";
  const auto i = static_cast<std::size_t>(thread);
  return i < t.threads.size() ? t.threads[i] : "thread" + std::to_string(thread);
}

std::string task(const Trace& t, std::int64_t thread) {
  return thread < 0 ? std::string("setup") : comm(t, thread) + "/" + std::to_string(thread);
}

int cpu(const ReportContext& c, std::int64_t thread) {
  const auto& th = c.evidence.threads;
  return thread >= 0 && static_cast<std::size_t>(thread) < th.size() ? th[static_cast<std::size_t>(thread)].cpu : 0;
}

std::string frames(const CallStack& s, const char* indent) {
  if (s.empty()) return std::string(indent) + "(no model frames)\n";
  std::string out;
  for (auto it = s.rbegin(); it != s.rend(); ++it) out += indent + *it + "\n";
  return out;
}

std::string dump_stack(const ReportContext& c, std::int64_t thread, const CallStack& s) {
  std::string out = "CPU: " + std::to_string(cpu(c, thread)) + " PID: " + std::to_string(thread < 0 ? 0 : thread) +
                    " Comm: " + comm(c.trace, thread) + "\n";
  out += "Call Trace:\n <TASK>\n" + frames(s) + " </TASK>\n";
  return out;
}

std::string at_step(std::int64_t step) { return step < 0 ? " in setup" : " at step " + std::to_string(step); }

std::string where(const CallStack& s) { return s.empty() ? std::string("?") : s.back(); }

std::string lock_name(const std::string& lock, const std::string& lock_class) {
  return lock_class.empty() || lock_class == lock ? lock : lock + " (" + lock_class + ")";
}

std::string held_locks(const ReportContext& c, std::int64_t thread) {
  const auto& th = c.evidence.threads;
  if (thread < 0 || static_cast<std::size_t>(thread) >= th.size()) return "";
  const ThreadEvidence& e = th[static_cast<std::size_t>(thread)];
  if (e.held.empty()) return "no locks held by " + task(c.trace, thread) + ".\n";
  std::string out = std::to_string(e.held.size()) + (e.held.size() == 1 ? " lock" : " locks") + " held by " +
                    task(c.trace, thread) + ":\n";
  for (std::size_t i = 0; i < e.held.size(); ++i)
    out += " #" + std::to_string(i) + ": " + lock_name(e.held[i].lock, e.held[i].lock_class) +
           ", at: " + where(e.held[i].stack) + at_step(e.held[i].step) + "\n";
  return out;
}

bool op_writes(const std::string& op) {
  static constexpr std::array<std::string_view, 10> kWrites{"store",   "rmw",    "cmpxchg", "write", "write_once",
                                                            "lock",    "trylock", "unlock", "free",  "alloc"};
  for (std::string_view w : kWrites)
    if (op == w) return true;
  return false;
}

std::string footer(const ReportContext& c) {
  return "scenario: " + c.scenario + "\nreplay:   " + c.replay_command + "\n";
}

}  // namespace checker::report
