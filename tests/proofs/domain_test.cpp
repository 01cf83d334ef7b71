// The model's shared transitions (model/swap_count_steps.h, model/vswap/vswap_steps.h,
// model/desc/swap_refs.h, model/memcg_steps.h) give the same values in both domains: the model's
// machine values (pure::Machine) and Z3 terms on numerals simplified by Z3 (swapproofs::Smt).
// This checks the two domains' primitives (ite, division, literals), not a restatement: both
// sides run the same template. Exhaustive on small values (every word format, field 0..15, both
// zero flags, limits 2..15, extend-table entries around the limit, the extend table's attach and
// free with and without its mutation, the cluster count, the memcg counter puts, seed 001's walk
// index tests on small ranges); about 0.5 s.
#include <catch2/catch.hpp>

#include <cerrno>
#include <set>
#include <vector>

#include "model/desc/swap_refs.h"
#include "model/memcg_steps.h"
#include "model/vswap/vswap_steps.h"
#include "proofs/coverage.h"
#include "proofs/smt_domain.h"
#include "smt_values.h"

using namespace proofs_test;
using swapmodel::pure::Machine;
using swapproofs::Smt;
namespace tbs = swapmodel::tb::step;
namespace vts = swapmodel::vt::step;
namespace gen = swapmodel::desc::refs::gen;
namespace mcs = swapmodel::memcg_step;

namespace {

// The machine domain of swap_refs.h (with its arithmetic shift) and the SMT one.
using Int32 = swapmodel::desc::refs::Int32;

// Runs `f(domain, lift)` in both domains and compares the integers it returns. `lift` turns an
// int64 into the domain's Int; Bools are returned as d.ite(b, 1, 0).
template <class F>
void agree(z3::context& c, F f) {
  const std::vector<std::int64_t> m = f(Int32{});
  const std::vector<z3::expr> s = f(Smt(c));
  REQUIRE(m.size() == s.size());
  for (std::size_t i = 0; i < m.size(); ++i) {
    INFO("value #" << i);
    CHECK(value(s[i]) == m[i]);
  }
}

template <class D>
auto b(const D& d, const typename D::Bool& x) {
  return d.ite(x, d.lit(1), d.lit(0));
}

swapmodel::Mutations keeps_pointer() {
  swapmodel::Mutations m;
  m.extend_table_free_keeps_pointer = true;
  return m;
}

template <class D>
tbs::Word<D> word(const D& d, int kind, int field, bool zero) {
  return tbs::Word<D>{d.lit(kind), d.lit(field), d.truth(zero)};
}

}  // namespace

TEST_CASE("domains agree: the swap-table transitions on every small word") {
  z3::context c;
  for (int kind = 0; kind <= 5; ++kind)
    for (int field = 0; field <= 15; ++field)
      for (bool zero : {false, true})
        for (int max : {2, 3, 15})
          for (int ext : {0, 1, max - 1, max, max + 1})
            for (bool has_ext : {false, true}) {
              INFO("kind=" << kind << " field=" << field << " zero=" << zero << " max=" << max << " ext=" << ext << " has_ext=" << has_ext);
              agree(c, [&](const auto& d) {
                const auto w = word(d, kind, field, zero);
                const auto up = tbs::dup_entry(d, w, d.truth(has_ext), d.lit(ext), d.lit(max));
                const auto down = tbs::put_entry(d, d.lit(field), d.lit(ext), d.lit(max));
                const auto put = tbs::put_entries_slot(d, w);
                const auto del = tbs::cache_del_slot(d, w);
                const auto add = tbs::cache_add_word(d, w);
                const auto freed = tbs::free_entries_slot(d, w);
                const auto attaches = tbs::extend_table_attaches(
                    d, d.truth(kind != 5), [&] { return d.lit(field); }, [&] { return d.truth(has_ext); }, d.lit(max));
                const auto attached = tbs::extend_table_attach(d, attaches, d.truth(has_ext), d.lit(ext));
                const auto in_use = tbs::extend_entry_in_use(d, d.lit(ext));
                const auto tried = tbs::extend_table_try_free(d, d.truth(has_ext), in_use, d.lit(ext), swapmodel::Mutations{});
                const auto kept = tbs::extend_table_try_free(d, d.truth(has_ext), in_use, d.lit(ext), keeps_pointer());
                const auto taken = tbs::cluster_count_alloc(d, d.lit(field), d.lit(ext));
                const auto left = tbs::cluster_count_free(d, d.lit(field), d.lit(ext));
                using V = std::vector<std::decay_t<decltype(up.err)>>;
                return V{up.err, up.field, up.ext, b(d, up.warn), down.field, down.ext, down.count, b(d, down.warn),
                         b(d, down.writes_ext), b(d, down.try_free_ext), b(d, put.frees), b(d, put.last_cached),
                         tbs::add_check_target(d, w), b(d, tbs::add_check_batch_busy(d, w, d.truth(!zero))),
                         del.word.kind, del.word.field, b(d, del.word.zero), b(d, del.swapped), add.kind, add.field,
                         b(d, add.zero), freed.word.kind, b(d, freed.warn), b(d, attaches), b(d, attached.has_ext),
                         attached.ext, b(d, in_use), b(d, tried.frees), b(d, tried.slot.has_ext), tried.slot.ext,
                         b(d, kept.frees), b(d, kept.slot.has_ext), kept.slot.ext, taken, left.count, b(d, left.warn)};
              });
            }
}

TEST_CASE("domains agree: the vswap transitions on every tag and small word") {
  z3::context c;
  swapmodel::Fixes fixed;
  fixed.vswap_realloc_marks_cache_only = true;
  for (int tag = 0; tag <= 2; ++tag)
    for (int kind = 0; kind <= 5; ++kind)
      for (int field = 0; field <= 3; ++field)
        for (bool zero : {false, true}) {
          INFO("tag=" << tag << " kind=" << kind << " field=" << field << " zero=" << zero);
          agree(c, [&](const auto& d) {
            const auto w = word(d, kind, field, zero);
            const auto r = vts::release(d, d.lit(tag));
            using V = std::vector<std::decay_t<decltype(r.tag)>>;
            return V{b(d, vts::mark_cache_only(d, d.lit(tag))), b(d, vts::clear_cache_only(d, w, d.lit(tag))),
                     vts::effective_type(d, d.lit(tag), w), r.tag, b(d, r.zero), b(d, r.frees_zswap), b(d, r.frees_phys),
                     b(d, r.uncharges), b(d, vts::realloc_allocates(d, d.lit(tag))),
                     b(d, vts::realloc_marks_cache_only(d, w, fixed)), b(d, vts::realloc_marks_cache_only(d, w, swapmodel::Fixes{})),
                     vts::zswap_store_tag(d), vts::realloc_install_tag(d)};
          });
        }
}

TEST_CASE("domains agree: swap_refs away from the atomic_t wrap") {
  z3::context c;
  swapmodel::Mutations plain;
  plain.desc_dup_no_add_unless = true;
  swapmodel::Fixes fixed;
  fixed.desc_non_swapcache_batch_fixed = true;
  for (int refs = -9; refs <= 9; ++refs) {
    INFO("refs=" << refs);
    agree(c, [&](const auto& d) {
      const auto x = d.lit(refs);
      const auto up = gen::dup_step(d, x, swapmodel::Mutations{});
      const auto up_plain = gen::dup_step(d, x, plain);
      const auto f = gen::free_step(d, x);
      const auto cl = gen::clear_step(d, x);
      const auto p = gen::prepare_step(d, x);
      using V = std::vector<std::decay_t<decltype(up.refs)>>;
      return V{gen::swap_count(d, x), b(d, gen::cache_pin(d, x)), b(d, up.added), up.refs, b(d, up_plain.added), up_plain.refs,
               f.refs, b(d, f.freed), cl.refs, b(d, cl.freed), p.err, p.next, b(d, gen::free_hint_cache_only(d, x)),
               b(d, gen::swapcache_only(d, x)), b(d, gen::non_swapcache_stops(d, x, swapmodel::Fixes{})),
               b(d, gen::non_swapcache_stops(d, x, fixed)), b(d, gen::swapped(d, x))};
    });
  }
}

TEST_CASE("domains agree: the range walks' index computations, with and without fix desc_walk_stops_at_hole") {
  z3::context c;
  swapmodel::Fixes stops;
  stops.desc_walk_stops_at_hole = true;
  for (int first = 1; first <= 3; ++first)
    for (int nr = 0; nr <= 3; ++nr)
      for (int visited = 0; visited <= 3; ++visited)
        for (int index = first; index <= first + 3; ++index) {
          INFO("first=" << first << " nr=" << nr << " visited=" << visited << " index=" << index);
          agree(c, [&](const auto& d) {
            using V = std::vector<std::decay_t<decltype(d.lit(0))>>;
            return V{gen::walk_last(d, d.lit(first), d.lit(nr)),
                     b(d, gen::walk_stops_at_hole(d, d.lit(index), d.lit(first), d.lit(visited), swapmodel::Fixes{})),
                     b(d, gen::walk_stops_at_hole(d, d.lit(index), d.lit(first), d.lit(visited), stops)),
                     b(d, gen::walk_rolls_back(d, d.lit(visited), d.lit(nr))),
                     gen::prepare_result(d, d.lit(visited), d.lit(nr), d.lit(0)),
                     gen::prepare_result(d, d.lit(visited), d.lit(nr), d.lit(-EEXIST))};
          });
        }
  // The model's int wrappers are those templates on its values.
  CHECK(swapmodel::desc::refs::walk_last(5, 2) == 6);
  CHECK_FALSE(swapmodel::desc::refs::walk_stops_at_hole(6, 5, 0, swapmodel::Fixes{}));
  CHECK(swapmodel::desc::refs::walk_stops_at_hole(6, 5, 0, stops));
  CHECK_FALSE(swapmodel::desc::refs::walk_stops_at_hole(6, 5, 1, stops));
  CHECK(swapmodel::desc::refs::walk_rolls_back(1, 2));
  CHECK_FALSE(swapmodel::desc::refs::walk_rolls_back(0, 2));
  CHECK_FALSE(swapmodel::desc::refs::walk_rolls_back(2, 2));
  CHECK(swapmodel::desc::refs::prepare_result(1, 2, 0) == -ENOENT);
  CHECK(swapmodel::desc::refs::prepare_result(0, 2, -EEXIST) == -EEXIST);
  CHECK(swapmodel::desc::refs::prepare_result(2, 2, 0) == 0);
}

TEST_CASE("domains agree: the memcg decisions") {
  z3::context c;
  swapmodel::Mutations no_tryget;
  no_tryget.private_id_get_no_tryget = true;
  for (int usage = 0; usage <= 6; ++usage)
    for (int max : {-1, 0, 3, 5})
      for (bool memsw : {false, true}) {
        INFO("usage=" << usage << " max=" << max << " memsw=" << memsw);
        agree(c, [&](const auto& d) {
          using V = std::vector<std::decay_t<decltype(d.lit(0))>>;
          return V{b(d, mcs::over_limit(d, d.lit(usage), d.lit(max))),
                   b(d, mcs::private_id_get_takes(d, d.lit(usage), swapmodel::Mutations{})),
                   b(d, mcs::private_id_get_takes(d, d.lit(usage), no_tryget)), b(d, mcs::charges_swap_counter(d, d.truth(memsw))),
                   mcs::uncharge_batch_count(d, d.truth(memsw), d.lit(usage), d.lit(max)),
                   mcs::uncharge_delta(d, d.lit(usage)), b(d, mcs::uncharge_underflows(d, d.lit(usage), d.lit(max))),
                   mcs::private_id_put_delta(d, d.lit(usage)),
                   b(d, mcs::private_id_put_result(d, d.lit(usage), d.lit(max)).underflow),
                   b(d, mcs::private_id_put_result(d, d.lit(usage), d.lit(max)).last)};
        });
      }
}

// Every shared transition notes a model function of the coverage catalogue, and every catalogued
// function with a shared transition is noted by one: the catalogue is the shared code's.
TEST_CASE("every shared transition names a catalogued model function, and back") {
  z3::context c;
  std::set<std::string> noted;
  {
    swapproofs::CoverageScope scope(&noted);
    const Smt d(c);
    const auto w = word(d, 2, 1, false);
    (void)tbs::dup_entry(d, w, d.truth(true), d.lit(0), d.lit(3));
    (void)tbs::put_entry(d, d.lit(1), d.lit(0), d.lit(3));
    (void)tbs::put_entries_slot(d, w);
    (void)tbs::add_check_target(d, w);
    (void)tbs::add_check_batch_busy(d, w, d.truth(false));
    (void)tbs::cache_add_word(d, w);
    (void)tbs::cache_del_slot(d, w);
    (void)tbs::free_entries_slot(d, w);
    (void)tbs::hibernation_word(d);
    (void)tbs::with_zero(d, w, d.truth(true));
    (void)tbs::extend_table_attaches(d, d.truth(true), [&] { return d.lit(2); }, [&] { return d.truth(false); }, d.lit(3));
    (void)tbs::extend_table_attach(d, d.truth(true), d.truth(false), d.lit(0));
    (void)tbs::extend_entry_in_use(d, d.lit(0));
    (void)tbs::extend_table_try_free(d, d.truth(true), d.truth(false), d.lit(0), swapmodel::Mutations{});
    (void)tbs::cluster_count_alloc(d, d.lit(0), d.lit(1));
    (void)tbs::cluster_count_free(d, d.lit(1), d.lit(1));
    (void)vts::mark_cache_only(d, d.lit(1));
    (void)vts::clear_cache_only(d, w, d.lit(1));
    (void)vts::effective_type(d, d.lit(0), w);
    (void)vts::release(d, d.lit(1));
    (void)vts::zswap_store_tag(d);
    (void)vts::realloc_allocates(d, d.lit(0));
    (void)vts::realloc_install_tag(d);
    (void)vts::realloc_marks_cache_only(d, w, swapmodel::Fixes{});
    (void)gen::dup_step(d, d.lit(1), swapmodel::Mutations{});
    (void)gen::free_step(d, d.lit(3));
    (void)gen::clear_step(d, d.lit(1));
    (void)gen::prepare_step(d, d.lit(2));
    (void)gen::free_hint_cache_only(d, d.lit(3));
    (void)gen::swapcache_only(d, d.lit(1));
    (void)gen::non_swapcache_stops(d, d.lit(2), swapmodel::Fixes{});
    (void)gen::swapped(d, d.lit(2));
    (void)gen::walk_last(d, d.lit(1), d.lit(2));
    (void)gen::walk_stops_at_hole(d, d.lit(2), d.lit(1), d.lit(0), swapmodel::Fixes{});
    (void)gen::walk_rolls_back(d, d.lit(1), d.lit(2));
    (void)gen::prepare_result(d, d.lit(1), d.lit(2), d.lit(0));
    (void)mcs::over_limit(d, d.lit(1), d.lit(1));
    (void)mcs::private_id_get_takes(d, d.lit(1), swapmodel::Mutations{});
    (void)mcs::charges_swap_counter(d, d.truth(false));
    (void)mcs::uncharge_batch_count(d, d.truth(false), d.lit(1), d.lit(1));
    (void)mcs::uncharge_delta(d, d.lit(1));
    (void)mcs::uncharge_underflows(d, d.lit(1), d.lit(1));
    (void)mcs::private_id_put_delta(d, d.lit(1));
    (void)mcs::private_id_put_result(d, d.lit(1), d.lit(1));
  }
  std::set<std::string> shared;
  for (const swapproofs::ModelTransition& t : swapproofs::model_transitions())
    if (!t.shared.empty()) shared.insert(t.function);
  CHECK(noted == shared);
}
