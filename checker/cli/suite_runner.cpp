#include "checker/cli/suite_runner.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <filesystem>
#include <map>
#include <mutex>
#include <thread>

#include "checker/cli/scenario_matrix.h"
#include "checker/cli/trace_file.h"

namespace checker {

namespace fs = std::filesystem;

namespace {

bool is_scenario_file(const fs::path& p) {
  const std::string name = p.filename().string();
  return name.ends_with(".json") && !name.ends_with(".trace.json");
}

std::vector<std::string> scenarios_under(const std::string& dir) {
  std::vector<std::string> out;
  std::error_code ec;
  fs::recursive_directory_iterator it(dir, fs::directory_options::skip_permission_denied, ec), end;
  for (; !ec && it != end; it.increment(ec)) {
    std::error_code type_ec;
    if (it->is_regular_file(type_ec) && is_scenario_file(it->path())) out.push_back(it->path().generic_string());
  }
  if (ec) throw ScenarioError({dir}, "cannot list the directory: " + ec.message());
  if (out.empty()) throw ScenarioError({dir}, "no *.json scenario files in this directory");
  std::sort(out.begin(), out.end());
  return out;
}

// A file whose name has a '#' could not be told from a FILE#case handle.
std::string no_hash(std::string file) {
  if (fs::path(file).filename().string().find('#') != std::string::npos)
    throw ScenarioError({file}, "a scenario file name may not contain '#' (FILE#case names a case of a matrix file)");
  return file;
}

std::string mismatch_reason(const SuiteCase& c) {
  const RunOutcome& o = *c.outcome;
  if (!o.as_expected)
    return "expected " + describe(c.scenario->generic.expect) + ", got " + verdict_summary(o.report.violation);
  if (o.replay.done && !o.replay.identical) return "the counterexample does not replay: " + o.replay.divergence;
  return "";
}

SuiteCase run_case(const std::string& file, const std::optional<std::string>& trace_file, const ModelInterface& model,
                   const RunOptions& options, bool fail_partial) {
  SuiteCase c;
  c.file = file;
  const auto start = std::chrono::steady_clock::now();
  try {
    c.scenario = load_scenario(file, model);
    c.outcome = run_scenario(*c.scenario, model, options);
    c.reason = mismatch_reason(c);
    if (is_partial(c.outcome->report)) c.partial = partial_reason(*c.outcome);
    if (c.reason.empty() && c.partial && fail_partial)
      c.reason = "pass, but the search was incomplete (" + *c.partial + ") and --fail-partial counts that as a failure";
    c.status = !c.reason.empty() ? SuiteCase::Status::Mismatch
               : c.partial       ? SuiteCase::Status::Partial
                                 : SuiteCase::Status::AsExpected;
    if (c.outcome->counterexample && trace_file) {
      write_trace_file(*trace_file, *c.outcome->counterexample);
      c.trace_file = trace_file;
    }
  } catch (const ScenarioError& e) {
    c.status = SuiteCase::Status::Error;
    c.error = e;
  } catch (const std::exception& e) {
    c.status = SuiteCase::Status::Error;
    c.error = ScenarioError({file}, std::string("internal error: ") + e.what());
  }
  c.timing.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  if (c.outcome) c.timing.executions = total_executions(*c.outcome);
  return c;
}

}  // namespace

std::vector<std::string> collect_scenario_files(const std::vector<std::string>& paths) {
  std::vector<std::string> out;
  for (const std::string& p : paths) {
    std::error_code ec;
    if (fs::is_directory(p, ec)) {
      for (std::string& f : scenarios_under(p)) out.push_back(no_hash(std::move(f)));
    } else if (fs::exists(p, ec)) {
      out.push_back(no_hash(p));
    } else if (const ScenarioHandle h = parse_handle(p); h.case_name && fs::is_regular_file(h.path, ec)) {
      out.push_back(p);
    } else {
      throw ScenarioError({p}, "no such file or directory");
    }
  }
  // The same file named twice (a directory and a file in it) runs once, where first met.
  std::vector<std::string> unique;
  std::vector<std::string> seen;
  for (std::string& f : out) {
    const std::string key = fs::path(f).lexically_normal().generic_string();
    if (std::find(seen.begin(), seen.end(), key) != seen.end()) continue;
    seen.push_back(key);
    unique.push_back(std::move(f));
  }
  return unique;
}

std::vector<std::string> collect_scenario_cases(const std::vector<std::string>& files) {
  std::vector<std::string> out;
  const auto add = [&out](std::string c) {
    const ScenarioHandle h = parse_handle(c);
    const std::string key = fs::path(h.path).lexically_normal().generic_string() + (h.case_name ? "#" + *h.case_name : "");
    for (const std::string& o : out) {
      const ScenarioHandle g = parse_handle(o);
      if (fs::path(g.path).lexically_normal().generic_string() + (g.case_name ? "#" + *g.case_name : "") == key) return;
    }
    out.push_back(std::move(c));
  };
  for (const std::string& f : files) {
    try {
      for (std::string& c : scenario_cases(f)) add(std::move(c));
    } catch (const ScenarioError&) {
      add(f);  // loading it reports the error as its case's
    }
  }
  return out;
}

std::vector<std::string> trace_file_names(const std::vector<std::string>& files, const std::string& dir) {
  std::vector<std::string> out;
  std::map<std::string, int> uses;
  for (const std::string& f : files) {
    const ScenarioHandle h = parse_handle(f);
    const std::string stem = fs::path(h.path).stem().string() + (h.case_name ? "." + *h.case_name : "");
    const int n = ++uses[stem];
    const std::string name = n == 1 ? stem : stem + "-" + std::to_string(n);
    out.push_back((fs::path(dir) / (name + ".trace.json")).generic_string());
  }
  return out;
}

std::vector<SuiteCase> run_suite(const std::vector<std::string>& files, const ModelInterface& model,
                                 const SuiteOptions& options, const std::function<void(const SuiteCase&)>& done) {
  RunOptions run = options.run;
  std::vector<std::optional<std::string>> traces(files.size());
  if (options.trace_dir) {
    const std::vector<std::string> names = trace_file_names(files, *options.trace_dir);
    std::copy(names.begin(), names.end(), traces.begin());
  }
  std::vector<SuiteCase> out;
  const auto threads = static_cast<unsigned>(std::min<std::size_t>(std::max(1u, options.jobs), files.size()));
  if (threads <= 1) {
    for (std::size_t i = 0; i < files.size(); ++i) {
      out.push_back(run_case(files[i], traces[i], model, run, options.fail_partial));
      done(out.back());
    }
    return out;
  }
  // Workers take the next file; this thread hands results on in file order. The observer
  // (a progress line) is single-threaded: workers go without.
  run.observer = nullptr;
  std::vector<std::optional<SuiteCase>> results(files.size());
  std::mutex mutex;
  std::condition_variable finished;
  std::atomic<std::size_t> next{0};
  auto worker = [&] {
    for (std::size_t i; (i = next++) < files.size();) {
      SuiteCase c = run_case(files[i], traces[i], model, run, options.fail_partial);
      const std::lock_guard lock(mutex);
      results[i] = std::move(c);
      finished.notify_all();
    }
  };
  std::vector<std::jthread> pool;
  for (unsigned t = 0; t < threads; ++t) pool.emplace_back(worker);
  for (std::size_t i = 0; i < files.size(); ++i) {
    std::unique_lock lock(mutex);
    finished.wait(lock, [&] { return results[i].has_value(); });
    out.push_back(std::move(*results[i]));
    results[i].reset();
    lock.unlock();
    done(out.back());
  }
  return out;
}

}  // namespace checker
