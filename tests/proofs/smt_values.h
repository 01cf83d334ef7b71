// The concrete value of a Z3 expression the differential tests evaluated on concrete inputs; the
// test fails if the expression did not simplify to a constant.
#pragma once

#include <catch2/catch.hpp>

#include <cstdint>

#include "proofs/smt.h"

namespace proofs_test {

inline std::int64_t value(const z3::expr& e) {
  const auto v = swapproofs::int_value(e);
  REQUIRE(v);
  return *v;
}

inline bool truth(const z3::expr& e) {
  const auto v = swapproofs::bool_value(e);
  REQUIRE(v);
  return *v;
}

}  // namespace proofs_test
