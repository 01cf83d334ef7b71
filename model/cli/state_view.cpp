// The initial state of a swap scenario as text and JSON (state_view.h).
#include "model/cli/state_view.h"

#include <sstream>

#include "checker/execution.h"
#include "checker/fiber.h"
#include "model/cli/swap_interface.h"
#include "model/desc/state.h"
#include "model/model.h"
#include "model/page_data.h"
#include "model/swap_table.h"
#include "model/vswap/vswap.h"
#include "model/vswap/vtable.h"

namespace swapmodel {

using nlohmann::json;

namespace {

std::string entry_text(swp_entry_t e) {
  return "(" + std::to_string(swp_type(e)) + ", " + std::to_string(swp_offset(e)) + ")";
}

json entry_json(swp_entry_t e) { return {{"type", swp_type(e)}, {"offset", swp_offset(e)}}; }

std::string flags_text(std::uint32_t flags) {
  static constexpr struct {
    std::uint32_t bit;
    const char* name;
  } kNames[] = {{SWP_USED, "USED"},        {SWP_WRITEOK, "WRITEOK"}, {SWP_SOLIDSTATE, "SOLIDSTATE"}, {SWP_BLKDEV, "BLKDEV"},
                {SWP_SYNCHRONOUS_IO, "SYNCHRONOUS_IO"}, {SWP_VSWAP, "VSWAP"}};
  std::string s;
  for (const auto& n : kNames)
    if (flags & n.bit) s += (s.empty() ? "" : "|") + std::string(n.name);
  return s.empty() ? "0" : s;
}

const char* cluster_list(std::uint8_t flag) {
  switch (flag) {
    case CLUSTER_FLAG_NONE: return "off-list";
    case CLUSTER_FLAG_FREE: return "free";
    case CLUSTER_FLAG_NONFULL: return "nonfull";
    case CLUSTER_FLAG_FRAG: return "frag";
    case CLUSTER_FLAG_FULL: return "full";
    case CLUSTER_FLAG_DISCARD: return "discard";
    case CLUSTER_FLAG_DEAD: return "dead";
  }
  return "?";
}

// What one slot of a swap table holds, in words and as JSON; `backing` is what the swap table
// alone does not say (the disk, zswap, or seed 004's virtual table).
struct SlotView {
  std::string text;
  json j;
};

class StateWriter {
 public:
  explicit StateWriter(SwapModel& m) : m_(m) {}

  checker::StateView view() {
    config();
    if (m_.vswap_desc)
      physical_swap();  // seed 001's descriptors own their physical slots: the swap table is unused
    else
      devices();
    if (m_.vswap) vswap_device();
    if (m_.vswap_desc) descriptors();
    page_tables();
    folios();
    memcgs();
    zswap();
    percpu();
    return checker::StateView{out_.str(), j_};
  }

 private:
  void config() {
    const SwapConfig& c = m_.cfg;
    const char* design = c.design == Design::VswapDesc ? "vswap_desc" : c.vswap ? "vswap" : "swap_table";
    out_ << "design " << design << ": count_max " << c.count_max << ", slots_per_cluster " << c.slots_per_cluster
         << ", nr_cpus " << c.nr_cpus << ", thp " << c.thp << ", zswap " << c.zswap_enabled << ", memcg "
         << (c.memcg_mode == MemcgMode::V1 ? "v1" : "v2") << "\n";
    j_["design"] = design;
    j_["nr_swap_pages"] = m_.nr_swap_pages.peek();
    j_["total_swap_pages"] = m_.total_swap_pages.peek();
    out_ << "nr_swap_pages " << m_.nr_swap_pages.peek() << " of " << m_.total_swap_pages.peek() << "\n";
  }

  // The slot `off` of a cluster's tables: its count, what the swap table word says (a folio in
  // the swap cache, a shadow, a vswap Pointer), its backing and memcg.
  SlotView slot(SwapDevice& si, SwapCluster& ci, unsigned ci_off, std::uint64_t offset, std::uint64_t vt_word,
                bool virtual_slot) {
    SlotView v;
    const std::uint32_t t = ci.table.peek(), e = ci.extend_table.peek(), mt = ci.memcg_table.peek();
    const std::uint64_t w = t == 0 ? 0 : m_.table(t).tb.at(ci_off).peek();
    const std::uint32_t ext = e == 0 ? 0 : m_.ext_table(e).ext.at(ci_off).peek();
    const int memcg = mt == 0 ? 0 : m_.memcg_table(mt).memcg_id.at(ci_off).peek();
    std::ostringstream s;
    v.j["offset"] = offset;
    if (tb::is_bad(w)) {
      s << "bad (the header)";
      v.j["kind"] = "bad";
      v.text = s.str();
      return v;
    }
    const long count = tb::decode_count(w, ext, m_.count_max());
    v.j["word"] = w;
    if (tb::is_pointer(w)) {
      v.j["kind"] = "pointer";
      v.j["vswap_offset"] = tb::pointer_offset(w);
      v.j["cache_only"] = (w & tb::kPointerCacheOnly) != 0;
      s << "backs vswap offset " << tb::pointer_offset(w) << ((w & tb::kPointerCacheOnly) ? " (cache only)" : "");
    } else {
      v.j["count"] = count;
      s << "count " << count;
      if (tb::is_folio(w)) {
        v.j["kind"] = "folio";
        v.j["cache"] = tb::folio_pfn(w);
        s << ", swap cache: folio " << tb::folio_pfn(w);
      } else if (tb::is_shadow(w)) {
        v.j["kind"] = "shadow";
        v.j["shadow"] = tb::shadow_value(w);
        s << ", shadow " << tb::shadow_value(w);
      } else {
        v.j["kind"] = tb::is_null(w) ? "null" : "corrupt";
        v.j["cache"] = nullptr;
      }
    }
    // The backing: the zero flag, a virtual-table word (vswap slots), a zswap entry, the disk.
    json backing;
    if (tb::zero(w)) {
      backing = {{"kind", "zero"}};
      s << ", backing: zero";
    } else if (virtual_slot && vt::type(vt_word) == vt::VSWAP_SWAPFILE) {
      const swp_entry_t phys{vt::to_phys(vt_word)};
      backing = {{"kind", "swapfile"}, {"entry", entry_json(phys)}};
      s << ", backing: physical slot " << entry_text(phys);
    } else if (virtual_slot && vt::type(vt_word) == vt::VSWAP_ZSWAP) {
      backing = {{"kind", "zswap"}, {"entry", vt::to_zswap(vt_word)}};
      s << ", backing: zswap entry " << vt::to_zswap(vt_word);
    } else if (!virtual_slot && si.zswap.slot.at(offset).peek() != 0) {
      backing = {{"kind", "zswap"}, {"entry", si.zswap.slot.at(offset).peek()}};
      s << ", backing: zswap entry " << si.zswap.slot.at(offset).peek();
    } else if (!virtual_slot && si.disk.at(offset).peek() != kGarbageContent) {
      backing = {{"kind", "disk"}, {"content", format_content(si.disk.at(offset).peek())}};
      s << ", backing: disk " << format_content(si.disk.at(offset).peek());
    } else {
      backing = nullptr;
    }
    v.j["backing"] = backing;
    v.j["memcg"] = memcg;
    if (memcg != 0) s << ", memcg " << memcg;
    v.text = s.str();
    return v;
  }

  bool in_use(SwapCluster& ci, unsigned ci_off, std::uint64_t vt_word) {
    const std::uint32_t t = ci.table.peek();
    const std::uint64_t w = t == 0 ? 0 : m_.table(t).tb.at(ci_off).peek();
    return w != 0 || vt_word != 0;
  }

  json cluster(SwapDevice& si, SwapCluster& ci, const std::string& indent, std::uint32_t vtable, bool virtual_slots) {
    json j;
    j["index"] = ci.index;
    j["count"] = ci.count.peek();
    j["list"] = cluster_list(ci.flags.peek());
    j["order"] = ci.order.peek();
    j["table"] = ci.table.peek() != 0;
    out_ << indent << "cluster " << ci.index << ": count " << ci.count.peek() << ", " << cluster_list(ci.flags.peek())
         << (ci.flags.peek() == CLUSTER_FLAG_NONFULL || ci.flags.peek() == CLUSTER_FLAG_FRAG
                 ? " (order " + std::to_string(ci.order.peek()) + ")"
                 : "")
         << (ci.table.peek() == 0 ? ", no swap table" : "") << "\n";
    json slots = json::array();
    const unsigned spc = m_.slots_per_cluster();
    for (unsigned i = 0; i < spc; ++i) {
      const std::uint64_t offset = static_cast<std::uint64_t>(ci.index) * spc + i;
      const std::uint64_t vt_word = vtable == 0 ? 0 : m_.vswap->vtable(vtable).vt.at(i).peek();
      if (!in_use(ci, i, vt_word)) continue;
      const SlotView v = slot(si, ci, i, offset, vt_word, virtual_slots);
      out_ << indent << "  slot " << offset << ": " << v.text << "\n";
      slots.push_back(v.j);
    }
    j["slots"] = std::move(slots);
    return j;
  }

  void devices() {
    out_ << "\ndevices (swap type, offset)\n";
    json list = json::array();
    for (SwapDevice& si : m_.devices) {
      json d;
      d["type"] = si.type;
      d["slots"] = si.max;
      d["flags"] = flags_text(si.flags.peek());
      d["inuse_pages"] = si.inuse_pages.peek();
      out_ << "  device " << si.type << ": " << si.max << " slots in " << si.nr_clusters << " clusters of "
           << m_.slots_per_cluster() << ", " << flags_text(si.flags.peek()) << ", " << si.inuse_pages.peek()
           << " in use\n";
      json clusters = json::array();
      for (SwapCluster& ci : si.clusters) clusters.push_back(cluster(si, ci, "    ", 0, false));
      d["clusters"] = std::move(clusters);
      list.push_back(std::move(d));
    }
    j_["devices"] = std::move(list);
  }

  void physical_swap() {
    desc::PhysSwap& p = m_.vswap_desc->phys;
    out_ << "\nphysical swap (seed 001's swap_map; a descriptor's slot is an offset here): " << p.size() << " slots\n";
    json slots = json::array();
    for (std::size_t i = 0; i < p.size(); ++i) {
      const std::uint8_t map = p.swap_map[i].peek();
      if (map == 0) continue;
      const std::string state = (map & desc::SWAP_MAP_BAD) ? "bad" : "allocated";
      out_ << "  slot " << i << ": " << state;
      json j = {{"offset", i}, {"state", state}};
      if (!(map & desc::SWAP_MAP_BAD) && p.disk[i].peek() != kGarbageContent) {
        out_ << ", disk " << format_content(p.disk[i].peek());
        j["content"] = format_content(p.disk[i].peek());
      }
      out_ << "\n";
      slots.push_back(std::move(j));
    }
    j_["physical"] = {{"slots", p.size()}, {"used", std::move(slots)}};
  }

  void vswap_device() {
    vswap::VswapState& v = *m_.vswap;
    out_ << "\nvswap device (swap type " << v.si.type << "): " << v.used.peek() << (v.used.peek() == 1 ? " slot" : " slots")
         << " used\n";
    json d;
    d["type"] = v.si.type;
    d["used"] = v.used.peek();
    json clusters = json::array();
    for (std::size_t i = 0; i < v.pool.size(); ++i) {
      const std::uint32_t id = v.pool[i].peek();
      if (id == 0) continue;
      vswap::VswapCluster& c = v.cluster(id);
      if (c.cell->state != checker::HeapCell::State::Live) continue;
      clusters.push_back(cluster(v.si, c.ci, "  ", c.virtual_table.peek(), true));
    }
    d["clusters"] = std::move(clusters);
    j_["vswap"] = std::move(d);
  }

  void descriptors() {
    desc::VswapState& v = *m_.vswap_desc;
    out_ << "\ndescriptors (seed 001; an entry is swap type " << desc::kVswapType << ", offset its index)\n";
    json list = json::array();
    for (desc::SwpDesc& d : v.descs) {
      if (d.index == 0 || d.cell->state != checker::HeapCell::State::Live) continue;
      const int refs = d.swap_refs.peek();
      out_ << "  index " << d.index << ": swap_refs " << refs << " (count " << (refs >> 1) << ", cache pin "
           << (refs & 1) << "), physical slot " << d.slot.peek() << ", memcg " << d.memcgid.peek() << "\n";
      list.push_back({{"index", d.index},
                      {"swap_refs", refs},
                      {"count", refs >> 1},
                      {"cache_pin", refs & 1},
                      {"slot", d.slot.peek()},
                      {"memcg", d.memcgid.peek()}});
    }
    j_["descriptors"] = std::move(list);
  }

  void page_tables() {
    out_ << "\npage tables (mm, idx)\n";
    json list = json::array();
    for (MmStruct& mm : m_.mms) {
      out_ << "  mm " << mm.id << " (memcg " << mm.memcg << "):";
      json ptes = json::array();
      for (std::size_t i = 0; i < mm.pte.size(); ++i) {
        const std::uint64_t p = mm.pte[i].peek();
        json pj = {{"idx", i}};
        std::string t;
        if (pte_none(p)) {
          pj["kind"] = "none";
          t = "none";
        } else if (p == kPtePoison) {
          pj["kind"] = "poison";
          t = "poison";
        } else if (pte_present(p)) {
          pj["kind"] = "present";
          pj["folio"] = pte_folio(p);
          pj["page"] = pte_page(p);
          t = "folio " + std::to_string(pte_folio(p)) + (pte_page(p) != 0 ? " page " + std::to_string(pte_page(p)) : "");
        } else if (is_swap_pte(p)) {
          pj["kind"] = "swap";
          pj["entry"] = entry_json(pte_to_swp_entry(p));
          t = "swap " + entry_text(pte_to_swp_entry(p));
        } else {
          pj["kind"] = "corrupt";
          t = "?";
        }
        pj["content"] = format_content(mm.expected[i]);
        out_ << (i == 0 ? " " : ", ") << "pte[" << i << "] " << t;
        ptes.push_back(std::move(pj));
      }
      out_ << "\n";
      list.push_back({{"mm", mm.id}, {"memcg", mm.memcg}, {"ptes", std::move(ptes)}});
    }
    j_["mms"] = std::move(list);
  }

  void folios() {
    out_ << "\nfolios\n";
    if (m_.folios.size() == 0) out_ << "  none\n";
    json list = json::array();
    for (Folio& f : m_.folios) {
      const std::uint64_t swap = f.swap.peek();
      out_ << "  folio " << f.id << ": order " << f.order << ", index " << f.index << ", "
           << format_folio_flags(f.flags.peek()) << ", swap " << (swap == 0 ? "none" : entry_text(swp_entry_t{swap}))
           << ", refcount " << f.refcount.peek() << (f.refcount.peek() == 0 ? " (freed)" : "") << ", mapcount "
           << f.mapcount.peek() << ", memcg " << f.memcg.peek()
           << (f.lock.held() ? ", locked" : "") << "\n";
      list.push_back({{"folio", f.id},
                      {"order", f.order},
                      {"index", f.index},
                      {"flags", format_folio_flags(f.flags.peek())},
                      {"swap", swap == 0 ? json(nullptr) : entry_json(swp_entry_t{swap})},
                      {"refcount", f.refcount.peek()},
                      {"mapcount", f.mapcount.peek()},
                      {"memcg", f.memcg.peek()},
                      {"locked", f.lock.held()}});
    }
    j_["folios"] = std::move(list);
  }

  void memcgs() {
    out_ << "\nmemcgs\n";
    json list = json::array();
    for (Memcg& mc : m_.memcgs) {
      out_ << "  memcg " << mc.id << (mc.parent == 0 ? " (root)" : " (parent " + std::to_string(mc.parent) + ")") << ": "
           << (mc.online.peek() != 0 ? "online" : "offline") << ", swap " << mc.swap.peek() << ", memsw "
           << mc.memsw.peek() << ", id refs " << mc.id_ref.peek()
           << (mc.swap_max >= 0 ? ", swap_max " + std::to_string(mc.swap_max) : "")
           << (mc.charge_fails ? ", charge fails" : "") << "\n";
      list.push_back({{"memcg", mc.id},
                      {"parent", mc.parent},
                      {"online", mc.online.peek() != 0},
                      {"swap", mc.swap.peek()},
                      {"memsw", mc.memsw.peek()},
                      {"id_ref", mc.id_ref.peek()},
                      {"swap_max", mc.swap_max},
                      {"charge_fails", mc.charge_fails ? 1 : 0}});
    }
    j_["memcgs"] = std::move(list);
  }

  void zswap() {
    json list = json::array();
    std::ostringstream s;
    for (ZswapEntry& z : m_.zswap_entries) {
      if (z.cell->state != checker::HeapCell::State::Live) continue;
      const swp_entry_t e{z.swpentry.peek()};
      s << "  entry " << z.id << ": for " << entry_text(e) << ", content " << format_content(z.data.peek()) << "\n";
      list.push_back({{"entry", z.id}, {"swpentry", entry_json(e)}, {"content", format_content(z.data.peek())}});
    }
    std::vector<std::uint32_t> lru = m_.zswap_lru->list.peek();
    out_ << "\nzswap: " << (m_.zswap_lru->enabled.peek() != 0 ? "enabled" : "disabled") << ", LRU";
    if (lru.empty()) out_ << " empty";
    for (std::size_t i = 0; i < lru.size(); ++i) out_ << (i == 0 ? " " : ", ") << lru[i];
    out_ << "\n" << s.str();
    j_["zswap"] = {{"enabled", m_.zswap_lru->enabled.peek() != 0}, {"lru", lru}, {"entries", std::move(list)}};
  }

  void percpu() {
    json list = json::array();
    std::ostringstream s;
    for (std::size_t cpu = 0; cpu < m_.percpu.size(); ++cpu) {
      PercpuSwapCluster& pcp = m_.percpu[cpu];
      for (std::size_t order = 0; order < pcp.si.size(); ++order) {
        const std::uint32_t si = pcp.si[order].peek();
        if (si == 0) continue;
        s << "  cpu " << cpu << " order " << order << ": device " << si - 1 << " offset " << pcp.offset[order].peek()
          << "\n";
        list.push_back({{"cpu", cpu}, {"order", order}, {"type", si - 1}, {"offset", pcp.offset[order].peek()}});
      }
    }
    out_ << "\nper-CPU allocation caches" << (list.empty() ? ": empty\n" : "\n") << s.str();
    j_["percpu"] = std::move(list);
  }

  SwapModel& m_;
  std::ostringstream out_;
  json j_ = json::object();
};

// Where the failing setup step is in the file: its context starts with a JSON pointer
// ("/state/3 zap"), else the file's start.
checker::SourceLocation failure_location(const checker::ScenarioDocument& doc, const std::string& context) {
  nlohmann::json::json_pointer where;
  if (!context.empty() && context[0] == '/') {
    try {
      nlohmann::json::json_pointer p(context.substr(0, context.find(' ')));
      if (doc.root().contains(p)) where = p;
    } catch (const nlohmann::json::exception&) {
    }
  }
  return doc.location(where);
}

}  // namespace

checker::StateView initial_state_view(const checker::ScenarioDocument& doc) {
  const SwapScenario sc = read_swap_scenario(doc, {});
  // The setup runs as in an execution's setup: every operation at once, no scheduling.
  checker::IdentityRegistry ids;
  checker::StackPool stacks(checker::default_stack_size());
  checker::Execution ex(checker::ExecutionConfig{}, ids, stacks);
  checker::ExecutionScope scope(ex);
  try {
    SwapModel m(sc.cfg);
    if (sc.setup) sc.setup(m);
    return StateWriter(m).view();
  } catch (const checker::SetupFailure& f) {
    throw checker::ScenarioError(failure_location(doc, f.context),
                                 std::string("the setup fails: ") + checker::verdict_name(f.violation.verdict) + " [" +
                                     f.violation.check + "] " + f.violation.message +
                                     (f.context.empty() ? "" : " (at " + f.context + ")"));
  }
}

}  // namespace swapmodel
