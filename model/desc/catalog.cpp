// The descriptor design's named scenarios (catalog.h).
#include "model/desc/catalog.h"

#include <stdexcept>
#include <string>

#include "model/desc/paths.h"
#include "model/desc/vswap.h"
#include "model/model.h"
#include "model/setup.h"

namespace swapmodel::desc {

namespace {

// mm0 with one page at index 0, swapped out to vswap(1) (count 1, not cached).
void one_swapped_page(SwapModel&) {
  Folio& f = setup_anon_folio(setup_mm(1), 0, 0, 1, 1);
  if (!desc::shrink_folio(f)) throw std::invalid_argument("desc setup: reclaim kept the folio");
}

// ... shared by mm1 through fork (count 2); mm2 is an empty child for another fork.
void shared_swapped_page(SwapModel& m) {
  one_swapped_page(m);
  setup_mm(1);
  setup_mm(1);
  desc::copy_pte_range(m.mm(1), m.mm(0), 0, 1);
}

SwapThread fault(int mm, int idx, int cpu) {
  return {"fault" + std::to_string(cpu), [mm, idx](SwapModel& m) { desc::do_swap_page(m.mm(mm), idx, false); }, cpu, -1};
}
SwapThread zap(int mm, int idx, int cpu) {
  return {"zap", [mm, idx](SwapModel& m) { desc::zap_pte_range(m.mm(mm), idx, 1); }, cpu, -1};
}

}  // namespace

SwapConfig desc_config() {
  SwapConfig cfg;
  cfg.design = Design::VswapDesc;
  return cfg;
}

SwapScenario swapin_vs_zap() { return SwapScenario{desc_config(), one_swapped_page, {fault(0, 0, 0), zap(0, 0, 1)}, {}}; }

SwapScenario swapin_vs_swapin() {
  return SwapScenario{desc_config(), shared_swapped_page, {fault(0, 0, 0), fault(1, 0, 1)}, {}};
}

SwapScenario fork_vs_zap() {
  SwapThread fork{"fork", [](SwapModel& m) { desc::copy_pte_range(m.mm(2), m.mm(0), 0, m.mm(0).slots()); }, 0, -1};
  return SwapScenario{desc_config(), shared_swapped_page, {fork, zap(1, 0, 1)}, {}};
}

SwapScenario swapout_vs_swapin() {
  SwapThread reclaim{"reclaim", [](SwapModel& m) { desc::shrink_folio(m.folio(0)); }, 0, -1};
  return SwapScenario{desc_config(), [](SwapModel&) { setup_anon_folio(setup_mm(1), 0, 0, 1, 1); }, {reclaim, fault(0, 0, 1)}, {}};
}

// The zap drops the entry's last reference while another thread, which observed the entry
// without holding a reference of its own, takes one and drops it again (swap_duplicate_nr's
// atomic_add_unless is what makes such a late dup fail instead of reviving the descriptor).
SwapScenario dup_no_add_unless_setup() {
  SwapThread dup{"dup",
                 [](SwapModel&) {
                   const swp_entry_t e = vswap_entry(1);
                   if (swap_duplicate_nr(e, 1) == 0) desc::swap_free_nr(e, 1);
                 },
                 0, -1};
  return SwapScenario{desc_config(), one_swapped_page, {dup, zap(0, 0, 1)}, {}};
}

// An order-1 folio swapped out to vswap(2), vswap(3) on a SWP_SYNCHRONOUS_IO device; a fault on
// the second page takes the direct path and, with non_swapcache_batch testing what its comment
// says, chooses an order-1 folio under the PTL; a zap of the first page then frees vswap(2)
// before the fault's swapcache_prepare(vswap(2), 2).
SwapScenario thp_swapin_vs_zap() {
  SwapConfig cfg = desc_config();
  cfg.devices.front().synchronous_io = true;
  cfg.fixes.desc_non_swapcache_batch_fixed = true;
  SwapScenario sc{cfg,
                  [](SwapModel&) {
                    Folio& f = setup_anon_folio(setup_mm(1), 0, 1, 1, 1);
                    if (!desc::shrink_folio(f)) throw std::invalid_argument("desc setup: reclaim kept the folio");
                  },
                  {fault(0, 1, 0), zap(0, 0, 1)},
                  {}};
  return sc;
}

}  // namespace swapmodel::desc
