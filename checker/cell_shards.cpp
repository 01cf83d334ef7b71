#include "checker/cell_shards.h"

#include <algorithm>
#include <limits>
#include <stdexcept>

#include "checker/strategies.h"

namespace checker {

namespace {

struct Unplanned {
  Cell cell;
  double estimate = 0;  // of the cell's executions, from its probe
};

// Plans the deal as every share does: runs the root cell's pilot and probes each part.
class Planner {
 public:
  Planner(const Program& program, const Bounds& bounds, const ExecutionObserver& observer, CellResults& planned)
      : program_(program), bounds_(bounds), observer_(observer), planned_(planned) {}

  // The cells left to deal, with their estimates.
  std::map<CellId, Unplanned> run() {
    std::vector<Cell> parts;
    done(CellId{}, explore_cell(program_, bounds_, Cell{}, observer_, parts));
    for (std::uint32_t i = 0; i < parts.size() && !stopped_; ++i) probe(CellId{i}, std::move(parts[i]));
    return std::move(left_);
  }

 private:
  void probe(CellId id, Cell cell) {
    Bounds b = bounds_;
    b.max_executions = std::min(kProbeExecutions, bounds_.dpor_pilot);
    const Report r = DporExplorer(program_, b, observer_, &cell).run();
    if (r.stop != StopReason::ExecutionBudget) {
      done(id, CellResult{r, 0});  // finished: what its pilot would have given
      return;
    }
    const double estimate = std::max(r.estimate, static_cast<double>(r.executions + r.blocked));
    left_.emplace(std::move(id), Unplanned{std::move(cell), estimate});
  }

  void done(const CellId& id, CellResult r) {
    const bool stops = r.report.violation && bounds_.stop_on_violation;
    planned_.emplace(id, std::move(r));
    if (stops) {  // the cells after it would not be reported
      left_.erase(left_.upper_bound(id), left_.end());
      stopped_ = true;
    }
  }

  const Program& program_;
  const Bounds& bounds_;
  const ExecutionObserver& observer_;
  CellResults& planned_;
  std::map<CellId, Unplanned> left_;
  bool stopped_ = false;  // a planned cell found a violation
};

constexpr std::uint64_t kDigestStart = 14695981039346656037ull;

std::uint64_t mix(std::uint64_t h, std::uint64_t v) {  // FNV-1a over the value's bytes
  for (int i = 0; i < 8; ++i) h = (h ^ ((v >> (8 * i)) & 0xff)) * 1099511628211ull;
  return h;
}

// Adds "cell `id` goes to share `to`" to a deal's digest.
std::uint64_t digest(std::uint64_t h, const CellId& id, unsigned to) {
  for (const std::uint32_t i : id) h = mix(h, i);
  return mix(mix(h, std::numeric_limits<std::uint64_t>::max()), to);
}

}  // namespace

namespace {

// Explores `queue` in search order on one thread, starting no cell once `budget` executions
// are spent; what is left in `queue` is pending.
CellResults explore_budgeted(const Program& program, const Bounds& bounds, std::map<CellId, Cell>& queue,
                             std::uint64_t budget, const ExecutionObserver& observer) {
  CellResults done;
  std::uint64_t spent = 0;
  while (!queue.empty() && spent < budget) {
    auto node = queue.extract(queue.begin());
    std::vector<Cell> parts;
    CellResult r = explore_cell(program, bounds, node.mapped(), observer, parts);
    spent += r.report.executions + r.report.blocked;
    for (std::uint32_t i = 0; i < parts.size(); ++i) {
      CellId child = node.key();
      child.push_back(i);
      queue.emplace(std::move(child), std::move(parts[i]));
    }
    const bool stops = r.report.violation && bounds.stop_on_violation;
    done.emplace(node.key(), std::move(r));
    if (stops) {  // the cells after it would not be reported
      queue.erase(queue.upper_bound(node.key()), queue.end());
      break;
    }
  }
  return done;
}

void explore_mine(const Program& program, const Bounds& bounds, std::map<CellId, Cell> mine, std::uint64_t budget,
                  const ExecutionObserver& observer, ShareResult& out) {
  if (budget == 0) {
    out.own = explore_cells(program, bounds, std::move(mine), observer);
    return;
  }
  out.own = explore_budgeted(program, bounds, mine, budget, observer);
  out.pending = std::move(mine);
}

void check_share(ShareSpec share, const Bounds& bounds, std::uint64_t budget) {
  if (share.count == 0 || share.index >= share.count) throw std::invalid_argument("explore_share: bad share");
  if (bounds.dpor_pilot == 0 || bounds.max_executions != 0 || bounds.time_limit_seconds > 0)
    throw std::invalid_argument("explore_share: a share is an unbudgeted split search");
  if (budget != 0 && bounds.threads > 1) throw std::invalid_argument("explore_share: a budgeted share runs on one thread");
}

}  // namespace

ShareResult explore_share(const Program& program, const Bounds& bounds, ShareSpec share, std::uint64_t budget,
                          const ExecutionObserver& observer) {
  check_share(share, bounds, budget);
  ShareResult out;
  std::map<CellId, Unplanned> left = Planner(program, bounds, observer, out.planned).run();
  // Largest first, each to the share with the least so far (ties: the lower id, the lower share).
  std::vector<std::map<CellId, Unplanned>::iterator> order;
  for (auto it = left.begin(); it != left.end(); ++it) order.push_back(it);
  std::stable_sort(order.begin(), order.end(),
                   [](const auto& a, const auto& b) { return a->second.estimate > b->second.estimate; });
  std::vector<double> load(share.count, 0);
  std::map<CellId, Cell> mine;
  out.deal_digest = kDigestStart;
  for (const auto& it : order) {
    const auto to = static_cast<unsigned>(std::min_element(load.begin(), load.end()) - load.begin());
    load[to] += it->second.estimate;
    out.deal_digest = digest(out.deal_digest, it->first, to);
    if (to == share.index) mine.emplace(it->first, std::move(it->second.cell));
  }
  out.dealt = left.size();
  explore_mine(program, bounds, std::move(mine), budget, observer, out);
  return out;
}

ShareResult resume_share(const Program& program, const Bounds& bounds, ShareSpec share,
                         std::map<CellId, Cell> pending, std::uint64_t budget, const ExecutionObserver& observer) {
  check_share(share, bounds, budget);
  ShareResult out;
  std::map<CellId, Cell> mine;
  out.deal_digest = kDigestStart;
  unsigned to = 0;
  for (auto& [id, cell] : pending) {
    out.deal_digest = digest(out.deal_digest, id, to);
    if (to == share.index) mine.emplace(id, std::move(cell));
    to = (to + 1) % share.count;
  }
  out.dealt = pending.size();
  explore_mine(program, bounds, std::move(mine), budget, observer, out);
  return out;
}

}  // namespace checker
