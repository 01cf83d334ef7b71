// Swap devices: swapon's initial state, liveness against swapoff (get/put_swap_device and seed
// 003's tryget_swap_entry / put_swap_entry), usage accounting and the avail list
// (mm/swapfile.c).
#include "model/device.h"

#include "checker/heap.h"
#include "checker/kernel_order.h"
#include "checker/object.h"
#include "model/model.h"
#include "model/packed_list.h"
#include "model/page_data.h"
#include "model/swap_table.h"
#include "model/vswap/vswap.h"

namespace swapmodel {

using checker::ObjectName;

namespace {
std::string format_plist(std::uint64_t v) { return plist::format(v); }
std::string format_device_flags(std::uint64_t v) {
  std::string s;
  if (v & SWP_USED) s += "USED|";
  if (v & SWP_WRITEOK) s += "WRITEOK|";
  if (v & SWP_SOLIDSTATE) s += "SOLIDSTATE|";
  if (v & SWP_BLKDEV) s += "BLKDEV|";
  if (v & SWP_SYNCHRONOUS_IO) s += "SYNC_IO|";
  if (v & SWP_PAGE_DISCARD) s += "PAGE_DISCARD|";
  if (v & SWP_VSWAP) s += "VSWAP|";
  if (s.empty()) return "0";
  s.pop_back();
  return s;
}
}  // namespace

PercpuRef::PercpuRef(int type, int nr_cpus) : dead(ObjectName{"si#.users.dead", type}, 0) {
  for (int c = 0; c < nr_cpus; ++c) count.emplace_back(ObjectName{"si#.users[cpu#]", type, c}, 0);
}

SwapDevice::SwapDevice(int type_, const DeviceConfig& cfg, int spc, int nr_cpus)
    : type(type_),
      nr_clusters(cfg.clusters),
      max(static_cast<std::uint64_t>(cfg.clusters) * static_cast<std::uint64_t>(spc)),
      pages(static_cast<std::int64_t>(max) - 1),
      flags(ObjectName{"si#.flags", type_},
            SWP_USED | SWP_WRITEOK | SWP_SOLIDSTATE | SWP_BLKDEV | (cfg.synchronous_io ? SWP_SYNCHRONOUS_IO : 0u) |
                (cfg.discard ? SWP_PAGE_DISCARD : 0u),
            format_device_flags),
      users(type_, nr_cpus),
      lock(ObjectName{"si#.lock", type_}, "si->lock"),
      inuse_pages(ObjectName{"si#.inuse_pages", type_}, 0),
      cluster_info(checker::heap_alloc(ObjectName{"si#.cluster_info", type_})),
      free_clusters(ObjectName{"si#.free_clusters", type_}, 0, format_plist),
      full_clusters(ObjectName{"si#.full_clusters", type_}, 0, format_plist),
      zswap(type_, static_cast<int>(max)) {
  for (int o = 0; o < kNrOrders; ++o) {
    nonfull_clusters.emplace_back(ObjectName{"si#.nonfull_clusters[#]", type_, o}, 0, format_plist);
    frag_clusters.emplace_back(ObjectName{"si#.frag_clusters[#]", type_, o}, 0, format_plist);
  }
  disk.reserve(max);
  for (std::uint64_t s = 0; s < max; ++s)
    disk.emplace_back(ObjectName{"si#.disk[#]", type_, static_cast<int>(s)}, kGarbageContent, format_content);
  {
    checker::OwnerScope owner(cluster_info);
    clusters.reserve(static_cast<std::size_t>(nr_clusters));
    for (int c = 0; c < nr_clusters; ++c) clusters.emplace_back(type_, c);
  }
  // setup_swap_clusters_info: slot 0 is the swap header, marked Bad
  // (swap_cluster_setup_bad_slot); a cluster with bad slots starts on nonfull[0], the others
  // on the free list without a table.
  SwapCluster& ci0 = clusters.front();
  ci0.lock.lock();
  swap_cluster_alloc_table(ci0);
  __swap_table_set(ci0, 0, tb::kBad);
  ci0.count.write(1);
  ci0.flags.write(CLUSTER_FLAG_NONFULL);
  ci0.lock.unlock();
  nonfull_clusters[0].write(plist::push_tail(0, 0));
  std::uint64_t free_list = 0;
  for (int c = 1; c < nr_clusters; ++c) {
    clusters[static_cast<std::size_t>(c)].flags.write(CLUSTER_FLAG_FREE);
    free_list = plist::push_tail(free_list, c);
  }
  free_clusters.write(free_list);
  if (cfg.discard) discard = std::make_unique<SwapDiscard>(type_);
}

SwapDiscard::SwapDiscard(int type)
    : clusters(ObjectName{"si#.discard_clusters", type}, 0, format_plist),
      work(ObjectName{"si#.discard_work", type}, 0) {}

SwapDevice::SwapDevice(VswapDeviceTag, int nclusters, int spc, int nr_cpus)
    : type(kVswapType),
      nr_clusters(nclusters),
      max(static_cast<std::uint64_t>(nclusters) * static_cast<std::uint64_t>(spc)),
      pages(static_cast<std::int64_t>(max) - 1),
      flags(ObjectName{"si#.flags", kVswapType}, SWP_USED | SWP_WRITEOK | SWP_SOLIDSTATE | SWP_VSWAP, format_device_flags),
      users(kVswapType, nr_cpus),
      lock(ObjectName{"si#.lock", kVswapType}, "si->lock"),
      inuse_pages(ObjectName{"si#.inuse_pages", kVswapType}, 0),
      cluster_info(checker::heap_alloc(ObjectName{"si#.cluster_info_pool", kVswapType})),
      free_clusters(ObjectName{"si#.free_clusters", kVswapType}, 0, format_plist),
      full_clusters(ObjectName{"si#.full_clusters", kVswapType}, 0, format_plist),
      zswap(kVswapType, 0) {
  for (int o = 0; o < kNrOrders; ++o) {
    nonfull_clusters.emplace_back(ObjectName{"si#.nonfull_clusters[#]", kVswapType, o}, 0, format_plist);
    frag_clusters.emplace_back(ObjectName{"si#.frag_clusters[#]", kVswapType, o}, 0, format_plist);
  }
}

PercpuSwapCluster::PercpuSwapCluster(int cpu, bool rcu_reader)
    : lock(ObjectName{"percpu_swap_cluster[#].lock", cpu}, "percpu_swap_cluster.lock", rcu_reader) {
  for (int o = 0; o < kNrOrders; ++o) {
    si.emplace_back(ObjectName{"percpu_swap_cluster[#].si[#]", cpu, o}, 0);
    offset.emplace_back(ObjectName{"percpu_swap_cluster[#].offset[#]", cpu, o}, 0);
  }
}

SwapDevice* swap_type_to_info(int type) {
  SwapModel& m = model();
  if (is_vswap_type(type)) return m.vswap != nullptr ? &m.vswap->si : nullptr;
  if (type < 0 || static_cast<std::size_t>(type) >= m.devices.size()) return nullptr;
  return &m.devices[static_cast<std::size_t>(type)];
}

SwapDevice& __swap_entry_to_info(swp_entry_t entry) {
  SwapDevice* si = swap_type_to_info(swp_type(entry));
  checker::check(si != nullptr, "__swap_entry_to_info: no device for the entry");
  return *si;
}

PercpuSwapCluster& this_cpu_swap_cluster() {
  CHECKER_FRAME();
  SwapModel& m = model();
  const int cpu = checker::current_execution()->self_cpu();
  return m.percpu.at(static_cast<std::size_t>(cpu) % m.percpu.size());
}

// --- lifetime ----------------------------------------------------------------------------------------

// si->flags & SWP_VSWAP as seed 004 P1 reads it (put_swap_device, swap_is_vswap): a plain read
// without any lock, which races with swapoff's si->flags &= ~SWP_WRITEOK while the reader holds
// a device reference. Fix vswap_flag_data_race: data_race(). That read is a peek, not an event:
// KCSAN ignores it and SWP_VSWAP is set before the device is published and never changes, so no
// order of it against swapoff's writes of other bits can change what it returns (as an event it
// cost the swapoff scenarios up to 70% more executions, each a reordering with the same outcome).
namespace {
bool si_flags_vswap(SwapDevice& si) {
  const std::uint32_t flags = model().cfg.fixes.vswap_flag_data_race ? si.flags.peek() : si.flags.read();
  return (flags & SWP_VSWAP) != 0;
}
}  // namespace

bool get_swap_device_info(SwapDevice& si) {
  CHECKER_FRAME();
  SwapModel& m = model();
  // Seed 004 P1: the vswap device is always alive - no reference counting.
  // swap_is_vswap(si): under CONFIG_VSWAP a read of si->flags, without any lock; false otherwise.
  if (m.cfg.vswap && si_flags_vswap(si)) return true;
  const int cpu = checker::current_execution()->self_cpu();
  // percpu_ref_tryget_live (include/linux/percpu-refcount.h): the dead test and the count happen
  // in one RCU read-side section, so once swapoff has set dead and waited a grace period no get
  // can still succeed. Both are unordered in the kernel: __ref_is_percpu's READ_ONCE of
  // percpu_count_ptr (whose __PERCPU_REF_DEAD bit the model's dead word is) and this_cpu_inc; a
  // get that succeeds runs in percpu mode (once dead is set, the atomic-mode path fails too), and
  // RCU alone orders it against swapoff's kill and wait.
  m.rcu.read_lock();
  // Mutation tryget_ignores_dead: percpu_ref_get, as if the caller already held the device.
  const bool live = m.cfg.mutations.tryget_ignores_dead || checker::lkmm::read_once(si.users.dead) == 0;
  if (live) {
    checker::lkmm::this_cpu_add(si.users.count.at(static_cast<std::size_t>(cpu) % si.users.count.size()), std::int64_t{1});
    check_not_dead(si.users_death, "swap device " + std::to_string(si.type), "a reference (get_swap_device) taken");
  }
  m.rcu.read_unlock();
  // get_swap_device_info's smp_rmb (mm/swapfile.c): the device's fields (si->flags' SWP_WRITEOK
  // among them) are read after the reference is taken, paired with enable_swap_info's unlock and
  // swapoff's smp_wmb.
  if (live) checker::lkmm::smp_rmb();
  return live;
}

void put_swap_device(SwapDevice* si) {
  CHECKER_FRAME();
  if (si == nullptr || si_flags_vswap(*si)) return;
  const int cpu = checker::current_execution()->self_cpu();
  // percpu_ref_put: this_cpu_dec inside an RCU section in percpu mode, atomic_long_sub_and_test
  // (fully ordered) in atomic mode. Either orders the caller's accesses of the device before
  // swapoff's wake-up: the switch to atomic mode waits a grace period after every percpu put,
  // and the last atomic put releases to the completion swapoff waits on. The model has a word per
  // CPU and no mode switch, and no RCU section around the put: a release the waiter acquires
  // (wait_for_users_to_drain's wait) stands for both.
  const std::int64_t old =
      si->users.count.at(static_cast<std::size_t>(cpu) % si->users.count.size()).fetch_sub(1, checker::MemoryOrder::Release);
  checker::check(old > 0, "put_swap_device without a reference on this CPU");
}

SwapDevice* get_swap_device(swp_entry_t entry) {
  CHECKER_FRAME();
  if (entry.val == 0) return nullptr;
  SwapDevice* si = swap_type_to_info(swp_type(entry));
  if (si == nullptr) return nullptr;  // Bad_file
  if (!get_swap_device_info(*si)) return nullptr;
  if (swp_offset(entry) >= si->max) {  // Bad_offset
    put_swap_device(si);
    return nullptr;
  }
  return si;
}

// Seed 003: tryget_swap_entry = get_swap_device; the device is optionally returned.
bool tryget_swap_entry(swp_entry_t entry, SwapDevice** sip) {
  CHECKER_FRAME();
  SwapDevice* si = get_swap_device(entry);
  if (sip != nullptr) *sip = si;
  return si != nullptr;
}

// Seed 003: put_swap_entry = put_swap_device; the entry is not used yet.
void put_swap_entry(swp_entry_t, SwapDevice* si) { put_swap_device(si); }

// percpu_ref_kill (lib/percpu-refcount.c, percpu_ref_kill_and_confirm): percpu_count_ptr |=
// __PERCPU_REF_DEAD, a plain store under percpu_ref_switch_lock that tryget_live reads with
// READ_ONCE: unordered; swapoff's synchronize_rcu after it is what every later get sees it by.
void percpu_ref_kill(SwapDevice& si) { checker::lkmm::write_once(si.users.dead, 1); }

void wait_for_users_to_drain(SwapDevice& si) {
  CHECKER_FRAME();
  // No get succeeds after kill + synchronize_rcu, and a thread puts on the CPU it got on, so
  // each counter only falls from here: waiting for them one after the other is enough.
  for (auto& c : si.users.count) c.wait_until([](std::int64_t v) { return v == 0; }, "wait_for_completion(&si->comp)");
}

// --- usage and the avail list ----------------------------------------------------------------------

std::int64_t swap_usage_in_pages(SwapDevice& si) {
  return checker::lkmm::atomic_read(si.inuse_pages) & ~SWAP_USAGE_OFFLIST_BIT;  // atomic_long_read
}

bool vm_swap_full() {
  CHECKER_FRAME();
  SwapModel& m = model();
  return checker::lkmm::atomic_read(m.nr_swap_pages) * 2 < checker::lkmm::atomic_read(m.total_swap_pages);
}

void del_from_avail_list(SwapDevice& si, bool swapoff) {
  CHECKER_FRAME();
  SwapModel& m = model();
  m.swap_avail_lock.lock();
  if (swapoff) {
    // Forcefully remove it. SWP_WRITEOK is cleared here so that it is synchronised by both
    // si->lock and swap_avail_lock, and add_to_avail_list sees it.
    si.lock.assert_held();
    // si->flags &= ~SWP_WRITEOK: plain in the kernel; fix swp_writeok_marked: WRITE_ONCE. Its
    // read is a peek: every writer of si->flags holds swap_lock, as this caller does.
    const std::uint32_t cleared = si.flags.peek() & ~SWP_WRITEOK;
    if (m.cfg.fixes.swp_writeok_marked) si.flags.write_once(cleared);
    else si.flags.write(cleared);
    checker::lkmm::atomic_or(si.inuse_pages, SWAP_USAGE_OFFLIST_BIT);  // atomic_long_or
  } else {
    // Only a full device, not already off-list: any concurrent free makes this fail.
    std::int64_t pages = si.pages;
    if (!checker::lkmm::try_cmpxchg(si.inuse_pages, pages, si.pages | SWAP_USAGE_OFFLIST_BIT)) {  // atomic_long_try_cmpxchg
      m.swap_avail_lock.unlock();
      return;
    }
  }
  m.swap_avail_head.write(plist::remove(m.swap_avail_head.read(), si.type));
  m.swap_avail_lock.unlock();
}

void add_to_avail_list(SwapDevice& si, bool swapon) {
  CHECKER_FRAME();
  SwapModel& m = model();
  m.swap_avail_lock.lock();
  if (swapon) {
    si.lock.assert_held();
    // si->flags |= SWP_WRITEOK: plain in the kernel; fix swp_writeok_marked: WRITE_ONCE. Its
    // read is a peek: every writer of si->flags holds swap_lock, as swapon does here.
    const std::uint32_t set = si.flags.peek() | SWP_WRITEOK;
    if (m.cfg.fixes.swp_writeok_marked) si.flags.write_once(set);
    else si.flags.write(set);
  } else if (!(si.flags.read() & SWP_WRITEOK)) {
    m.swap_avail_lock.unlock();
    return;
  }
  if (!(checker::lkmm::atomic_read(si.inuse_pages) & SWAP_USAGE_OFFLIST_BIT)) {
    m.swap_avail_lock.unlock();
    return;
  }
  const std::int64_t val = checker::lkmm::atomic_fetch_and(si.inuse_pages, ~SWAP_USAGE_OFFLIST_BIT);
  // When the device is full and on the plist, only one updater sees inuse == pages and calls
  // del_from_avail_list; if that updater is us, just skip adding.
  if (val == si.pages) {
    std::int64_t pages = si.pages;
    if (checker::lkmm::try_cmpxchg(si.inuse_pages, pages, si.pages | SWAP_USAGE_OFFLIST_BIT)) {  // atomic_long_try_cmpxchg
      m.swap_avail_lock.unlock();
      return;
    }
  }
  m.swap_avail_head.write(plist::push_tail(m.swap_avail_head.read(), si.type));
  m.swap_avail_lock.unlock();
}

namespace {
bool swap_usage_add(SwapDevice& si, int nr) {
  CHECKER_FRAME();
  // atomic_long_add_return_relaxed (seed 004 P1's context): no ordering.
  const std::int64_t val = checker::lkmm::atomic_fetch_add_relaxed(si.inuse_pages, std::int64_t{nr}) + nr;
  // Full, and SWAP_USAGE_OFFLIST_BIT not set: take it off the plist. Vswap is never on it (P2).
  if (val == si.pages && !is_vswap_type(si.type)) {
    del_from_avail_list(si, false);
    return true;
  }
  return false;
}

void swap_usage_sub(SwapDevice& si, int nr) {
  CHECKER_FRAME();
  const std::int64_t val = checker::lkmm::atomic_sub_return(si.inuse_pages, std::int64_t{nr});  // fully ordered
  // Not full, and SWAP_USAGE_OFFLIST_BIT set: put it back on the plist.
  if (val & SWAP_USAGE_OFFLIST_BIT) add_to_avail_list(si, false);
}
}  // namespace

void swap_range_alloc(SwapDevice& si, int nr) {
  CHECKER_FRAME();
  swap_usage_add(si, nr);  // a full device would also schedule si->reclaim_work (not modelled)
  // atomic_long_sub, a void atomic: unordered. Seed 004 P2: vswap excluded.
  if (!is_vswap_type(si.type)) model().nr_swap_pages.fetch_sub(nr, checker::MemoryOrder::Relaxed);
}

void swap_range_free(SwapDevice& si, std::uint64_t offset, int nr) {
  CHECKER_FRAME();
  // Seed 004 P2: a vswap slot's zswap entry belongs to its virtual_table, released already.
  if (!is_vswap_type(si.type))
    for (int i = 0; i < nr; ++i) zswap_invalidate(swp_entry(si.type, offset + static_cast<std::uint64_t>(i)));
  // smp_wmb: try_to_unuse must see inuse_pages reach 0 only after the cleanups above.
  checker::lkmm::smp_wmb();
  if (!is_vswap_type(si.type)) model().nr_swap_pages.fetch_add(nr, checker::MemoryOrder::Relaxed);  // atomic_long_add
  swap_usage_sub(si, nr);
}

}  // namespace swapmodel
