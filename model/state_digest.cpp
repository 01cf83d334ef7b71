// The model's state as text (state_digest.h).
#include "model/state_digest.h"

#include <sstream>

#include "model/model.h"
#include "model/vswap/vswap.h"

namespace swapmodel {

namespace {

const char* cell_state(const checker::HeapCell* c) {
  if (c == nullptr) return "-";
  switch (c->state) {
    case checker::HeapCell::State::Live: return "live";
    case checker::HeapCell::State::Retired: return "retired";
    case checker::HeapCell::State::Freed: return "freed";
  }
  return "?";
}

void cluster_text(std::ostringstream& o, SwapModel& m, SwapCluster& ci) {
  o << " count=" << ci.count.peek() << " flags=" << int{ci.flags.peek()} << " order=" << int{ci.order.peek()}
    << " locked=" << ci.lock.held();
  const std::uint32_t t = ci.table.peek(), e = ci.extend_table.peek(), mt = ci.memcg_table.peek();
  o << " table=";
  if (t == 0) {
    o << "none";
  } else {
    for (auto& w : m.table(t).tb) o << std::hex << w.peek() << std::dec << ",";
  }
  if (e != 0) {
    o << " ext=";
    for (auto& x : m.ext_table(e).ext) o << x.peek() << ",";
  }
  if (mt != 0) {
    o << " memcg=";
    for (auto& x : m.memcg_table(mt).memcg_id) o << x.peek() << ",";
  }
}

void device_text(std::ostringstream& o, SwapModel& m, SwapDevice& si) {
  o << "device " << si.type << " flags=" << si.flags.peek() << " inuse=" << si.inuse_pages.peek()
    << " users_dead=" << si.users.dead.peek() << " users=";
  for (auto& c : si.users.count) o << c.peek() << ",";
  o << " info=" << cell_state(si.cluster_info) << " lock=" << si.lock.held() << " free=" << si.free_clusters.peek()
    << " full=" << si.full_clusters.peek() << " nonfull=";
  for (auto& l : si.nonfull_clusters) o << l.peek() << ",";
  o << " frag=";
  for (auto& l : si.frag_clusters) o << l.peek() << ",";
  o << "\n";
  for (SwapCluster& ci : si.clusters) {
    o << "  cluster " << ci.index;
    cluster_text(o, m, ci);
    o << "\n";
  }
  o << "  disk=";
  for (auto& d : si.disk) o << std::hex << d.peek() << std::dec << ",";
  o << " zswap_tree=" << cell_state(si.zswap.cell) << ":";
  for (auto& s : si.zswap.slot) o << s.peek() << ",";
  o << "\n";
}

}  // namespace

std::string state_digest(SwapModel& m) {
  std::ostringstream o;
  o << "nr_swap_pages=" << m.nr_swap_pages.peek() << " total=" << m.total_swap_pages.peek()
    << " avail=" << m.swap_avail_head.peek() << " swap_lock=" << m.swap_lock.held() << "\n";
  for (MmStruct& mm : m.mms) {
    o << "mm " << mm.id << " memcg=" << mm.memcg << " ptl=" << mm.ptl.held() << " pte=";
    for (std::size_t i = 0; i < mm.pte.size(); ++i)
      o << std::hex << mm.pte[i].peek() << std::dec << "/" << mm.page_id[i] << "/" << std::hex << mm.expected[i]
        << std::dec << "/" << mm.version[i] << ",";
    o << "\n";
  }
  for (Folio& f : m.folios) {
    o << "folio " << f.id << " order=" << f.order << " index=" << f.index << " locked=" << f.lock.held()
      << " flags=" << f.flags.peek() << " swap=" << std::hex << f.swap.peek() << std::dec << " ref=" << f.refcount.peek()
      << " map=" << f.mapcount.peek() << " memcg=" << f.memcg.peek() << " data=";
    for (auto& d : f.data) o << std::hex << d.peek() << std::dec << ",";
    o << "\n";
  }
  for (SwapDevice& si : m.devices) device_text(o, m, si);
  for (std::size_t cpu = 0; cpu < m.percpu.size(); ++cpu) {
    PercpuSwapCluster& pcp = m.percpu[cpu];
    o << "percpu " << cpu << " lock=" << pcp.lock.held() << " si=";
    for (auto& s : pcp.si) o << s.peek() << ",";
    o << " offset=";
    for (auto& s : pcp.offset) o << s.peek() << ",";
    o << "\n";
  }
  for (Memcg& mc : m.memcgs)
    o << "memcg " << mc.id << " swap=" << mc.swap.peek() << " memsw=" << mc.memsw.peek() << " id_ref=" << mc.id_ref.peek()
      << " online=" << mc.online.peek() << "\n";
  for (ZswapEntry& z : m.zswap_entries)
    o << "zswap_entry " << z.id << " " << cell_state(z.cell) << " data=" << std::hex << z.data.peek()
      << " swpentry=" << z.swpentry.peek() << std::dec << "\n";
  o << "zswap_lru enabled=" << m.zswap_lru->enabled.peek() << " lock=" << m.zswap_lru->lock.held() << " list=";
  for (std::uint32_t id : m.zswap_lru->list.peek()) o << id << ",";
  o << "\n";
  if (vswap::VswapState* v = m.vswap.get()) {
    o << "vswap used=" << v->used.peek() << " reject=" << v->alloc_reject.peek() << " xa_lock=" << v->xa_lock.held() << "\n";
    device_text(o, m, v->si);
    for (std::size_t i = 0; i < v->pool.size(); ++i) {
      const std::uint32_t id = v->pool[i].peek();
      if (id == 0) continue;
      vswap::VswapCluster& c = v->cluster(id);
      o << "  pool " << i << " cluster index=" << c.index << " " << cell_state(c.cell);
      if (c.cell->state == checker::HeapCell::State::Live) {
        cluster_text(o, m, c.ci);
        const std::uint32_t vt = c.virtual_table.peek();
        o << " vtable=";
        if (vt == 0) {
          o << "none";
        } else {
          for (auto& w : v->vtable(vt).vt) o << std::hex << w.peek() << std::dec << ",";
        }
      }
      o << "\n";
    }
    std::size_t dead = 0;
    for (vswap::VswapCluster& c : v->clusters)
      if (c.cell->state != checker::HeapCell::State::Live) ++dead;
    o << "  clusters=" << v->clusters.size() << " not_live=" << dead << "\n";
    for (std::size_t cpu = 0; cpu < v->percpu.size(); ++cpu) {
      o << "  percpu " << cpu << " offset=";
      for (auto& s : v->percpu[cpu].offset) o << s.peek() << ",";
      o << "\n";
    }
  }
  for (const KernelWarning& w : m.ghost.warnings) o << "warning " << w.function << ": " << w.what << "\n";
  o << "hibernation_slots=" << m.ghost.hibernation_slots.size() << "\n";
  return o.str();
}

}  // namespace swapmodel
