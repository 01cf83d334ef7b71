// `list KIND|all`: the model's reference (ModelInterface::reference(): its configuration keys,
// operations, steps, invariants, mutations, ... with their arguments, defaults and the kernel
// code each follows) and the engine's strategies and verdict kinds (the names a scenario's
// bounds and expect accept). As text, JSON, or Markdown (docs/model-reference.md is
// `list all --format markdown`).
#include <algorithm>
#include <filesystem>
#include <sstream>

#include "checker/cli/commands.h"
#include "checker/cli/json_output.h"
#include "checker/cli/scenario.h"
#include "checker/cli/scenario_reader.h"

namespace checker {

using nlohmann::json;

namespace {

ReferenceSection strategies() {
  ReferenceSection s{"strategies", "Search strategies",
                     "The values of a scenario's `bounds.strategy` and of `--strategy` (the engine's; docs/cli.md).",
                     {}};
  const std::vector<std::pair<const char*, const char*>> list = {
      {"dpor", "exhaustive, with dynamic partial-order reduction (the default)"},
      {"dfs", "exhaustive, every interleaving (no reduction; the oracle DPOR is tested against)"},
      {"bounded", "exhaustive up to a preemption bound, tried 0, 1, ... (fewest preemptions first)"},
      {"random", "seeded random schedules (max_executions defaults to 1000)"},
      {"pct", "probabilistic concurrency testing with bug depth pct_depth (seeded)"}};
  for (const auto& [name, doc] : list) s.entries.push_back(ReferenceEntry{name, doc, "", "", "", {}, {}});
  return s;
}

const char* verdict_doc(Verdict v) {
  switch (v) {
    case Verdict::Pass: return "no violation in the executions explored";
    case Verdict::Assertion: return "a check() in model code failed";
    case Verdict::Precondition: return "an operation was called outside its documented context";
    case Verdict::Invariant: return "a registered safety invariant failed (check: its name)";
    case Verdict::Hint: return "a registered advisory invariant failed (check: its name)";
    case Verdict::Deadlock: return "unfinished threads, none enabled";
    case Verdict::NonTermination: return "a thread exceeded its step bound";
    case Verdict::UseAfterFree: return "access to a freed tracked object";
    case Verdict::DoubleFree: return "a tracked object freed twice";
    case Verdict::BadUnlock: return "unlock of a lock the thread does not hold";
    case Verdict::SleepInAtomic: return "a sleeping lock or synchronize_rcu under a spinlock or in an RCU section";
    case Verdict::LockNesting: return "same lock class taken twice without a declared nesting level";
    case Verdict::DataRace: return "conflicting plain accesses not ordered by happens-before";
    case Verdict::Nondeterminism: return "a replay diverged from its recording";
  }
  return "";
}

ReferenceSection verdicts() {
  ReferenceSection s{"verdicts", "Verdicts",
                     "What a search ends with: the values of a scenario's `expect.verdict` (one, or a list of "
                     "acceptable ones), `nondeterminism` aside, which only a replay reports (the engine's).",
                     {}};
  for (int i = 0; std::string_view(verdict_name(static_cast<Verdict>(i))) != "?"; ++i)
    s.entries.push_back(
        ReferenceEntry{verdict_name(static_cast<Verdict>(i)), verdict_doc(static_cast<Verdict>(i)), "", "", "", {}, {}});
  return s;
}

bool detailed(const ReferenceEntry& e) {
  return !e.type.empty() || !e.fallback.empty() || !e.kernel.empty() || !e.params.empty() || !e.notes.empty();
}

std::string value_text(const std::string& type, const std::string& fallback) {
  if (fallback.empty()) return type;
  return type.empty() ? "default " + fallback : type + ", default " + fallback;
}

// --- text ----------------------------------------------------------------------------------------

std::string pad(const std::string& s, std::size_t width) { return s + std::string(width > s.size() ? width - s.size() : 0, ' '); }

void entry_text(std::ostream& out, const ReferenceEntry& e) {
  out << e.name;
  const std::string value = value_text(e.type, e.fallback);
  if (!value.empty()) out << ": " << value;
  out << "\n";
  if (!e.doc.empty()) out << "    " << e.doc << "\n";
  if (!e.kernel.empty()) out << "    kernel: " << e.kernel << "\n";
  std::size_t name_w = 0, value_w = 0;
  for (const ReferenceParam& p : e.params) {
    name_w = std::max(name_w, p.name.size());
    value_w = std::max(value_w, value_text(p.type, p.fallback.empty() ? "" : p.fallback).size() +
                                    (p.fallback.empty() ? std::string(", required").size() : 0));
  }
  for (const ReferenceParam& p : e.params) {
    const std::string value = p.fallback.empty() ? p.type + ", required" : value_text(p.type, p.fallback);
    out << "      " << pad(p.name, name_w) << "  " << pad(value, value_w) << "  " << p.doc << "\n";
  }
  for (const std::string& n : e.notes) out << "    " << n << "\n";
}

void section_text(std::ostream& out, const ReferenceSection& s, bool with_heading) {
  if (with_heading) {
    const std::string heading = s.title + " (list " + s.kind + ")";
    out << heading << "\n" << std::string(heading.size(), '=') << "\n";
  }
  if (!s.intro.empty()) out << s.intro << "\n\n";
  if (std::none_of(s.entries.begin(), s.entries.end(), detailed)) {
    // One line each, names aligned.
    std::size_t width = 0;
    for (const ReferenceEntry& e : s.entries) width = std::max(width, e.name.size());
    for (const ReferenceEntry& e : s.entries) out << pad(e.name, width + 2) << e.doc << "\n";
    return;
  }
  for (std::size_t i = 0; i < s.entries.size(); ++i) {
    if (i > 0) out << "\n";
    entry_text(out, s.entries[i]);
  }
}

// --- Markdown ------------------------------------------------------------------------------------

// Text in a table cell or a line: '|' would end the cell.
std::string md(const std::string& s) {
  std::string out;
  for (char c : s) out += c == '|' ? std::string("\\|") : std::string(1, c);
  return out;
}

void entry_markdown(std::ostream& out, const ReferenceEntry& e) {
  out << "### `" << e.name << "`\n\n";
  if (!e.doc.empty()) out << md(e.doc) << "\n\n";
  const std::string value = value_text(e.type, e.fallback.empty() ? "" : "`" + e.fallback + "`");
  if (!value.empty()) out << "- value: " << md(value) << "\n";
  if (!e.kernel.empty()) out << "- kernel: " << md(e.kernel) << "\n";
  for (const ReferenceParam& p : e.params)
    out << "- `" << p.name << "` (" << md(p.type) << ", "
        << (p.fallback.empty() ? std::string("required") : "default `" + p.fallback + "`") << "): " << md(p.doc) << "\n";
  for (const std::string& n : e.notes) out << "- " << md(n) << "\n";
  if (!value.empty() || !e.kernel.empty() || !e.params.empty() || !e.notes.empty()) out << "\n";
}

// A table of the entries without arguments or keys (their notes joined to their meaning).
void table_markdown(std::ostream& out, const std::vector<const ReferenceEntry*>& rows) {
  const auto any = [&rows](auto pred) { return std::any_of(rows.begin(), rows.end(), pred); };
  const bool values = any([](const ReferenceEntry* e) { return !e->type.empty() || !e->fallback.empty(); });
  const bool kernel = any([](const ReferenceEntry* e) { return !e->kernel.empty(); });
  out << "| name" << (values ? " | value | default" : "") << " | meaning" << (kernel ? " | kernel" : "") << " |\n";
  out << "|---" << (values ? "|---|---" : "") << "|---" << (kernel ? "|---" : "") << "|\n";
  for (const ReferenceEntry* e : rows) {
    out << "| `" << e->name << "`";
    if (values) out << " | " << md(e->type) << " | " << (e->fallback.empty() ? "" : "`" + md(e->fallback) + "`");
    std::string meaning = e->doc;
    for (const std::string& n : e->notes) {
      if (!meaning.empty() && meaning.back() != '.') meaning += '.';  // notes are sentences
      meaning += (meaning.empty() ? "" : " ") + n;
    }
    out << " | " << md(meaning);
    if (kernel) out << " | " << md(e->kernel);
    out << " |\n";
  }
  out << "\n";
}

// Mostly simple names (config keys, invariants): one table, then a block for each entry with
// arguments or keys. Mostly entries with arguments (operations): a block each.
void section_markdown(std::ostream& out, const ReferenceSection& s) {
  out << "## " << s.title << " (`list " << s.kind << "`)\n\n";
  if (!s.intro.empty()) out << md(s.intro) << "\n\n";
  const auto with_params = [](const ReferenceEntry& e) { return !e.params.empty(); };
  const auto n = static_cast<std::size_t>(std::count_if(s.entries.begin(), s.entries.end(), with_params));
  const bool blocks_only = 2 * n > s.entries.size();
  std::vector<const ReferenceEntry*> rows;
  if (!blocks_only)
    for (const ReferenceEntry& e : s.entries)
      if (!with_params(e)) rows.push_back(&e);
  if (!rows.empty()) table_markdown(out, rows);
  for (const ReferenceEntry& e : s.entries)
    if (blocks_only || with_params(e)) entry_markdown(out, e);
}

// --- JSON ----------------------------------------------------------------------------------------

json entry_json(const ReferenceEntry& e) {
  json j = {{"name", e.name}, {"doc", e.doc}};
  if (!e.type.empty()) j["type"] = e.type;
  if (!e.fallback.empty()) j["default"] = e.fallback;
  if (!e.kernel.empty()) j["kernel"] = e.kernel;
  if (!e.params.empty()) {
    json params = json::array();
    for (const ReferenceParam& p : e.params)
      params.push_back({{"name", p.name},
                        {"type", p.type},
                        {"default", p.fallback.empty() ? json(nullptr) : json(p.fallback)},
                        {"doc", p.doc}});
    j["params"] = std::move(params);
  }
  if (!e.notes.empty()) j["notes"] = e.notes;
  return j;
}

json section_json(const ReferenceSection& s) {
  json entries = json::array();
  for (const ReferenceEntry& e : s.entries) entries.push_back(entry_json(e));
  return {{"kind", s.kind}, {"title", s.title}, {"intro", s.intro}, {"entries", std::move(entries)}};
}

}  // namespace

std::vector<ReferenceSection> list_sections(const ModelInterface& model) {
  std::vector<ReferenceSection> out = model.reference();
  out.push_back(strategies());
  out.push_back(verdicts());
  return out;
}

std::string model_reference_markdown(const ModelInterface& model, const std::string& argv0) {
  // The program's name alone, so the file is the same however the binary was called.
  const std::string program = std::filesystem::path(argv0).filename().string();
  std::ostringstream out;
  out << "# The " << model.name() << " model's reference\n\n";
  out << "<!-- Generated by `" << program << " list all --format markdown`; do not edit: change the registries "
      << "and regenerate it. A test fails when it is out of date. -->\n\n";
  out << "Every name a scenario file of the " << model.name()
      << " model may use, with its value or arguments, defaults and the kernel code it follows. "
      << "`" << program << " list KIND` prints one section (`--format json` too); docs/scenario-format.md "
      << "explains the file format.\n\n";
  for (const ReferenceSection& s : list_sections(model)) section_markdown(out, s);
  std::string text = out.str();
  while (text.ends_with("\n\n")) text.pop_back();
  return text;
}

int list_command(const ListArgs& a, const ModelInterface& model, const CliStreams& io) {
  std::vector<ReferenceSection> sections = list_sections(model);
  if (a.what != "all")
    std::erase_if(sections, [&](const ReferenceSection& s) { return s.kind != a.what; });
  if (sections.empty()) {
    std::vector<std::string> kinds;
    for (const ReferenceSection& s : list_sections(model)) kinds.push_back(s.kind);
    io.err << a.common.program << " list: unknown kind \"" << a.what << "\"; expected " << join_names(kinds)
           << " or all\n";
    return kExitBadInput;
  }
  if (a.markdown) {
    if (a.what == "all") {
      io.out << model_reference_markdown(model, a.common.program);
    } else {
      std::ostringstream out;
      section_markdown(out, sections.front());
      std::string text = out.str();
      while (text.ends_with("\n\n")) text.pop_back();
      io.out << text;
    }
    return kExitOk;
  }
  if (a.common.format == OutputFormat::Json) {
    json doc = output_document("swapcheck-list");
    doc["model"] = model.name();
    doc["kind"] = a.what;
    if (a.what == "all") {
      json all = json::array();
      for (const ReferenceSection& s : sections) all.push_back(section_json(s));
      doc["sections"] = std::move(all);
    } else {
      json one = section_json(sections.front());
      doc["title"] = one["title"];
      doc["intro"] = one["intro"];
      doc["entries"] = std::move(one["entries"]);
    }
    io.out << json_text(doc);
    return kExitOk;
  }
  for (std::size_t i = 0; i < sections.size(); ++i) {
    if (i > 0) io.out << "\n";
    section_text(io.out, sections[i], a.what == "all");
  }
  return kExitOk;
}

}  // namespace checker
