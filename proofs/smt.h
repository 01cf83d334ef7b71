// Small helpers over Z3's C++ API shared by every encoding in proofs/.
//
// A state is a list of named expressions (Fields). The same encoding function builds either a
// symbolic state (fresh constants, for proofs) or a concrete one (numerals, for the
// differential tests): encodings are written once, as functions from expressions to
// expressions, and never branch in C++ on a value. Concrete results are read back with
// int_value()/bool_value() after simplify().
//
// Integers are mathematical (unbounded): the model's fixed-width fields (the 4-bit count
// field, the 32-bit extend-table entry, atomic_t) are related to them by the differential tests,
// which compare modulo the field width.
#pragma once

#include <z3++.h>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace swapproofs {

struct Field {
  std::string name;
  z3::expr value;
};
using Fields = std::vector<Field>;

inline z3::expr num(z3::context& c, std::int64_t v) { return c.int_val(static_cast<int64_t>(v)); }
inline z3::expr truth(z3::context& c, bool v) { return c.bool_val(v); }

// A fresh integer or boolean constant named `prefix.name` (names only matter for printing).
inline z3::expr int_var(z3::context& c, const std::string& name) { return c.int_const(name.c_str()); }
inline z3::expr bool_var(z3::context& c, const std::string& name) { return c.bool_const(name.c_str()); }

// x in [lo, hi].
inline z3::expr in_range(const z3::expr& x, std::int64_t lo, std::int64_t hi) {
  return x >= num(x.ctx(), lo) && x <= num(x.ctx(), hi);
}
inline z3::expr b2i(const z3::expr& b) { return z3::ite(b, num(b.ctx(), 1), num(b.ctx(), 0)); }

// The conjunction of a list (true when empty).
z3::expr all_of(z3::context& c, const std::vector<z3::expr>& xs);

// The value of a closed term, after simplification; nullopt when it does not reduce to a
// numeral (a bug in a concrete evaluation: some input was left symbolic).
std::optional<std::int64_t> int_value(const z3::expr& e);
std::optional<bool> bool_value(const z3::expr& e);

// "name=value" of a field in a model (or of a concrete field): integers in decimal, booleans as
// 0/1 would lose the distinction, so they print as true/false.
std::string show_value(const z3::expr& e);

}  // namespace swapproofs
