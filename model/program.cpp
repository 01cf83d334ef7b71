// SwapScenario -> checker::Program (program.h).
#include "model/program.h"

#include <memory>

#include "model/invariants.h"
#include "model/model.h"

namespace swapmodel {

checker::Program make_program(SwapScenario scenario) {
  auto sc = std::make_shared<const SwapScenario>(std::move(scenario));
  return checker::Program{[sc](checker::Execution& ex) {
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
    install_invariants(m, ex, sc->invariants);
  }};
}

}  // namespace swapmodel
