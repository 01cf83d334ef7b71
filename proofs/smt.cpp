// Helpers of smt.h.
#include "proofs/smt.h"

namespace swapproofs {

z3::expr all_of(z3::context& c, const std::vector<z3::expr>& xs) {
  z3::expr r = c.bool_val(true);
  for (const z3::expr& x : xs) r = r && x;
  return r;
}

std::optional<std::int64_t> int_value(const z3::expr& e) {
  const z3::expr s = e.simplify();
  int64_t v = 0;
  if (s.is_numeral_i64(v)) return static_cast<std::int64_t>(v);
  return std::nullopt;
}

std::optional<bool> bool_value(const z3::expr& e) {
  const z3::expr s = e.simplify();
  if (s.is_true()) return true;
  if (s.is_false()) return false;
  return std::nullopt;
}

std::string show_value(const z3::expr& e) {
  if (e.is_bool()) {
    const auto b = bool_value(e);
    return b ? (*b ? "true" : "false") : "?";
  }
  const auto v = int_value(e);
  return v ? std::to_string(*v) : "?";
}

}  // namespace swapproofs
