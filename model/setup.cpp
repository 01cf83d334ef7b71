// Scenario state builders (see setup.h).
#include "model/setup.h"

#include <stdexcept>

#include "model/model.h"
#include "model/page_data.h"
#include "model/vmscan.h"

namespace swapmodel {

MmStruct& setup_mm(int memcg) {
  SwapModel& m = model();
  if (memcg < 1 || static_cast<std::size_t>(memcg) > m.memcgs.size()) throw std::invalid_argument("setup_mm: no such memcg");
  return m.mms.emplace_back(static_cast<int>(m.mms.size()), m.cfg.ptes_per_mm, memcg);
}

Folio& setup_anon_folio(MmStruct& mm, int idx, int order, int memcg, std::uint32_t version) {
  SwapModel& m = model();
  const int nr = 1 << order;
  if (idx < 0 || idx % nr != 0 || idx + nr > mm.slots()) throw std::invalid_argument("setup_anon_folio: bad index");
  if (order > 0 && !m.cfg.thp) throw std::invalid_argument("setup_anon_folio: large folios need THP");
  Folio& f = *m.folio_alloc(order, idx);
  f.flags.store(PG_uptodate | PG_dirty | PG_swapbacked | PG_anon);
  f.memcg.write(memcg);
  for (int i = 0; i < nr; ++i) {
    const std::size_t s = static_cast<std::size_t>(idx + i);
    if (!pte_none(mm.pte[s].peek())) throw std::invalid_argument("setup_anon_folio: PTE in use");
    const std::uint32_t page = m.ghost.next_page_id++;
    const std::uint64_t content = mk_content(page, version);
    f.data[static_cast<std::size_t>(i)].store(content);
    mm.pte[s].write_once(mk_pte_present(f.id, i));
    mm.page_id[s] = page;
    mm.expected[s] = content;
    mm.version[s] = version;
  }
  f.mapcount.store(nr);
  f.refcount.store(nr);  // one reference per mapped page
  return f;
}

void setup_swap_out(Folio& folio) {
  if (!shrink_folio(folio)) throw std::invalid_argument("setup_swap_out: reclaim kept the folio");
}

}  // namespace swapmodel
