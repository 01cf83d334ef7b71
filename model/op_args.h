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
inline MmStruct& mm_arg(SwapModel& m, const OpArgs& a, const char* name = "mm") {
  const std::int64_t id = num(a, name);
  if (id < 0 || static_cast<std::uint64_t>(id) >= m.mms.size()) throw std::invalid_argument(std::string("no mm ") + std::to_string(id));
  return m.mm(static_cast<int>(id));
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

}  // namespace swapmodel::op_args
