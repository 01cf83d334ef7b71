// The vswap operations (ops.h).
#include "model/vswap/ops.h"

#include <stdexcept>
#include <string>

#include "model/model.h"
#include "model/op_args.h"
#include "model/vswap/vswap.h"

namespace swapmodel::vswap {

namespace {
using namespace op_args;
void need_vswap(SwapModel& m) {
  if (m.vswap == nullptr) throw std::invalid_argument("this operation needs \"vswap\": 1 in the config");
}
}  // namespace

void add_ops(std::vector<OpEntry>& ops) {
  const OpParam folio{"folio", false, true, 0, "folio id"};
  ops.push_back({"vswap_realloc", "folio_realloc_swap (folio locked, vswap entry); the physical entry's value, or 0", {folio}, false,
                 [](SwapModel& m, const OpArgs& a) {
                   need_vswap(m);
                   return static_cast<std::int64_t>(folio_realloc_swap(folio_arg(m, a)).val);
                 },
                 Designs{ModelDesign::Vswap}});
  ops.push_back({"vswap_release_backing", "folio_release_vswap_backing (folio locked, vswap entry)", {folio}, false,
                 [](SwapModel& m, const OpArgs& a) {
                   need_vswap(m);
                   folio_release_vswap_backing(folio_arg(m, a));
                   return std::int64_t{0};
                 },
                 Designs{ModelDesign::Vswap}});
  ops.push_back({"swap_reclaim_full_clusters",
                 "swap_reclaim_full_clusters on a physical device (force: swap_reclaim_work's full scan)",
                 {OpParam{"type", false, false, 0, "physical swap type"}, OpParam{"force", false, false, 0, "0 or 1"}}, false,
                 [](SwapModel& m, const OpArgs& a) {
                   need_vswap(m);
                   SwapDevice* si = swap_type_to_info(inum(a, "type"));
                   if (si == nullptr || swap_is_vswap(*si)) throw std::invalid_argument("not a physical swap type");
                   swap_reclaim_full_clusters(*si, inum(a, "force") != 0);
                   return std::int64_t{0};
                 },
                 Designs{ModelDesign::Vswap}});
  ops.push_back({"vswap_reclaim_backing",
                 "try_to_reclaim_vswap_backing on a physical slot; the slots reclaimed or -1",
                 {OpParam{"type", false, false, 0, "physical swap type"}, OpParam{"offset", false, true, 0, "physical offset"}}, false,
                 [](SwapModel& m, const OpArgs& a) {
                   need_vswap(m);
                   SwapDevice* si = swap_type_to_info(inum(a, "type"));
                   if (si == nullptr || swap_is_vswap(*si)) throw std::invalid_argument("not a physical swap type");
                   return std::int64_t{try_to_reclaim_vswap_backing(*si, static_cast<std::uint64_t>(inum(a, "offset")))};
                 },
                 Designs{ModelDesign::Vswap}});
}

}  // namespace swapmodel::vswap
