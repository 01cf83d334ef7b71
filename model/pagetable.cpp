// Page tables (mm/memory.c's PTE slots) and the content formatter of page_data.h.
#include "model/pagetable.h"

#include "checker/object.h"
#include "model/page_data.h"

namespace swapmodel {

using checker::ObjectName;

std::string format_pte(std::uint64_t p) {
  if (pte_none(p)) return "none";
  if (p == kPtePoison) return "poison";
  if (pte_present(p)) return "present(folio" + std::to_string(pte_folio(p)) + "," + std::to_string(pte_page(p)) + ")";
  if (is_swap_pte(p)) {
    const swp_entry_t e = pte_to_swp_entry(p);
    return "swap(" + std::to_string(swp_type(e)) + "," + std::to_string(swp_offset(e)) + ")";
  }
  return "?";
}

std::string format_content(std::uint64_t c) {
  if (c == kZeroContent) return "zero";
  if (c == kGarbageContent) return "garbage";
  return "p" + std::to_string(content_page(c)) + "v" + std::to_string(content_version(c));
}

MmStruct::MmStruct(int id_, int slots, int memcg_)
    : id(id_), memcg(memcg_), ptl(ObjectName{"mm#.ptl", id_}, "ptl") {
  pte.reserve(static_cast<std::size_t>(slots));
  for (int i = 0; i < slots; ++i) pte.emplace_back(ObjectName{"mm#.pte[#]", id_, i}, kPteNone, format_pte);
  page_id.assign(static_cast<std::size_t>(slots), 0);
  expected.assign(static_cast<std::size_t>(slots), kZeroContent);
  version.assign(static_cast<std::size_t>(slots), 0);
}

}  // namespace swapmodel
