// The swap model's reference (swap_reference.h), from its registries.
#include "model/cli/swap_reference.h"

#include <algorithm>
#include <cstring>

#include "model/alloc_failure.h"
#include "model/cli/step_program.h"
#include "model/invariants.h"

namespace swapmodel {

using checker::ReferenceEntry;
using checker::ReferenceParam;
using checker::ReferenceSection;

namespace {

// The kernel function and file of the operations whose one-line doc does not name its file
// ("pte_none (include/linux/pgtable.h) of a PTE value" does): where the function differs from
// the operation's name, and where it lives.
struct KernelSource {
  const char* op;
  const char* function;
  const char* file;
};

constexpr KernelSource kKernelSources[] = {
    {"swap_out", "shrink_folio_list", "mm/vmscan.c"},
    {"shrink_folio", "shrink_folio_list", "mm/vmscan.c"},
    {"do_swap_page", "do_swap_page", "mm/memory.c"},
    {"zap", "zap_pte_range", "mm/memory.c"},
    {"fork", "copy_pte_range", "mm/memory.c"},
    {"write", "handle_mm_fault for a write, then the store", "mm/memory.c"},
    {"swapoff", "the swapoff system call", "mm/swapfile.c"},
    {"try_to_unuse", "try_to_unuse", "mm/swapfile.c"},
    {"zswap_shrink", "shrink_memcg_cb", "mm/zswap.c"},
    {"zswap_set_enabled", "the zswap.enabled parameter", "mm/zswap.c"},
    {"memcg_offline", "mem_cgroup_css_offline", "mm/memcontrol.c"},
    {"hibernate_alloc", "swap_alloc_hibernation_slot", "mm/swapfile.c"},
    {"hibernate_free", "swap_free_hibernation_slot", "mm/swapfile.c"},
    {"folio_lock", "folio_lock", "include/linux/pagemap.h"},
    {"folio_trylock", "folio_trylock", "include/linux/pagemap.h"},
    {"folio_unlock", "folio_unlock", "mm/filemap.c"},
    {"folio_put", "folio_put", "include/linux/mm.h"},
    {"folio_alloc_swap", "folio_alloc_swap", "mm/swapfile.c"},
    {"folio_dup_swap", "folio_dup_swap", "mm/swapfile.c"},
    {"folio_put_swap", "folio_put_swap", "mm/swapfile.c"},
    {"folio_free_swap", "folio_free_swap", "mm/swapfile.c"},
    {"swap_dup_entry_direct", "swap_dup_entry_direct", "mm/swapfile.c"},
    {"swap_put_entries_direct", "swap_put_entries_direct", "mm/swapfile.c"},
    {"swap_cache_add_folio", "swap_cache_add_folio", "mm/swap_state.c"},
    {"swap_cache_del_folio", "swap_cache_del_folio", "mm/swap_state.c"},
    {"swap_cache_alloc_folio", "swap_cache_alloc_folio", "mm/swap_state.c"},
    {"swap_cache_get_folio", "swap_cache_get_folio", "mm/swap_state.c"},
    {"swap_read_folio", "swap_read_folio", "mm/page_io.c"},
    {"swap_writeout", "swap_writeout", "mm/page_io.c"},
    {"try_to_reclaim_swap", "__try_to_reclaim_swap", "mm/swapfile.c"},
    {"tryget_swap_entry", "tryget_swap_entry", "mm/swap.h"},
    {"put_swap_entry", "put_swap_entry", "mm/swap.h"},
    {"ptl_lock", "pte_offset_map_lock", "include/linux/mm.h"},
    {"ptl_unlock", "pte_unmap_unlock", "include/linux/mm.h"},
    {"cluster_unlock", "swap_cluster_unlock", "mm/swap.h"},
    {"rcu_read_lock", "rcu_read_lock", "include/linux/rcupdate.h"},
    {"rcu_read_unlock", "rcu_read_unlock", "include/linux/rcupdate.h"},
    {"pte_read", "ptep_get", "include/linux/pgtable.h"},
    {"pte_same", "pte_same", "include/linux/pgtable.h"},
    {"pte_set_swap", "set_pte_at", "include/linux/pgtable.h"},
    {"pte_present", "pte_present", "arch/x86/include/asm/pgtable.h"},
    {"pte_folio", "vm_normal_folio", "mm/memory.c"},
    {"swp_offset", "swp_offset", "include/linux/swapops.h"},
    {"swp_tb_is_folio", "swp_tb_is_folio", "mm/swap_table.h"},
    {"swp_tb_is_pointer", "swp_tb_is_pointer", "mm/swap_table.h"},
    {"folio_test_uptodate", "folio_test_uptodate", "include/linux/page-flags.h"},
    {"folio_test_swapcache", "folio_test_swapcache", "include/linux/page-flags.h"},
    {"folio_test_dirty", "folio_test_dirty", "include/linux/page-flags.h"},
    {"folio_test_writeback", "folio_test_writeback", "include/linux/page-flags.h"},
    {"folio_mark_dirty", "folio_mark_dirty", "mm/page-writeback.c"},
    {"folio_mark_uptodate", "folio_mark_uptodate", "include/linux/page-flags.h"},
    {"folio_set_reclaim", "folio_set_reclaim", "include/linux/page-flags.h"},
    {"folio_ref_unfreeze", "folio_ref_unfreeze", "include/linux/page_ref.h"},
    {"folio_swap", "folio->swap", "include/linux/mm_types.h"},
    {"percpu_swap_cluster_unlock", "local_unlock(&percpu_swap_cluster.lock)", "mm/swapfile.c"},
    {"zswap_lru_lock", "the zswap list_lru's lock in list_lru_walk_one", "mm/list_lru.c"},
    {"zswap_lru_unlock", "the zswap list_lru's unlock in list_lru_walk_one", "mm/list_lru.c"},
    {"zswap_entry_swpentry", "entry->swpentry in shrink_memcg_cb", "mm/zswap.c"},
    {"folio_phys_swap_backed", "folio_phys_swap_backed", "mm/vswap.h"},
    {"vswap_alloc", "vswap_alloc", "mm/vswap.c"},
    {"vswap_free", "vswap_free", "mm/vswap.c"},
    {"swap_duplicate", "swap_duplicate", "mm/vswap.c"},
    {"swap_duplicate_nr", "swap_duplicate_nr", "mm/vswap.c"},
    {"swap_dup_and_put", "swap_duplicate_nr, then swap_free_nr", "mm/vswap.c"},
    {"swap_free_nr", "swap_free_nr", "mm/vswap.c"},
    {"swapcache_prepare", "swapcache_prepare", "mm/vswap.c"},
    {"swapcache_clear", "swapcache_clear", "mm/vswap.c"},
    {"put_swap_folio", "put_swap_folio", "mm/vswap.c"},
    {"vswap_swapcache_only", "vswap_swapcache_only", "mm/vswap.c"},
    {"non_swapcache_batch", "non_swapcache_batch", "mm/memory.c"},
    {"free_swap_and_cache_nr", "free_swap_and_cache_nr", "mm/vswap.c"},
    {"swp_entry_to_swp_slot", "swp_entry_to_swp_slot", "mm/vswap.c"},
    {"swp_swapcount", "swp_swapcount", "mm/vswap.c"},
    {"trylock_swapoff", "trylock_swapoff", "include/linux/swap.h"},
    {"vswap_realloc", "folio_realloc_swap", "mm/swapfile.c"},
    {"vswap_release_backing", "folio_release_vswap_backing", "mm/swapfile.c"},
    {"swap_reclaim_full_clusters", "swap_reclaim_full_clusters", "mm/swapfile.c"},
    {"vswap_reclaim_backing", "try_to_reclaim_vswap_backing", "mm/swapfile.c"},
    {"madvise_willneed", "swapin_walk_pmd_entry (MADV_WILLNEED)", "mm/madvise.c"},
    {"mincore", "mincore_pte_range", "mm/mincore.c"},
    {"uffd_move", "move_pages_ptes (UFFDIO_MOVE)", "mm/userfaultfd.c"},
    {"migrate_folio", "migrate_pages for one folio", "mm/migrate.c"},
    {"schedule_reclaim_work", "schedule_work(&si->reclaim_work) in swap_range_alloc", "mm/swapfile.c"},
    {"swap_reclaim_work", "swap_reclaim_work", "mm/swapfile.c"},
    {"cluster_scan_reclaim", "cluster_scan_range and cluster_reclaim_range", "mm/swapfile.c"},
};

const KernelSource* kernel_source(const std::string& op) {
  for (const KernelSource& k : kKernelSources)
    if (op == k.op) return &k;
  return nullptr;
}

bool ident_char(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_'; }

// The first kernel source path a doc names ("mm/swapfile.c", "include/linux/pgtable.h"), and
// the function when the doc opens with it ("unuse_pte_range (mm/swapfile.c) over ...").
bool path_in_doc(const std::string& doc, std::string& function, std::string& file) {
  for (const char* root : {"mm/", "include/", "arch/", "kernel/"}) {
    for (std::size_t at = doc.find(root); at != std::string::npos; at = doc.find(root, at + 1)) {
      if (at > 0 && doc[at - 1] != '(' && doc[at - 1] != ' ') continue;
      std::size_t end = at;
      while (end < doc.size() && (ident_char(doc[end]) || doc[end] == '/' || doc[end] == '.' || doc[end] == '-')) ++end;
      while (end > at && doc[end - 1] == '.') --end;  // a sentence's full stop
      const std::string path = doc.substr(at, end - at);
      if (!path.ends_with(".c") && !path.ends_with(".h")) continue;
      file = path;
      // "unuse_pte_range (mm/swapfile.c) over ...": the doc opens with the function.
      if (at >= 2 && doc[at - 1] == '(' && doc[at - 2] == ' ') {
        std::size_t begin = at - 2;
        while (begin > 0 && ident_char(doc[begin - 1])) --begin;
        if (begin == 0 && at > 2) function = doc.substr(0, at - 2);
      }
      return true;
    }
  }
  return false;
}

const char* design_seeds(ModelDesign d) {
  switch (d) {
    case ModelDesign::SwapTable: return "swap_table (seeds 000, 002, 003)";
    case ModelDesign::Vswap: return "vswap (seed 004)";
    case ModelDesign::VswapDesc: return "vswap_desc (seed 001)";
  }
  return "?";
}

std::string designs_text(Designs designs) {
  std::vector<std::string> parts;
  for (ModelDesign d : kModelDesigns)
    if (designs.has(d)) parts.push_back(design_seeds(d));
  std::string s = parts.size() == 1 ? "design " : "designs ";
  for (std::size_t i = 0; i < parts.size(); ++i) s += (i == 0 ? "" : i + 1 == parts.size() ? " and " : ", ") + parts[i];
  return s;
}

std::string without_article(const char* kind) {
  std::string s = kind;
  for (const char* a : {"a ", "an "})
    if (s.starts_with(a)) return s.substr(std::strlen(a));
  return s;
}

std::string knob_default(const ConfigKnob& k) {
  const OpValue v = k.get(SwapConfig{});
  if (const std::string* s = std::get_if<std::string>(&v)) return "\"" + *s + "\"";
  return std::to_string(std::get<std::int64_t>(v));
}

ReferenceSection config_section() {
  ReferenceSection s{
      "config", "Configuration keys",
      "The keys of a scenario's optional \"config\" object: sizes the kernel fixes (small here, so a search ends), "
      "the kernel variant and design, the mutations and fixes. The design is chosen by the config alone. Flags are "
      "0 or 1, never JSON's true and false: the model's values are integers, as C's booleans and the step "
      "language's results are. Example: {\"design\": \"swap_table\", \"thp\": 1, \"memcgs\": 1, \"mutations\": "
      "[\"dup_without_ptl\"]}.",
      {}};
  for (const ConfigKnob& k : config_registry())
    s.entries.push_back(ReferenceEntry{k.name, k.doc, k.value_text(), knob_default(k), k.kernel, {}, {}});
  std::string mutations, fixes;
  for (const MutationEntry& m : mutation_registry()) mutations += (mutations.empty() ? "" : ", ") + m.name;
  for (const FixEntry& f : fix_registry()) fixes += (fixes.empty() ? "" : ", ") + f.name;
  s.entries.push_back(ReferenceEntry{"mutations", "known bugs put back, by name (list mutations): " + mutations,
                                     "list of up to 16 mutation names", "[]", "", {}, {}});
  s.entries.push_back(ReferenceEntry{"fixes", "fixes for races the faithful model shows, by name (list fixes): " + fixes,
                                     "list of up to 16 fix names", "[]", "", {}, {}});
  s.entries.push_back(ReferenceEntry{
      "memcg_limits",
      "per memcg below the root: its parent, its swap limit and whether charging a swapped-in folio fails",
      "list of up to 16 objects",
      "[]",
      "struct mem_cgroup's memory.swap.max (v2) or memsw limit (v1), and memory.max for the swap-in charge",
      {ReferenceParam{"memcg", "memcg id 2..memcgs+1", "", "the memcg the entry is about"},
       ReferenceParam{"parent", "memcg id below memcg", "1", "its parent (1: the root)"},
       ReferenceParam{"swap_max", "integer -1..1048576", "-1", "its swap limit in pages; -1: none"},
       ReferenceParam{"charge_fails", "0 or 1", "0",
                      "1: mem_cgroup_swapin_charge_folio fails for this memcg (memory.max reached)"}},
      {"Example: \"memcg_limits\": [{\"memcg\": 2, \"swap_max\": 1, \"charge_fails\": 1}]."}});
  ReferenceEntry failures{
      "alloc_failure",
      "the allocations that may fail: each named site becomes a choice the search explores both ways wherever a "
      "thread allocates there, and the seed's error path runs when it fails; unnamed sites always succeed, and the "
      "initial state's allocations never fail",
      "list of allocation site names",
      "[]",
      "kzalloc, kcalloc, xa_alloc, kmem_cache_alloc and folio_alloc failing under memory pressure (model/alloc_failure.h)",
      {},
      {}};
  for (const AllocSiteInfo& site : alloc_site_registry())
    failures.notes.push_back(std::string("\"") + site.name + "\": " + site.where +
                             (site.may_sleep ? "; it may sleep" : "; it does not sleep") + ".");
  failures.notes.push_back("Example: \"alloc_failure\": [\"swap_table\", \"memcg_table\"].");
  s.entries.push_back(std::move(failures));
  return s;
}

ReferenceSection ops_section() {
  ReferenceSection s{
      "ops", "Operations",
      "What a \"state\" step and a thread step call: {\"op\": NAME, ARGUMENT: VALUE, ...}. One name is one kernel "
      "function in every design that has it; a design that lacks it refuses it where the scenario names it. An "
      "operation returns one integer: 0 or a negative errno, an id, an offset, or a flag (1 or 0). An argument "
      "that names an object (a folio id, an mm id, a swap offset, ...) is checked when the step runs: one that "
      "names nothing fails the step's precondition. `swapcheck state FILE` shows the ids a setup builds.",
      {}};
  for (const OpEntry& op : op_registry()) {
    ReferenceEntry e{op.name, op.doc, "", "", op_kernel_text(op), {}, {}};
    for (const OpParam& p : op.params) {
      const char* kind = step_param_kind(p.name);
      const std::string type = kind != nullptr ? without_article(kind) : p.is_string ? "string" : "integer";
      e.params.push_back(ReferenceParam{p.name, type, p.required ? "" : std::to_string(p.default_value), p.doc});
    }
    if (op.setup_only) e.notes.push_back("State only: it builds the initial state, in \"state\"; a thread may not call it.");
    if (!op.designs.all())
      e.notes.push_back("Only in " + op.designs.names() + "; a scenario of another design is refused where it names it.");
    s.entries.push_back(std::move(e));
  }
  return s;
}

ReferenceSection steps_section() {
  std::string errnos;
  for (const std::string& e : step_errno_literals()) errnos += (errnos.empty() ? "" : ", ") + e;
  ReferenceSection s{
      "steps", "Threads and steps",
      "A scenario's \"threads\" (1 to 8) each run a list of steps on their own model CPU; \"state\" is a list of "
      "operation calls with literal arguments, run in order before any thread starts. A thread's steps are "
      "operation calls (list ops), whose results it may name and test, and the thread-local control around them "
      "(docs/scenario-format.md, \"Steps\"). Only operation calls have scheduling points.",
      {}};
  const auto add = [&s](std::string name, std::string doc, std::string type, std::string fallback,
                        std::vector<ReferenceParam> params = {}) {
    s.entries.push_back(ReferenceEntry{std::move(name), std::move(doc), std::move(type), std::move(fallback), "",
                                       std::move(params), {}});
  };
  add("threads[].name", "the thread's name in reports and swimlanes", "string, required", "");
  add("threads[].cpu", "the model CPU it runs on: its percpu allocation cache and local locks",
      "integer 0..nr_cpus-1", "the thread's index modulo nr_cpus");
  add("threads[].folio_budget", "folios the thread may allocate; past it folio_alloc fails (-ENOMEM); -1: no limit",
      "integer -1..64", "-1");
  add("threads[].steps", "the thread's steps, run in order", "list of 1 to 256 steps", "");
  add("state", "operation calls with literal integer arguments (no \"as\", labels or control), run in order at setup",
      "list of up to 256 steps", "[]");
  add("{\"op\": NAME, ...}", "call an operation with its arguments as sibling keys; \"as\" names its result for later steps",
      "step", "",
      {ReferenceParam{"op", "operation name (list ops)", "", "the operation"},
       ReferenceParam{"ARGUMENT", "integer, \"$name\" or errno name", "", "each argument of the operation, by name"},
       ReferenceParam{"as", "name (letters, digits, _)", "none", "binds the result to $name; a name may be bound again"},
       ReferenceParam{"label", "name", "none", "marks the step for goto and retry"}});
  add("{\"if\": COND, \"then\": [...], \"else\": [...]}", "run then when COND holds, else else", "step", "",
      {ReferenceParam{"if", "condition", "", "\"$x\" (x is not 0), \"!$x\" (x is 0), or [A, OP, B] with OP one of "
                                             "==, !=, <, <=, >, >="},
       ReferenceParam{"then", "list of steps", "", "when it holds"},
       ReferenceParam{"else", "list of steps", "[]", "when it does not"}});
  add("{\"goto\": LABEL}", "jump forward to the step labelled LABEL (the kernel's goto out_unlock)", "step", "");
  add("{\"retry\": LABEL, \"max\": N}", "jump back to LABEL, at most N times per run of the thread; then go on", "step",
      "", {ReferenceParam{"max", "integer 1..1000", "", "the bound; required"}});
  add("{\"assert\": COND, \"message\": TEXT}",
      "COND must hold here, else the run is an assertion violation (check \"assert\")", "step", "",
      {ReferenceParam{"message", "string", "\"\"", "said first when the assertion fails"}});
  add("{\"label\": LABEL}", "a label alone marks the next step, or the end of the thread", "step", "");
  add("values", "a comparison's operands and an operation's arguments: an integer, a bound value \"$name\", or an "
                "errno name: " + errnos,
      "", "");
  std::vector<ReferenceParam> kinds;
  for (const char* param : {"folio", "mm", "src", "dst", "type", "offset", "prev", "memcg", "idx", "cpu", "swp", "pte",
                            "tb", "entry", "record"})
    kinds.push_back(ReferenceParam{param, without_article(step_param_kind(param)), "", "an argument of this name"});
  add("kinds", "what an argument names, by its name: one bound value may not be used as two kinds, nor compared with "
               "a value of another kind; other arguments take plain numbers",
      "", "", kinds);
  return s;
}

ReferenceSection invariants_section() {
  ReferenceSection s{"invariants", "Invariants",
                     "The model's invariants, checked after every step or at quiescence; a scenario's \"invariants\" "
                     "may name some (default: all), and expect.check names the one an invariant or hint verdict "
                     "must break.",
                     {}};
  for (const InvariantEntry& e : invariant_registry())
    s.entries.push_back(ReferenceEntry{e.name, e.doc, "", "", "", {}, {}});
  return s;
}

ReferenceSection mutations_section() {
  ReferenceSection s{"mutations", "Mutations",
                     "Known bugs put back (\"config\": {\"mutations\": [NAME]}): each changes one kernel function as "
                     "it was, or as a reviewer feared, and a scenario shows the violation it causes while its "
                     "faithful twin beside it passes.",
                     {}};
  for (const MutationEntry& m : mutation_registry())
    s.entries.push_back(ReferenceEntry{m.name, m.doc, "", "", m.kernel, {}, {"Shown by scenarios/" + m.scenario + "."}});
  return s;
}

ReferenceSection fixes_section() {
  ReferenceSection s{"fixes", "Fixes",
                     "Fixes for races the faithful model shows in the seed code (\"config\": {\"fixes\": [NAME]}): "
                     "with the fix off, the scenario named shows the race (unless the entry says the fix only makes a path reachable); "
                     "its fixed twin turns it on and passes. docs/findings.md tells each race.",
                     {}};
  for (const FixEntry& f : fix_registry())
    s.entries.push_back(ReferenceEntry{f.name, f.doc, "", "", f.kernel, {}, {"The race: scenarios/" + f.scenario + "."}});
  return s;
}

}  // namespace

std::string op_kernel_text(const OpEntry& op) {
  if (op.setup_only) return "";
  // The doc's own "function (file)" first (one name may have rows in two files: vswap_alloc),
  // then the table.
  std::string function = op.name, file;
  if (!path_in_doc(op.doc, function, file)) {
    if (const KernelSource* k = kernel_source(op.name)) {
      function = k->function;
      file = k->file;
    }
  }
  return function + (file.empty() ? "" : " (" + file + ")") + "; " + designs_text(op.designs);
}

std::vector<ReferenceSection> swap_reference() {
  return {config_section(), ops_section(), steps_section(), invariants_section(), mutations_section(), fixes_section()};
}

}  // namespace swapmodel
