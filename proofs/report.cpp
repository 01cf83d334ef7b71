// Text and JSON output of swapcheck-prove (report.h).
#include "proofs/report.h"

namespace swapproofs {

namespace {

std::string join(const std::vector<std::string>& xs, const char* sep) {
  std::string out;
  for (const std::string& x : xs) out += (out.empty() ? "" : sep) + x;
  return out;
}

// The preconditions an unsat core used ("pre:" labels), without the prefix.
std::vector<std::string> preconditions_used(const ProofResult& r) {
  std::vector<std::string> out;
  for (const std::string& l : r.core)
    if (l.rfind("pre:", 0) == 0) out.push_back(l.substr(4));
  return out;
}

std::string inline_counterexample(const Counterexample& cx) {
  std::string out;
  for (const auto& [n, v] : cx.values()) out += (out.empty() ? "" : " ") + n + "=" + v;
  return "{" + out + "}";
}

std::size_t count(const std::vector<Entry>& es, Outcome o) {
  std::size_t n = 0;
  for (const Entry& e : es) n += e.result.outcome == o ? 1 : 0;
  return n;
}

}  // namespace

std::string text_line(const Entry& e) {
  const ProofResult& r = e.result;
  std::string line = outcome_name(r.outcome);
  line.resize(9, ' ');  // "refuted", "unknown" and "vacuous" are the longest
  line += r.obligation.name;
  switch (r.outcome) {
    case Outcome::Proved: {
      const auto used = preconditions_used(r);
      line += used.empty() ? "  needs no precondition" : "  needs " + join(used, ", ");
      break;
    }
    case Outcome::Refuted:
      line += "  breaks " + join(r.violated, ", ") + "  " + inline_counterexample(r.counterexample);
      if (e.scenario)
        line += "  scenario " + (e.scenario_file.empty() ? r.obligation.name + ".json" : e.scenario_file) +
                (e.scenario->reproduces ? " (reproduces)" : " (faithful twin)");
      else if (!r.obligation.removed.empty())
        line += "  no scenario: " + e.no_scenario;
      if (!r.obligation.expected_why.empty()) line += "  finding: " + r.obligation.expected_why;
      break;
    case Outcome::Unknown: line += "  (" + r.reason + ")"; break;
    case Outcome::Vacuous: line += "  " + r.reason; break;
  }
  line += r.covers.empty() ? "  covers no shared model transition" : "  covers " + join(r.covers, ", ");
  if (!r.as_expected()) line += std::string("  UNEXPECTED: expected ") + outcome_name(r.obligation.expected);
  return line;
}

bool all_as_expected(const std::vector<Entry>& entries) {
  for (const Entry& e : entries)
    if (!e.result.as_expected()) return false;
  return true;
}

std::string text_report(const std::vector<Entry>& entries) {
  std::string out;
  for (const Entry& e : entries) out += text_line(e) + "\n";
  std::size_t bad = 0;
  for (const Entry& e : entries) bad += e.result.as_expected() ? 0 : 1;
  out += std::to_string(entries.size()) + " obligations: " + std::to_string(count(entries, Outcome::Proved)) + " proved, " +
         std::to_string(count(entries, Outcome::Refuted)) + " refuted, " + std::to_string(count(entries, Outcome::Unknown)) +
         " unknown, " + std::to_string(count(entries, Outcome::Vacuous)) + " vacuous; " + (bad == 0 ? "all as expected" : std::to_string(bad) + " NOT as expected") + "\n";
  return out;
}

std::string json_report(const std::vector<Entry>& entries) {
  Json list = Json::array();
  for (const Entry& e : entries) {
    const ProofResult& r = e.result;
    const Obligation& o = r.obligation;
    Json j = Json::object();
    j["name"] = o.name;
    j["design"] = o.claim->design;
    j["step"] = o.claim->step;
    j["models"] = o.claim->doc;
    j["kind"] = o.removed.empty() ? "proof" : "refutation";
    if (o.removed.empty())
      j["goal"] = o.goal;
    else
      j["without"] = o.removed;
    j["outcome"] = outcome_name(r.outcome);
    j["expected"] = outcome_name(o.expected);
    j["as_expected"] = r.as_expected();
    j["covers"] = r.covers;
    if (!o.expected_why.empty()) j["finding"] = o.expected_why;
    if (r.outcome == Outcome::Proved) {
      j["needs"] = preconditions_used(r);
      j["core"] = r.core;
    }
    if (r.outcome == Outcome::Refuted) {
      j["violated"] = r.violated;
      Json cx = Json::object();
      for (const auto& [n, v] : r.counterexample.values()) cx[n] = v;
      j["counterexample"] = cx;
      if (e.scenario) {
        j["scenario"] = Json{{"file", e.scenario_file.empty() ? Json(nullptr) : Json(e.scenario_file)},
                             {"reproduces", e.scenario->reproduces},
                             {"expect", e.scenario->doc["expect"]}};
      } else if (!o.removed.empty()) {
        j["no_scenario"] = e.no_scenario;
      }
    }
    if (r.outcome == Outcome::Unknown || r.outcome == Outcome::Vacuous) j["reason"] = r.reason;
    list.push_back(j);
  }
  Json doc = Json::object();
  doc["obligations"] = list;
  doc["summary"] = Json{{"total", entries.size()},
                        {"proved", count(entries, Outcome::Proved)},
                        {"refuted", count(entries, Outcome::Refuted)},
                        {"unknown", count(entries, Outcome::Unknown)},
                        {"vacuous", count(entries, Outcome::Vacuous)},
                        {"all_as_expected", all_as_expected(entries)}};
  return doc.dump(2) + "\n";
}

}  // namespace swapproofs
