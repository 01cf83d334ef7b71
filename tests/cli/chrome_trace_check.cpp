#include "chrome_trace_check.h"

#include <map>
#include <set>
#include <utility>

namespace clitest {

using nlohmann::json;

namespace {

struct Checker {
  std::vector<std::string> problems;
  // Per (pid, tid): the names of the B slices still open, and the last B/E timestamp.
  std::map<std::pair<std::int64_t, std::int64_t>, std::vector<std::string>> open;
  std::map<std::pair<std::int64_t, std::int64_t>, double> last_ts;
  std::map<std::string, std::vector<std::string>> flows;  // id -> the phases seen, in order
  std::map<std::string, std::pair<std::string, std::string>> flow_key;  // id -> (cat, name) of its start

  void bad(std::size_t i, const std::string& what) { problems.push_back("traceEvents[" + std::to_string(i) + "]: " + what); }

  bool has(std::size_t i, const json& e, const char* key, bool (json::*is)() const noexcept, const char* type) {
    if (e.contains(key) && (e[key].*is)()) return true;
    bad(i, std::string("needs \"") + key + "\" (" + type + ")");
    return false;
  }

  void common(std::size_t i, const json& e) {
    has(i, e, "name", &json::is_string, "string");
    has(i, e, "pid", &json::is_number_integer, "integer");
    has(i, e, "tid", &json::is_number_integer, "integer");
    if (e.value("ph", "") != "M") has(i, e, "ts", &json::is_number, "microseconds");
    if (e.contains("args") && !e["args"].is_object()) bad(i, "\"args\" must be an object");
    if (e.contains("cat") && !e["cat"].is_string()) bad(i, "\"cat\" must be a string");
  }

  void duration(std::size_t i, const json& e, const std::string& ph) {
    const auto key = std::pair(e.value("pid", std::int64_t{0}), e.value("tid", std::int64_t{0}));
    const double ts = e.value("ts", 0.0);
    if (last_ts.count(key) && ts < last_ts[key]) bad(i, "B/E events of a thread must not go back in time");
    last_ts[key] = ts;
    auto& stack = open[key];
    if (ph == "B") {
      stack.push_back(e.value("name", ""));
    } else if (stack.empty()) {
      bad(i, "an E event with no open B slice on its thread");
    } else {
      if (e.contains("name") && e["name"] != stack.back()) bad(i, "an E event closes \"" + stack.back() + "\", not its name");
      stack.pop_back();
    }
  }

  void flow(std::size_t i, const json& e, const std::string& ph) {
    if (!e.contains("id") || !(e["id"].is_number_integer() || e["id"].is_string())) return bad(i, "a flow event needs an \"id\"");
    const std::string id = e["id"].dump();
    if (!e.contains("cat")) bad(i, "a flow event needs a \"cat\" (flows bind by cat, name and id)");
    if (ph == "s") flow_key[id] = {e.value("cat", ""), e.value("name", "")};
    else if (flow_key.count(id) && flow_key[id] != std::pair(e.value("cat", ""), e.value("name", "")))
      bad(i, "a flow step's cat and name differ from its start's");
    if (ph == "f" && e.contains("bp") && e["bp"] != "e") bad(i, "\"bp\" may only be \"e\"");
    flows[id].push_back(ph);
  }

  void event(std::size_t i, const json& e) {
    if (!e.is_object()) return bad(i, "an event must be an object");
    if (!e.contains("ph") || !e["ph"].is_string()) return bad(i, "needs \"ph\"");
    const std::string ph = e["ph"];
    static const std::set<std::string> kPhases{"B", "E", "X", "i", "I", "s", "t", "f", "M", "C"};
    if (!kPhases.count(ph)) return bad(i, "unknown phase \"" + ph + "\"");
    common(i, e);
    if (ph == "X" && has(i, e, "dur", &json::is_number, "microseconds") && e["dur"].get<double>() < 0) bad(i, "negative dur");
    if (ph == "B" || ph == "E") duration(i, e, ph);
    if ((ph == "i" || ph == "I") && e.contains("s") && e["s"] != "g" && e["s"] != "p" && e["s"] != "t")
      bad(i, "an instant's scope \"s\" is g, p or t");
    if (ph == "s" || ph == "t" || ph == "f") flow(i, e, ph);
    if (ph == "M") {
      static const std::set<std::string> kMeta{"process_name", "process_labels", "process_sort_index", "thread_name",
                                               "thread_sort_index"};
      if (!kMeta.count(e.value("name", ""))) bad(i, "unknown metadata event");
      if (!e.contains("args") || !e["args"].is_object()) bad(i, "a metadata event needs \"args\"");
    }
  }

  void finish() {
    for (const auto& [key, stack] : open)
      if (!stack.empty()) problems.push_back("thread " + std::to_string(key.second) + ": B slice \"" + stack.back() + "\" never ends");
    for (const auto& [id, phases] : flows)
      if (phases.front() != "s" || phases.back() != "f" || phases.size() < 2)
        problems.push_back("flow " + id + ": must start with s and end with f");
  }
};

}  // namespace

std::vector<std::string> chrome_trace_problems(const json& doc) {
  Checker c;
  if (!doc.is_object() || !doc.contains("traceEvents") || !doc["traceEvents"].is_array())
    return {"a JSON Object Format trace needs a \"traceEvents\" array"};
  if (doc.contains("displayTimeUnit") && doc["displayTimeUnit"] != "ms" && doc["displayTimeUnit"] != "ns")
    c.problems.push_back("\"displayTimeUnit\" is \"ms\" or \"ns\"");
  if (doc.contains("otherData") && !doc["otherData"].is_object()) c.problems.push_back("\"otherData\" must be an object");
  const json& events = doc["traceEvents"];
  for (std::size_t i = 0; i < events.size(); ++i) c.event(i, events[i]);
  c.finish();
  return c.problems;
}

}  // namespace clitest
