// Differential test of the memcg encoding (proofs/memcg_counters.h) against model/memcg.cpp:
// memcg 2's counters are set to random values in a sequential model (tests/sequential_model.h), the
// model's own function runs (through the kernel path that calls it where it needs one), and
// its counters are compared with the SMT step evaluated by Z3 on the same values; 10,000
// seeded states per step. The model's folios are of order 0 and 1, so charges here cover
// nr = 1, 2 (the proofs cover 1..512); uncharges cover n in 1..512.
//
// Seed 004's split (v2): record runs through folio_alloc_swap on the vswap device
// (mem_cgroup_record_swap), charge_phys, uncharge_phys and id_put call the model's
// mem_cgroup_charge_backing_phys_swap, mem_cgroup_uncharge_backing_phys_swap and
// mem_cgroup_id_put_swap directly. The ghosts rd, rv, sv are the encoding's bookkeeping of
// slots, not model state: they are not compared.
#include <catch2/catch.hpp>

#include <random>

#include "model/cluster.h"
#include "model/memcg.h"
#include "model/setup.h"
#include "model/swapfile.h"
#include "model/vswap/vswap.h"
#include "proofs/memcg_counters.h"
#include "tests/sequential_model.h"
#include "smt_values.h"

using namespace swapmodel;
namespace mc = swapproofs::memcg;
using namespace proofs_test;
using swaptest::SequentialModel;

namespace {

constexpr int kStates = 10000;
constexpr int kMemcg = 2;

SwapConfig config(bool v1, std::int64_t swap_max) {
  SwapConfig cfg;
  cfg.memcgs = {MemcgConfig{}, MemcgConfig{1, swap_max, false}};
  cfg.memcg_mode = v1 ? MemcgMode::V1 : MemcgMode::V2;
  return cfg;
}

struct Pre {
  std::int64_t usage = 0, idref = 0;
  bool online = true;
};

std::int64_t pick(std::mt19937_64& g, std::int64_t around) {
  switch (g() % 4) {
    case 0: return 0;
    case 1: return around + static_cast<std::int64_t>(g() % 5) - 2;
    case 2: return static_cast<std::int64_t>(g() % 8);
    default: return static_cast<std::int64_t>(g() % 100000);
  }
}

Pre random_pre(std::mt19937_64& g, std::int64_t swap_max) {
  return Pre{pick(g, swap_max), pick(g, 1), g() % 2 == 0};
}

checker::Atomic<std::int64_t>& counter(Memcg& m, bool v1) { return v1 ? m.memsw : m.swap; }

void set(Memcg& m, const Pre& p, bool v1) {
  counter(m, v1).store(p.usage);
  m.id_ref.store(p.idref);
  m.online.store(p.online ? 1 : 0);
}

class Smt {
 public:
  mc::Counters counters(const Pre& p) {
    return mc::Counters{swapproofs::num(c_, p.usage), swapproofs::num(c_, p.idref), c_.bool_val(p.online),
                        swapproofs::num(c_, 0),      swapproofs::num(c_, 0),       swapproofs::num(c_, 0)};
  }
  mc::Setting setting(bool v1, std::int64_t swap_max) { return mc::Setting{c_.bool_val(v1), swapproofs::num(c_, swap_max)}; }
  z3::expr n(std::int64_t x) { return swapproofs::num(c_, x); }

 private:
  z3::context c_;
};


void same(const mc::Counters& smt, Memcg& m, bool v1) {
  CHECK(value(smt.usage) == counter(m, v1).peek());
  CHECK(value(smt.idref) == m.id_ref.peek());
  CHECK(swapproofs::bool_value(smt.online) == (m.online.peek() != 0));
}

std::string show(const Pre& p, int nr) {
  return "usage=" + std::to_string(p.usage) + " idref=" + std::to_string(p.idref) + " online=" + std::to_string(p.online) +
         " nr=" + std::to_string(nr);
}

}  // namespace

TEST_CASE("diff memcg: charge_direct (mem_cgroup_try_charge_swap in folio_alloc_swap)") {
  std::mt19937_64 g(0x3e0001);
  Smt smt;
  const std::int64_t limits[] = {-1, 0, 1, 2, 3, 8, 64, 600};
  int charged = 0, over_limit = 0, dead = 0;  // each branch of the step is met
  for (const bool v1 : {false, true})
    for (const std::int64_t swap_max : limits) {
      SequentialModel sm(config(v1, swap_max));
      MmStruct& mm = setup_mm(kMemcg);
      Folio* folios[] = {&setup_anon_folio(mm, 0, 0, kMemcg), &setup_anon_folio(mm, 2, 1, kMemcg)};
      Memcg& m = sm.m().memcg(kMemcg);
      for (int i = 0; i < kStates / 16; ++i) {
        Folio& f = *folios[g() % 2];
        const Pre p = random_pre(g, swap_max);
        INFO("v1=" << v1 << " swap_max=" << swap_max << " " << show(p, f.nr()));
        set(m, p, v1);
        folio_lock(f);
        const std::int64_t before = counter(m, v1).peek();
        const int err = folio_alloc_swap(f);
        charged += counter(m, v1).peek() != before ? 1 : 0;
        over_limit += err != 0 ? 1 : 0;
        dead += !v1 && p.idref == 0 ? 1 : 0;
        same(mc::charge_direct(smt.counters(p), smt.setting(v1, swap_max), smt.n(f.nr()), smt.n(0), swapproofs::Knobs{}), m, v1);
        // A charge that fails takes the folio out of the swap cache again.
        CHECK((err == 0) == folio_test_swapcache(f));
        if (folio_test_swapcache(f)) REQUIRE(folio_free_swap(f));
        folio_unlock(f);
      }
    }
  CHECK(charged > 1000);
  CHECK(over_limit > 1000);
  CHECK(dead > 500);
}

TEST_CASE("diff memcg: uncharge_direct (mem_cgroup_uncharge_swap)") {
  std::mt19937_64 g(0x3e0002);
  Smt smt;
  for (const bool v1 : {false, true}) {
    SequentialModel sm(config(v1, -1));
    Memcg& m = sm.m().memcg(kMemcg);
    for (int i = 0; i < kStates / 2; ++i) {
      const Pre p = random_pre(g, 512);
      const int n = 1 + static_cast<int>(g() % 512);
      INFO("v1=" << v1 << " " << show(p, n));
      set(m, p, v1);
      mem_cgroup_uncharge_swap(kMemcg, n);
      same(mc::uncharge_direct(smt.counters(p), smt.n(n)), m, v1);
    }
  }
}

TEST_CASE("diff memcg: swapout_v1 (memcg1_swapout under ci->lock)") {
  std::mt19937_64 g(0x3e0003);
  Smt smt;
  SequentialModel sm(config(true, -1));
  MmStruct& mm = setup_mm(kMemcg);
  Folio* folios[] = {&setup_anon_folio(mm, 0, 0, kMemcg), &setup_anon_folio(mm, 2, 1, kMemcg)};
  Memcg& m = sm.m().memcg(kMemcg);
  for (int i = 0; i < kStates; ++i) {
    Folio& f = *folios[g() % 2];
    folio_lock(f);
    REQUIRE(folio_alloc_swap(f) == 0);
    const Pre p = random_pre(g, 4);
    INFO(show(p, f.nr()));
    set(m, p, true);
    const swp_entry_t e = folio_swap(f);
    SwapCluster& ci = swap_cluster_lock(swp_type(e), swp_offset(e));
    memcg1_swapout(f, ci);
    swap_cluster_unlock(ci);
    same(mc::swapout_v1(smt.counters(p), smt.n(f.nr()), smt.n(0), swapproofs::Knobs{}), m, true);
    // memcg1_swapout moved the charge off the folio; give it back for the next round.
    f.memcg.write(kMemcg);
    REQUIRE(folio_free_swap(f));
    folio_unlock(f);
  }
}

TEST_CASE("diff memcg: offline (mem_cgroup_css_offline)") {
  std::mt19937_64 g(0x3e0004);
  Smt smt;
  SequentialModel sm(config(false, -1));
  Memcg& m = sm.m().memcg(kMemcg);
  for (int i = 0; i < kStates; ++i) {
    Pre p = random_pre(g, 1);
    p.online = true;  // the step's context: a memcg goes offline once
    INFO(show(p, 1));
    set(m, p, false);
    mem_cgroup_css_offline(m);
    same(mc::offline(smt.counters(p)), m, false);
  }
}

// --- seed 004's split (v2) ---------------------------------------------------------------------

TEST_CASE("diff memcg: record (mem_cgroup_record_swap at vswap folio_alloc_swap)") {
  std::mt19937_64 g(0x3e0005);
  Smt smt;
  SwapConfig cfg = config(false, -1);
  cfg.vswap = true;
  SequentialModel sm(cfg);
  MmStruct& mm = setup_mm(kMemcg);
  Folio& f = setup_anon_folio(mm, 0, 0, kMemcg);
  Memcg& m = sm.m().memcg(kMemcg);
  int recorded = 0;
  for (int i = 0; i < kStates; ++i) {
    const Pre p = random_pre(g, 1);
    INFO(show(p, f.nr()));
    set(m, p, false);
    folio_lock(f);
    REQUIRE(folio_alloc_swap(f) == 0);
    REQUIRE(vswap::is_vswap_entry(folio_swap(f)));
    recorded += m.id_ref.peek() != p.idref ? 1 : 0;
    same(mc::record(smt.counters(p), smt.n(f.nr()), smt.n(0), swapproofs::Knobs{}), m, false);
    // Freeing the slot puts the id references it took; give the counters back for the next round.
    REQUIRE(folio_free_swap(f));
    folio_unlock(f);
  }
  CHECK(recorded > 1000);
}

TEST_CASE("diff memcg: charge_phys (mem_cgroup_charge_backing_phys_swap)") {
  std::mt19937_64 g(0x3e0006);
  Smt smt;
  const std::int64_t limits[] = {-1, 0, 1, 2, 3, 8, 64, 600};
  int over_limit = 0;
  for (const std::int64_t swap_max : limits) {
    SequentialModel sm(config(false, swap_max));
    Memcg& m = sm.m().memcg(kMemcg);
    for (int i = 0; i < kStates / 8; ++i) {
      const Pre p = random_pre(g, swap_max);
      const int nr = 1 + static_cast<int>(g() % 512);
      INFO("swap_max=" << swap_max << " " << show(p, nr));
      set(m, p, false);
      over_limit += mem_cgroup_charge_backing_phys_swap(kMemcg, nr) != 0 ? 1 : 0;
      same(mc::charge_phys(smt.counters(p), smt.setting(false, swap_max), smt.n(nr), smt.n(0)), m, false);
    }
  }
  CHECK(over_limit > 1000);
}

TEST_CASE("diff memcg: uncharge_phys (vswap_uncharge_cgroup_batch's mem_cgroup_uncharge_backing_phys_swap)") {
  std::mt19937_64 g(0x3e0007);
  Smt smt;
  SequentialModel sm(config(false, -1));
  Memcg& m = sm.m().memcg(kMemcg);
  for (int i = 0; i < kStates; ++i) {
    const Pre p = random_pre(g, 512);
    const int k = 1 + static_cast<int>(g() % 512);
    INFO(show(p, k));
    set(m, p, false);
    mem_cgroup_uncharge_backing_phys_swap(&m, k);
    same(mc::uncharge_phys(smt.counters(p), smt.setting(false, -1), smt.n(k)), m, false);
  }
}

TEST_CASE("diff memcg: id_put (mem_cgroup_id_put_swap)") {
  std::mt19937_64 g(0x3e0008);
  Smt smt;
  SequentialModel sm(config(false, -1));
  Memcg& m = sm.m().memcg(kMemcg);
  for (int i = 0; i < kStates; ++i) {
    const Pre p = random_pre(g, 512);
    const int n = 1 + static_cast<int>(g() % 512);
    INFO(show(p, n));
    set(m, p, false);
    mem_cgroup_id_put_swap(kMemcg, n);
    same(mc::id_put(smt.counters(p), smt.n(n)), m, false);
  }
}
