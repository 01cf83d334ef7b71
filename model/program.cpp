// SwapScenario -> checker::Program (program.h).
#include "model/program.h"

#include <memory>
#include <optional>
#include <stdexcept>

#include "model/invariants.h"
#include "model/model.h"

namespace swapmodel {

checker::Program make_program(SwapScenario scenario) {
  auto sc = std::make_shared<const SwapScenario>(std::move(scenario));
  // The invariant names are resolved once here; an unknown one is left to each execution's
  // setup to report, as install_invariants always has.
  std::optional<InvariantSelection> selected;
  try {
    selected = select_invariants(sc->invariants);
  } catch (const std::invalid_argument&) {
  }
  return checker::Program{[sc, selected](checker::Execution& ex) {
    SwapModel& m = ex.keep(std::make_unique<SwapModel>(sc->cfg));
    if (sc->setup) sc->setup(m);
    // Initial threads are numbered in spawn order. The budget is set first: spawn() runs the
    // body up to its first scheduling point at once.
    checker::ThreadId id = 0;
    for (const SwapThread& t : sc->threads) {
      if (t.folio_budget >= 0) m.set_folio_budget(id, t.folio_budget);
      ex.spawn(t.name, [&m, body = t.body] { body(m); }, t.cpu);
      ++id;
    }
    if (sc->cross_check_invariants)
      install_cross_checked_invariants(m, ex, sc->invariants);
    else if (selected)
      install_invariants(m, ex, *selected);
    else
      install_invariants(m, ex, sc->invariants);
  }};
}

}  // namespace swapmodel
