// Migration of a swap-cache folio (mm/migrate.c): a new folio takes the old one's place in the
// swap cache (__swap_cache_replace_folio, mm/swap_state.c), its data, flags and memcg.
//
// Locking: the migrator holds a reference (its LRU isolation) and both folio locks throughout;
// __folio_migrate_mapping takes the old folio's cluster lock, freezes the old folio's count at
// exactly the references it expects (the cache's nr and the isolation's) and swaps the table
// words under it. A lockless lookup (swap_cache_get_folio) that finds the old folio frozen waits
// for its lock holder, then finds the new folio in the table; one that took a reference before
// the freeze makes it fail (-EAGAIN). The old folio keeps PG_swapcache and folio->swap until
// folio_migrate_flags clears them, after the table names the new folio: it is locked meanwhile.
//
// Only a folio no PTE maps is migrated here (a mapped one would need migration entries,
// try_to_migrate and remove_migration_ptes, which the model does not have).
#pragma once

namespace swapmodel {

struct Folio;

// The outcome when the folio is mapped: try_to_migrate is not modelled.
inline constexpr int kMigrateMappedNotModelled = 1;

// The steps of migrate_swapcache_folio (mm/migrate.c; caller_step_ops.cpp):
// folio_mc_copy: src's data into dst, before dst is visible.
void folio_mc_copy(Folio& dst, Folio& src);
// __folio_migrate_mapping for a swap-cache folio, both locked: 0, or -EAGAIN when src's count
// does not freeze at expected_count.
int __folio_migrate_mapping(Folio& newfolio, Folio& folio, int expected_count);
// folio_migrate_flags: uptodate and dirty carry over; the old folio's PG_swapcache and
// folio->swap are cleared.
void folio_migrate_flags(Folio& newfolio, Folio& folio);
// mem_cgroup_migrate (mm/memcontrol.c): the new folio takes the old one's memcg.
void mem_cgroup_migrate(Folio& old, Folio& newfolio);
// __migrate_folio: the count test, then the four steps above; 0 or -EAGAIN.
int __migrate_folio(Folio& dst, Folio& src);

// migrate_pages for one isolated folio in sync mode: 0 migrated; -EAGAIN (an unexpected
// reference: the count did not freeze), -ENOMEM (no new folio), -EBUSY (not in the swap cache
// once locked, or the isolation failed), or kMigrateMappedNotModelled.
int migrate_swapcache_folio(Folio& src);

}  // namespace swapmodel
