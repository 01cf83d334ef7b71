// `suite DIR|FILE...`: one line per case in file order, a summary, optionally JUnit XML and
// the counterexample traces. Exit 0 when every case is as expected, 1 on a mismatch, 2 when a
// file is bad input.
#include <chrono>
#include <filesystem>
#include <fstream>

#include "checker/cli/commands.h"
#include "checker/cli/json_document.h"
#include "checker/cli/json_output.h"
#include "checker/cli/junit.h"
#include "checker/cli/progress.h"
#include "checker/cli/scenario_matrix.h"
#include "checker/cli/suite_runner.h"

namespace checker {

using nlohmann::json;

namespace {

struct Tally {
  std::size_t as_expected = 0, mismatched = 0, errors = 0, partial = 0;
  std::uint64_t executions = 0;
};

std::string indent(const std::string& text, const std::string& prefix) {
  std::string out;
  std::size_t start = 0;
  while (start < text.size()) {
    const std::size_t end = text.find('\n', start);
    const std::string line = text.substr(start, end == std::string::npos ? std::string::npos : end - start);
    out += (line.empty() ? "" : prefix) + line + "\n";
    if (end == std::string::npos) break;
    start = end + 1;
  }
  return out;
}

std::string case_text(const SuiteCase& c, bool timing) {
  if (c.status == SuiteCase::Status::Error) return "ERROR  " + format_error(*c.error) + "\n";
  const RunOutcome& o = *c.outcome;
  const std::string head = c.file + "  " + c.scenario->generic.name + ": ";
  const std::string tail = " (" + search_summary(o) + (timing ? "; " + timing_summary(c.timing) : "") + ")\n";
  if (c.status == SuiteCase::Status::Partial) return "partial " + head + "pass as expected so far" + tail;
  if (c.status == SuiteCase::Status::AsExpected) {
    std::string verdict = o.report.violation ? verdict_name(o.report.violation->verdict) : "pass";
    if (o.report.violation && !o.report.violation->check.empty()) verdict += " [" + o.report.violation->check + "]";
    return "ok     " + head + verdict + " as expected" + tail;
  }
  std::string s = "FAIL   " + head + c.reason + tail;
  if (o.counterexample) s += indent(swimlane(*o.counterexample, o.evidence ? &*o.evidence : nullptr), "       ");
  return s;
}

const char* status_name(SuiteCase::Status s) {
  switch (s) {
    case SuiteCase::Status::AsExpected: return "as_expected";
    case SuiteCase::Status::Partial: return "partial";
    case SuiteCase::Status::Mismatch: return "mismatch";
    case SuiteCase::Status::Error: return "error";
  }
  return "error";
}

json case_json(const SuiteCase& c, const std::string& program, bool timing) {
  json j;
  j["file"] = c.file;
  const ScenarioHandle handle = parse_handle(c.file);
  j["case"] = handle.case_name ? json(*handle.case_name) : json(nullptr);
  j["status"] = status_name(c.status);
  j["reason"] = c.status == SuiteCase::Status::Mismatch ? json(c.reason) : json(nullptr);
  j["partial"] = c.partial ? json(*c.partial) : json(nullptr);
  if (c.error)
    j["error"] = {{"file", c.error->location.file},
                  {"line", c.error->location.line},
                  {"column", c.error->location.column},
                  {"message", c.error->what()}};
  else
    j["error"] = nullptr;
  if (c.outcome) {
    const CaseRender r{*c.scenario, *c.outcome, c.trace_file, program,
                       timing ? std::optional(c.timing) : std::nullopt, std::nullopt};
    j["result"] = run_result_json(r);
  } else {
    j["result"] = nullptr;
  }
  return j;
}

void count(const SuiteCase& c, Tally& t) {
  // A partial case met its expect block as far as its search got: it counts as expected, and
  // as partial.
  if (c.status == SuiteCase::Status::AsExpected || c.status == SuiteCase::Status::Partial) ++t.as_expected;
  if (c.status == SuiteCase::Status::Mismatch) ++t.mismatched;
  if (c.status == SuiteCase::Status::Error) ++t.errors;
  if (c.partial) ++t.partial;
  t.executions += c.timing.executions;
}

std::string summary_text(std::size_t cases, const Tally& t) {
  std::string s = "suite: " + std::to_string(cases) + " case" + (cases == 1 ? "" : "s") + ": " +
                  std::to_string(t.as_expected) + " as expected, " + std::to_string(t.mismatched) + " mismatched, " +
                  std::to_string(t.errors) + " error" + (t.errors == 1 ? "" : "s");
  if (t.partial > 0) s += " (" + std::to_string(t.partial) + " PARTIAL: stopped by a budget)";
  return s;
}

void write_text_file(const std::string& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << text;
  out.close();
  if (!out) throw ScenarioError({path}, "cannot write the file");
}

SuiteOptions suite_options(const SuiteArgs& a) {
  SuiteOptions o;
  o.run.overrides = a.search.overrides;
  o.run.minimize = a.search.minimize;
  o.run.minimize_budget = a.search.minimize_budget;
  o.run.threads = a.search.threads;  // per case: --jobs times this many threads in all
  o.run.split_after = a.search.split_after;
  o.run.estimate_probes = a.search.estimate_probes;
  o.jobs = a.jobs;
  o.trace_dir = a.trace_dir;
  o.fail_partial = a.fail_partial;
  return o;
}

}  // namespace

int suite_command(const SuiteArgs& a, const ModelInterface& model, const CliStreams& io) {
  std::vector<std::string> files;
  try {
    files = collect_scenario_cases(collect_scenario_files(a.paths));
    std::error_code ec;
    if (a.trace_dir && !std::filesystem::create_directories(*a.trace_dir, ec) && ec)
      throw ScenarioError({*a.trace_dir}, "cannot create the trace directory: " + ec.message());
  } catch (const ScenarioError& e) {
    return report_errors({e}, a.common, io);
  }
  const bool json_out = a.common.format == OutputFormat::Json;
  SuiteOptions options = suite_options(a);
  ProgressLine progress(io.err, io.err_is_terminal);
  options.run.observer = progress.observer();
  Tally tally;
  json cases = json::array();
  std::size_t finished = 0;
  const auto start = std::chrono::steady_clock::now();
  progress.start("suite: 0/" + std::to_string(files.size()) + " cases done");
  const auto done = [&](const SuiteCase& c) {
    progress.clear();
    count(c, tally);
    if (json_out)
      cases.push_back(case_json(c, a.common.program, a.common.timing));
    else
      io.out << case_text(c, a.common.timing) << std::flush;
    const std::string status = "suite: " + std::to_string(++finished) + "/" + std::to_string(files.size()) + " cases done";
    progress.start(status);
    progress.draw(status);
  };
  const std::vector<SuiteCase> results = run_suite(files, model, options, done);
  progress.clear();
  const Timing timing{std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count(), tally.executions};

  if (json_out) {
    json doc = output_document("swapcheck-suite");
    doc["model"] = model.name();
    doc["cases"] = std::move(cases);
    doc["summary"] = {{"cases", results.size()},      {"as_expected", tally.as_expected},
                      {"mismatched", tally.mismatched}, {"errors", tally.errors},
                      {"partial", tally.partial}};
    if (a.common.timing) doc["seconds"] = timing.seconds;
    io.out << json_text(doc);
  } else {
    io.out << summary_text(results.size(), tally) << (a.common.timing ? " in " + timing_summary(timing) : "") << "\n";
  }
  if (!a.common.timing) io.err << "suite: " << timing_summary(timing) << "\n";
  if (a.junit) {
    try {
      write_text_file(*a.junit, junit_xml(results, model.name(), a.common.timing));
    } catch (const ScenarioError& e) {
      io.err << format_error(e) << "\n";
      return kExitBadInput;
    }
  }
  for (const SuiteCase& c : results)
    if (c.status == SuiteCase::Status::Error) io.err << format_error(*c.error) << "\n";
  if (tally.errors > 0) return kExitBadInput;
  return tally.mismatched > 0 ? kExitViolation : kExitOk;
}

}  // namespace checker
