// Reading an operation's bound arguments (registry.h) in the op tables (registry_ops.cpp,
// step_ops.cpp, desc/ops.cpp, vswap/ops.cpp): typed getters, parameter declarations, and the
// lookups that turn an id into a model object. A lookup of something that does not exist throws
// std::invalid_argument, which the scenario runner reports as a failed precondition.
#pragma once

#include <stdexcept>
#include <string>

#include "model/model.h"
#include "model/registry.h"

namespace swapmodel::op_args {

inline std::int64_t num(const OpArgs& a, const char* name) { return std::get<std::int64_t>(a.at(name)); }
inline int inum(const OpArgs& a, const char* name) { return static_cast<int>(num(a, name)); }

inline OpParam req(const char* name, const char* doc) { return OpParam{name, false, true, 0, doc}; }
inline OpParam opt(const char* name, std::int64_t def, const char* doc) { return OpParam{name, false, false, def, doc}; }

// Ids are range-checked as read (64-bit), before they narrow to int.
// Any mm the state built: a page table (new_mm) or a shmem mapping (new_shmem).
inline MmStruct& any_mm_arg(SwapModel& m, const OpArgs& a, const char* name = "mm") {
  const std::int64_t id = num(a, name);
  if (id < 0 || static_cast<std::uint64_t>(id) >= m.mms.size()) throw std::invalid_argument(std::string("no mm ") + std::to_string(id));
  return m.mm(static_cast<int>(id));
}

// A page table: the anonymous paths and the PTE steps refuse a shmem mapping, whose words are
// page-cache entries under the xa_lock, not PTEs (the shmem ops take those).
inline MmStruct& mm_arg(SwapModel& m, const OpArgs& a, const char* name = "mm") {
  MmStruct& mm = any_mm_arg(m, a, name);
  if (mm.shmem)
    throw std::invalid_argument("mm " + std::to_string(mm.id) + " is a shmem mapping (new_shmem), not a page table (new_mm)");
  return mm;
}

inline int idx_arg(MmStruct& mm, const OpArgs& a) {
  const std::int64_t idx = num(a, "idx");
  if (idx < 0 || idx >= mm.slots()) throw std::invalid_argument("idx " + std::to_string(idx) + " out of range");
  return static_cast<int>(idx);
}

inline Folio& folio_arg(SwapModel& m, const OpArgs& a) {
  const std::int64_t id = num(a, "folio");
  if (id < 0 || static_cast<std::uint64_t>(id) >= m.folios.size()) throw std::invalid_argument("no folio " + std::to_string(id));
  return m.folio(static_cast<int>(id));
}

// A slot of an existing device from the "type" and "offset" arguments, checked.
inline swp_entry_t swp_arg(const OpArgs& a) {
  const std::int64_t type = num(a, "type");
  const std::int64_t offset = num(a, "offset");
  SwapDevice* si = type < 0 || type > 255 ? nullptr : swap_type_to_info(static_cast<int>(type));
  if (si == nullptr) throw std::invalid_argument("no swap type " + std::to_string(type));
  if (offset < 0 || static_cast<std::uint64_t>(offset) >= si->max)
    throw std::invalid_argument("offset " + std::to_string(offset) + " out of range");
  return swp_entry(static_cast<int>(type), static_cast<std::uint64_t>(offset));
}

// The device of the "type" argument (default name), checked.
inline SwapDevice& device_arg(const OpArgs& a, const char* name = "type") {
  const std::int64_t type = num(a, name);
  SwapDevice* si = type < 0 || type > 255 ? nullptr : swap_type_to_info(static_cast<int>(type));
  if (si == nullptr) throw std::invalid_argument("no swap type " + std::to_string(type));
  return *si;
}

// A memcg id argument, checked.
inline Memcg& memcg_arg(SwapModel& m, const OpArgs& a, const char* name = "memcg") {
  const std::int64_t id = num(a, name);
  if (id < 1 || static_cast<std::uint64_t>(id) > m.memcgs.size()) throw std::invalid_argument("no memcg " + std::to_string(id));
  return m.memcg(static_cast<int>(id));
}

// A zswap entry id argument ("entry"), checked.
inline ZswapEntry& zswap_entry_arg(SwapModel& m, const OpArgs& a) {
  const std::int64_t id = num(a, "entry");
  if (id < 1 || static_cast<std::uint64_t>(id) > m.zswap_entries.size())
    throw std::invalid_argument("no zswap entry " + std::to_string(id));
  return m.zswap_entry(static_cast<std::uint32_t>(id));
}

}  // namespace swapmodel::op_args
