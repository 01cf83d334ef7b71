// The pure per-slot arithmetic of model/swap_table.h against SEMANTICS 1.1, 1.2 and 2.1.
#include <catch2/catch.hpp>

#include "model/swap_table.h"

namespace tb = swapmodel::tb;

TEST_CASE("swap table word formats are told apart and keep their flags") {
  CHECK(tb::kind(tb::kNull) == tb::Kind::Null);
  CHECK(tb::kind(tb::kBad) == tb::Kind::Bad);
  CHECK(tb::kind(tb::mk_shadow(0)) == tb::Kind::Shadow);
  CHECK(tb::kind(tb::mk_folio(0)) == tb::Kind::Folio);
  CHECK(tb::kind(tb::mk_pointer(5, true)) == tb::Kind::Pointer);
  // A NULL word with a count written into it is no format at all.
  CHECK(tb::kind(tb::with_count(tb::kNull, -1)) == tb::Kind::Corrupt);

  const std::uint64_t shadow = tb::with_zero(tb::with_count(tb::mk_shadow(9), 2), true);
  CHECK(tb::field(shadow) == 2);
  CHECK(tb::zero(shadow));
  CHECK(tb::shadow_value(shadow) == 9);
  // PFN <-> Shadow conversions carry the count and Z (__swp_tb_get_flags).
  const std::uint64_t folio = tb::mk_folio(7, tb::flags(shadow));
  CHECK(tb::folio_pfn(folio) == 7);
  CHECK(tb::field(folio) == 2);
  CHECK(tb::zero(folio));
  // __swp_tb_get_count reads 15 in a Bad word; swp_tb_get_count refuses it.
  CHECK(tb::field(tb::kBad) == 15);
  CHECK(tb::get_count(tb::kBad) == -EINVAL);
  CHECK(tb::get_count(tb::mk_pointer(1, false)) == -EINVAL);
  CHECK(tb::get_count(tb::kNull) == 0);
}

TEST_CASE("dup: errors on bad and free slots, extend table at the limit") {
  const unsigned max = 3;
  CHECK(tb::dup_entry(tb::kBad, false, 0, max).err == -EINVAL);
  const auto free_slot = tb::dup_entry(tb::mk_shadow(0), false, 0, max);
  CHECK(free_slot.err == -ENOENT);
  CHECK(free_slot.warn);
  // A cache-only slot (PFN, count 0) may go 0 -> 1.
  const auto first = tb::dup_entry(tb::mk_folio(1), false, 0, max);
  CHECK(first.err == 0);
  CHECK(tb::field(first.tb) == 1);
  // MAX-1 needs the extend table.
  const std::uint64_t at2 = tb::with_count(tb::mk_shadow(0), 2);
  CHECK(tb::dup_entry(at2, false, 0, max).err == -ENOMEM);
  const auto to3 = tb::dup_entry(at2, true, 0, max);
  CHECK(to3.err == 0);
  CHECK(tb::field(to3.tb) == max);
  CHECK(to3.ext == max);
  const auto to4 = tb::dup_entry(to3.tb, true, to3.ext, max);
  CHECK(to4.tb == to3.tb);
  CHECK(to4.ext == 4);
  CHECK(tb::real_count(to4.tb, to4.ext, max) == 4);
}

TEST_CASE("put: through the extend table and back, and the wrap at zero") {
  const unsigned max = 3;
  const std::uint64_t at_max = tb::with_count(tb::mk_shadow(0), 3);
  auto p = tb::put_entry(at_max, 5, max);
  CHECK(p.ext == 4);
  CHECK(p.tb == at_max);
  CHECK(!p.try_free_ext);
  p = tb::put_entry(at_max, 3, max);  // 3 -> 2: leaves the extend table
  CHECK(p.ext == 0);
  CHECK(tb::field(p.tb) == 2);
  CHECK(p.count == 2);
  CHECK(p.try_free_ext);
  p = tb::put_entry(tb::with_count(tb::mk_folio(1), 1), 0, max);
  CHECK(tb::field(p.tb) == 0);
  CHECK(tb::is_folio(p.tb));
  CHECK(!p.warn);
  // A put at count 0 warns and writes -1 into the field, which reads back negative.
  p = tb::put_entry(tb::mk_folio(1), 0, max);
  CHECK(p.warn);
  CHECK(tb::field(p.tb) == 15);
  CHECK(tb::decode_count(p.tb, 0, max) == -1);
  // With the kernel's own limit the wrap aliases the extend-table marker.
  CHECK(tb::decode_count(p.tb, 0, 15) == 0);
  CHECK(tb::real_count(p.tb, 0, 15) == 0);
}

TEST_CASE("dup then put round-trips every count up to 20 for limits 2, 3 and 15") {
  for (unsigned max : {2u, 3u, 15u}) {
    std::uint64_t w = tb::mk_folio(4);
    std::uint32_t ext = 0;
    bool has_ext = false;
    for (int c = 1; c <= 20; ++c) {
      auto d = tb::dup_entry(w, has_ext, ext, max);
      if (d.err == -ENOMEM) {
        has_ext = true;
        d = tb::dup_entry(w, has_ext, ext, max);
      }
      REQUIRE(d.err == 0);
      w = d.tb;
      ext = d.ext;
      CHECK(tb::real_count(w, ext, max) == c);
      CHECK(tb::decode_count(w, ext, max) == c);
    }
    for (int c = 19; c >= 0; --c) {
      const auto p = tb::put_entry(w, ext, max);
      CHECK(!p.warn);
      w = p.tb;
      ext = p.ext;
      CHECK(p.count == c);
      CHECK(tb::real_count(w, ext, max) == c);
      // I3: the extend table holds a value exactly when the field is at the limit.
      CHECK((tb::field(w) == max) == (ext != 0));
    }
    CHECK(tb::is_folio(w));
  }
}
