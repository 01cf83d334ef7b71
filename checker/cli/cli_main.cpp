// The CLI11 front end: declares the commands and their flags, parses, and hands the parsed
// arguments to the command functions (commands.h). Usage errors exit 2, --help exits 0.
#include <sched.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <filesystem>
#include <iostream>
#include <limits>
#include <thread>

#include "checker/cli/cli.h"
#include "checker/cli/commands.h"

namespace checker {

namespace {

constexpr const char* kFooter =
    "Exit codes: 0 no violation (suite: every case as expected; replay: reproduced identically);\n"
    "1 a violation or a mismatch; 2 bad input or usage (stderr says file:line:column: what was expected);\n"
    "3 an internal error.\n"
    "Standard output depends only on the inputs, the flags and the seed (a --time-limit aside): the same\n"
    "run prints the same bytes. Wall-clock time and rate go to stderr (--timing moves them to stdout),\n"
    "and a progress line is drawn on stderr only when stderr is a terminal. See docs/cli.md.";

// The cores this process may run on (its CPU affinity, as nproc counts them), at least 1.
unsigned available_cores() {
  cpu_set_t set;
  if (sched_getaffinity(0, sizeof set, &set) == 0) return std::max(1, CPU_COUNT(&set));
  return std::max(1u, std::thread::hardware_concurrency());
}

struct Common {
  std::string format = "text";
  bool timing = false;
  CommonArgs resolve(const std::string& program) const {
    return CommonArgs{program, format == "json" ? OutputFormat::Json : OutputFormat::Text, timing};
  }
};

void add_common(CLI::App& cmd, Common& c, bool with_timing) {
  cmd.add_option("--format", c.format, "output format on stdout: text (default) or json")
      ->check(CLI::IsMember({"text", "json"}));
  if (with_timing)
    cmd.add_flag("--timing", c.timing,
                 "put wall-clock time and executions/s on stdout (then it differs from run to run) instead of stderr");
}

CLI::Option* add_memory_model(CLI::App& cmd, std::string& value) {
  return cmd
      .add_option("--memory-model", value,
                  "sc (every atomic sequentially consistent) or kernel (the kernel's READ_ONCE, acquire/release, "
                  "barriers and atomics as C11 orders: a load may read an older store; more executions); replaces "
                  "the scenario's bounds.memory_model (default sc)")
      ->check(CLI::IsMember(memory_model_names()));
}

// The flags that override a scenario's "bounds", and the minimisation switches.
struct SearchFlags {
  std::string strategy;
  std::uint32_t preemptions = 0;
  std::uint64_t max_executions = 0;
  double time_limit = 0;
  std::uint64_t seed = 0;
  std::uint32_t step_bound = 0;
  std::uint32_t pct_depth = 0;
  bool no_data_races = false;
  bool lock_aware = false, no_lock_aware = false;
  std::string memory_model;
  bool no_minimize = false;
  std::uint64_t minimize_budget = 100'000;
  unsigned threads = 0;
  std::uint64_t split_after = 0;
  std::uint32_t estimate_probes = 0;
  CLI::Option *o_split{}, *o_threads{}, *o_probes{};
  CLI::Option *o_memory_model{};
  CLI::Option *o_strategy{}, *o_preemptions{}, *o_max{}, *o_time{}, *o_seed{}, *o_steps{}, *o_depth{};

  void add(CLI::App& cmd) {
    using L = BoundsLimits;
    o_strategy = cmd.add_option("--strategy", strategy, "search strategy: dpor, dfs, bounded, random or pct")
                     ->check(CLI::IsMember(strategy_names()));
    o_preemptions = cmd.add_option("--preemptions", preemptions, "bounded: the largest preemption bound tried")
                        ->check(CLI::Range(std::uint32_t{0}, L::kMaxPreemptions));
    o_max = cmd.add_option("--max-executions", max_executions, "stop after this many executions (0: no limit)")
                ->check(CLI::NonNegativeNumber);
    o_time = cmd.add_option("--time-limit", time_limit, "stop after this many seconds (0: no limit)")
                 ->check(CLI::Range(0.0, L::kMaxTimeLimit));
    o_seed = cmd.add_option("--seed", seed, "random and pct: the seed")->check(CLI::NonNegativeNumber);
    o_steps = cmd.add_option("--step-bound", step_bound, "steps per thread before it counts as non-terminating")
                  ->check(CLI::Range(std::uint32_t{1}, L::kMaxStepBound));
    o_depth = cmd.add_option("--pct-depth", pct_depth, "pct: the bug depth d")
                  ->check(CLI::Range(std::uint32_t{1}, L::kMaxPctDepth));
    cmd.add_flag("--no-data-races", no_data_races, "do not report data races on plain (Var) accesses");
    auto* on = cmd.add_flag("--lock-aware", lock_aware,
                            "dpor: do not reorder critical sections of one lock that touch no common data (the default)");
    cmd.add_flag("--no-lock-aware", no_lock_aware,
                 "dpor: explore both orders of every two critical sections of one lock, as classic optimal DPOR does")
        ->excludes(on);
    o_memory_model = add_memory_model(cmd, memory_model);
    cmd.add_flag("--no-minimize", no_minimize,
                 "report the counterexample the search found first instead of one with the fewest preemptions");
    cmd.add_option("--minimize-budget", minimize_budget,
                   "executions the fewest-preemptions search may spend (default 100000)")
        ->check(CLI::PositiveNumber);
    o_threads = cmd.add_option("--threads", threads,
                               "dpor: split a search of more than 2000 executions into cells explored on this many "
                               "threads; the output is the same for every number from 1 up (default: the cores, "
                               "shared among suite's --jobs; 0: one classic search, not split; see docs/cli.md)")
                    ->check(CLI::Range(0u, 1024u));
    o_split = cmd.add_option("--split-after", split_after,
                             "dpor, unless --threads 0: the executions a search runs before what it left is "
                             "split into cells, each of which runs half as many before it is split in turn "
                             "(a share's cells: as many; default 2000)")
                  ->check(CLI::PositiveNumber);
    o_probes = cmd.add_option("--estimate-probes", estimate_probes,
                              "dpor: random probes run before the search to estimate its complete executions "
                              "(Knuth's estimator over Mazurkiewicz traces: unbiased, but often far too low "
                              "on searches with rare races; the progress line and JSON search.estimate; "
                              "default 24, 0: none)")
                   ->check(CLI::Range(0u, 100000u));
  }

  // `sharing`: how many searches run at once (suite's --jobs); without --threads they share
  // the cores. Any number from 1 up prints the same, so the default does not make the output
  // depend on the machine.
  SearchArgs resolve(unsigned sharing = 1) const {
    SearchArgs s;
    BoundsSpec& b = s.overrides;
    if (o_strategy->count()) b.strategy = strategy_from_name(strategy);
    if (o_preemptions->count()) b.preemptions = preemptions;
    if (o_max->count()) b.max_executions = max_executions;
    if (o_time->count()) b.time_limit = time_limit;
    if (o_seed->count()) b.seed = seed;
    if (o_steps->count()) b.step_bound = step_bound;
    if (o_depth->count()) b.pct_depth = pct_depth;
    if (no_data_races) b.detect_data_races = false;
    if (lock_aware) b.lock_aware = true;
    if (no_lock_aware) b.lock_aware = false;
    if (o_memory_model->count()) b.memory_model = memory_model_from_name(memory_model);
    s.minimize = !no_minimize;
    s.minimize_budget = minimize_budget;
    s.threads = o_threads->count() ? threads : std::max(1u, available_cores() / std::max(1u, sharing));
    if (o_split->count()) s.split_after = split_after;
    if (o_probes->count()) s.estimate_probes = estimate_probes;
    return s;
  }
};

struct Parsed {
  Common run_common, suite_common, replay_common, merge_common, state_common;
  std::string list_format = "text";
  SearchFlags run_search, suite_search;
  RunArgs run;
  SuiteArgs suite;
  ReplayArgs replay;
  ListArgs list;
  MergeArgs merge;
  StateArgs state;
  std::string run_trace_format = "swapcheck", replay_trace_format = "swapcheck";
  std::string replay_memory_model;
  CLI::Option* o_replay_memory_model{};
};

void add_trace_format(CLI::App& cmd, std::string& format, CLI::Option* trace_out) {
  cmd.add_option("--trace-format", format,
                 "format of the --trace-out file: swapcheck (default, what replay reads) or chrome (the Chrome "
                 "trace-event JSON that ui.perfetto.dev and chrome://tracing open)")
      ->check(CLI::IsMember({"swapcheck", "chrome"}))
      ->needs(trace_out);
}

CLI::App* add_run(CLI::App& app, Parsed& p) {
  CLI::App* cmd = app.add_subcommand("run", "explore each scenario FILE and report what it finds (exit 1 on a violation)");
  cmd->add_option("FILE", p.run.files, "scenario files (JSON, comments allowed)")->required();
  auto* trace_out =
      cmd->add_option("--trace-out", p.run.trace_out, "write the counterexample trace (JSON) to this file (one FILE only)");
  add_trace_format(*cmd, p.run_trace_format, trace_out);
  auto* shard = cmd->add_option(
      "--shard", p.run.shard,
      "explore only share I of N of the search (0 <= I < N) and write its result for `merge` (one FILE only); "
      "auto/N takes I from a Slurm job array or a Kubernetes Indexed Job (docs/sharding.md)");
  cmd->add_option("--shard-out", p.run.shard_out,
                  "--shard: write the result here (default NAME.shard-I-of-N.json; round R: NAME.round-R.shard-I-of-N.json)")
      ->needs(shard);
  cmd->add_option("--shard-budget", p.run.shard_budget,
                  "--shard: start no cell once the share ran this many executions, and leave the rest pending for "
                  "another round (0: no budget; runs the share on one thread)")
      ->check(CLI::NonNegativeNumber)
      ->needs(shard);
  cmd->add_option("--resume", p.run.resume,
                  "--shard: the result files of the rounds so far; this round deals out what the last of them left pending")
      ->needs(shard);
  p.run_search.add(*cmd);
  add_common(*cmd, p.run_common, true);
  return cmd;
}

CLI::App* add_suite(CLI::App& app, Parsed& p) {
  CLI::App* cmd = app.add_subcommand(
      "suite", "run every *.json scenario under each DIR (sorted) or each FILE and compare it with its expect block");
  cmd->add_option("PATH", p.suite.paths, "scenario directories (searched recursively) or files")->required();
  cmd->add_option("--junit", p.suite.junit, "also write a JUnit XML report to this file");
  cmd->add_option("--jobs,-j", p.suite.jobs, "cases run in parallel on this many threads (output order is fixed)")
      ->check(CLI::Range(1u, 256u));
  cmd->add_option("--trace-dir", p.suite.trace_dir, "write each counterexample trace to DIR/<scenario>.trace.json");
  cmd->add_flag("--fail-partial", p.suite.fail_partial,
                "count a pass whose search a budget stopped (a `partial` line) as a mismatch (exit 1)");
  p.suite_search.add(*cmd);
  add_common(*cmd, p.suite_common, true);
  return cmd;
}

CLI::App* add_replay(CLI::App& app, Parsed& p) {
  CLI::App* cmd = app.add_subcommand(
      "replay", "re-execute a counterexample TRACE, from the scenario it embeds, and confirm it reproduces byte for "
                "byte (exit 1 if it diverges)");
  cmd->add_option("TRACE", p.replay.trace, "a trace written by run --trace-out or suite --trace-dir")->required();
  cmd->add_option("--scenario", p.replay.scenario,
                  "replay against this scenario file (FILE or FILE#case) instead of the copy the trace embeds; an "
                  "edited file is replayed too, and the result says whether it still reproduces the recording");
  auto* trace_out = cmd->add_option("--trace-out", p.replay.trace_out, "write the replayed trace (JSON) to this file");
  add_trace_format(*cmd, p.replay_trace_format, trace_out);
  p.o_replay_memory_model =
      cmd->add_option("--memory-model", p.replay_memory_model,
                      "replay under sc or kernel instead of the memory model the trace records (bounds.memory_model); "
                      "a schedule whose loads read older stores diverges under sc")
          ->check(CLI::IsMember(memory_model_names()));
  add_common(*cmd, p.replay_common, false);
  return cmd;
}

CLI::App* add_merge(CLI::App& app, Parsed& p) {
  CLI::App* cmd = app.add_subcommand(
      "merge",
      "add up the result files of every shard of a search (run --shard I/N), every round, and print what run FILE prints (exit 1 on a violation)");
  cmd->add_option("RESULT", p.merge.results, "the result file of every shard, in any order")->required();
  cmd->add_option("--scenario", p.merge.scenario, "the scenario file, when it moved since the shards ran");
  cmd->add_option("--trace-out", p.merge.trace_out, "write the counterexample trace (JSON) to this file");
  cmd->add_flag("--no-minimize", p.merge.minimize_off,
                "report the counterexample the search found first instead of one with the fewest preemptions");
  cmd->add_option("--minimize-budget", p.merge.minimize_budget,
                  "executions the fewest-preemptions search may spend (default 100000)")
      ->check(CLI::PositiveNumber);
  add_common(*cmd, p.merge_common, false);
  return cmd;
}

CLI::App* add_list(CLI::App& app, Parsed& p, const ModelInterface& model) {
  std::string kinds;
  for (const ReferenceSection& s : list_sections(model)) kinds += s.kind + ", ";
  CLI::App* cmd = app.add_subcommand(
      "list", "document the names a scenario may use: configuration keys, operations, steps, invariants, ... "
              "with their arguments, defaults and the kernel code each follows");
  cmd->add_option("WHAT", p.list.what, "one of " + kinds + "or all")->required();
  cmd->add_option("--format", p.list_format,
                  "output format on stdout: text (default), json, or markdown (list all --format markdown is "
                  "docs/model-reference.md)")
      ->check(CLI::IsMember({"text", "json", "markdown"}));
  return cmd;
}

CLI::App* add_state(CLI::App& app, Parsed& p) {
  CLI::App* cmd = app.add_subcommand(
      "state", "print the initial state a scenario's setup builds, before any thread runs, with the ids its steps use");
  cmd->add_option("FILE", p.state.file, "a scenario file, or FILE#case for a case of a matrix file")->required();
  add_common(*cmd, p.state_common, false);
  return cmd;
}

int parse_and_dispatch(const std::vector<std::string>& args, const ModelInterface& model, const CliStreams& io) {
  const std::string program = args.empty() ? model.name() + "check" : args.front();
  CLI::App app("Model checker for the " + model.name() + " model: explores every interleaving that matters.",
               std::filesystem::path(program).filename().string());
  app.footer(kFooter);
  app.require_subcommand(1);
  Parsed p;
  CLI::App* run = add_run(app, p);
  CLI::App* suite = add_suite(app, p);
  CLI::App* replay = add_replay(app, p);
  CLI::App* list = add_list(app, p, model);
  CLI::App* merge = add_merge(app, p);
  CLI::App* state = add_state(app, p);
  try {
    std::vector<std::string> reversed(args.rbegin(), args.rend());
    if (!reversed.empty()) reversed.pop_back();  // the program name
    app.parse(reversed);
  } catch (const CLI::ParseError& e) {
    const int code = app.exit(e, io.out, io.err);
    return code == 0 ? kExitOk : kExitBadInput;
  }
  if (run->parsed()) {
    p.run.common = p.run_common.resolve(program);
    p.run.search = p.run_search.resolve();
    // A share with --shard-budget runs on one thread (where a budget stops must not depend on
    // timing), so the default of every core does not apply to it.
    if (p.run.shard_budget != 0 && p.run_search.o_threads->count() == 0) p.run.search.threads = 1;
    p.run.chrome_trace = p.run_trace_format == "chrome";
    if (p.run.trace_out && p.run.files.size() != 1) {
      io.err << program << " run: --trace-out takes a single FILE (suite --trace-dir writes one trace per case)\n";
      return kExitBadInput;
    }
    if (p.run.shard) {
      if (p.run.files.size() != 1 || p.run.trace_out) {
        io.err << program << " run: --shard takes a single FILE and no --trace-out (merge writes the trace)\n";
        return kExitBadInput;
      }
      return shard_command(p.run, model, io);
    }
    return run_command(p.run, model, io);
  }
  if (suite->parsed()) {
    p.suite.common = p.suite_common.resolve(program);
    p.suite.search = p.suite_search.resolve(p.suite.jobs);
    return suite_command(p.suite, model, io);
  }
  if (replay->parsed()) {
    p.replay.common = p.replay_common.resolve(program);
    p.replay.chrome_trace = p.replay_trace_format == "chrome";
    if (p.o_replay_memory_model->count()) p.replay.memory_model = memory_model_from_name(p.replay_memory_model);
    return replay_command(p.replay, model, io);
  }
  if (merge->parsed()) {
    p.merge.common = p.merge_common.resolve(program);
    p.merge.minimize = !p.merge.minimize_off;
    return merge_command(p.merge, model, io);
  }
  if (state->parsed()) {
    p.state.common = p.state_common.resolve(program);
    return state_command(p.state, model, io);
  }
  p.list.common = Common{p.list_format == "json" ? "json" : "text", false}.resolve(program);
  p.list.markdown = p.list_format == "markdown";
  (void)list;
  return list_command(p.list, model, io);
}

}  // namespace

int run_cli(const std::vector<std::string>& args, const ModelInterface& model, const CliStreams& io) {
  try {
    return parse_and_dispatch(args, model, io);
  } catch (const std::exception& e) {
    io.err << "internal error: " << e.what() << "\n";
    return kExitInternal;
  }
}

int cli_main(int argc, char** argv, const ModelInterface& model) {
  std::vector<std::string> args(argv, argv + argc);
  const CliStreams io{std::cout, std::cerr, ::isatty(STDERR_FILENO) == 1};
  const int code = run_cli(args, model, io);
  std::cout.flush();
  return code;
}

}  // namespace checker
