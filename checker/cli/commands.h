// The commands behind the CLI11 front end (cli_main.cpp): each takes its parsed
// arguments, writes to the given streams and returns the exit code (cli.h).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "checker/cli/cli.h"
#include "checker/cli/run_scenario.h"

namespace checker {

enum class OutputFormat { Text, Json };

struct CommonArgs {
  std::string program;  // argv[0], for hints such as "replay it with: ..."
  OutputFormat format = OutputFormat::Text;
  bool timing = false;  // time and rate on stdout instead of stderr
};

struct SearchArgs {
  BoundsSpec overrides;
  bool minimize = true;
  std::uint64_t minimize_budget = 100'000;
  unsigned threads = 0;  // dpor: threads of one split search (Bounds::threads); 0: one classic search
  std::optional<std::uint64_t> split_after;  // dpor: Bounds::dpor_pilot of a split search
  std::optional<std::uint32_t> estimate_probes;  // dpor: Bounds::estimate_probes, when not the default
};

struct RunArgs {
  CommonArgs common;
  SearchArgs search;
  std::vector<std::string> files;
  std::optional<std::string> trace_out;
  bool chrome_trace = false;             // --trace-format chrome: trace_out gets the Chrome trace-event format
  std::optional<std::string> shard;      // "I/N" or "auto/N": explore only that share
  std::optional<std::string> shard_out;  // where the share's result goes
  std::uint64_t shard_budget = 0;        // executions of the share (0: none)
  std::vector<std::string> resume;       // results of earlier rounds: deal out what they left
};

struct MergeArgs {
  CommonArgs common;
  bool minimize = true;
  bool minimize_off = false;  // --no-minimize, as parsed
  std::uint64_t minimize_budget = 100'000;
  std::vector<std::string> results;
  std::optional<std::string> scenario;  // instead of the path recorded in the results
  std::optional<std::string> trace_out;
};

struct SuiteArgs {
  CommonArgs common;
  SearchArgs search;
  std::vector<std::string> paths;
  std::optional<std::string> junit;
  std::optional<std::string> trace_dir;
  unsigned jobs = 1;
  bool fail_partial = false;  // a pass stopped by a budget fails the case
};

struct ReplayArgs {
  CommonArgs common;
  std::string trace;
  std::optional<std::string> scenario;  // instead of the path recorded in the trace
  std::optional<std::string> trace_out;  // write the replayed trace here
  bool chrome_trace = false;             // --trace-format chrome: in the Chrome trace-event format
  std::optional<MemoryModel> memory_model;  // --memory-model: instead of the trace's bounds.memory_model
};

struct ListArgs {
  CommonArgs common;
  std::string what;       // a kind of list_sections(), or "all"
  bool markdown = false;  // --format markdown
};

struct StateArgs {
  CommonArgs common;
  std::string file;  // FILE or FILE#case
};

int run_command(const RunArgs& a, const ModelInterface& model, const CliStreams& io);
int suite_command(const SuiteArgs& a, const ModelInterface& model, const CliStreams& io);
int replay_command(const ReplayArgs& a, const ModelInterface& model, const CliStreams& io);
int list_command(const ListArgs& a, const ModelInterface& model, const CliStreams& io);
int state_command(const StateArgs& a, const ModelInterface& model, const CliStreams& io);
// `run FILE --shard I/N`: one share of a search across machines (cmd_shard.cpp).
int shard_command(const RunArgs& a, const ModelInterface& model, const CliStreams& io);
int merge_command(const MergeArgs& a, const ModelInterface& model, const CliStreams& io);

// The sections `list` prints: the model's reference, then the engine's strategies and verdicts.
std::vector<ReferenceSection> list_sections(const ModelInterface& model);
// `list all --format markdown`: docs/model-reference.md. `argv0` names the program in it.
std::string model_reference_markdown(const ModelInterface& model, const std::string& argv0);

// Shared by the commands: prints bad-input errors (stderr always; with --format json also a
// "swapcheck-error" document on stdout) and returns kExitBadInput.
int report_errors(const std::vector<ScenarioError>& errors, const CommonArgs& common, const CliStreams& io);
// The one JSON document a command prints, with its format tag and version.
nlohmann::json output_document(const char* format);

}  // namespace checker
