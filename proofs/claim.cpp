// Obligations of a claim (claim.h).
#include "proofs/claim.h"

namespace swapproofs {

const char* outcome_name(Outcome o) {
  switch (o) {
    case Outcome::Proved: return "proved";
    case Outcome::Refuted: return "refuted";
    case Outcome::Unknown: return "unknown";
    case Outcome::Vacuous: return "vacuous";
  }
  return "?";
}

std::vector<Obligation> obligations_of(const ClaimDef& claim, const StepEncoding& enc) {
  std::vector<Obligation> out;
  const std::string prefix = claim.design + "." + claim.step + ".";
  for (const Labelled& g : enc.goals) {
    Obligation o{prefix + g.name, &claim, g.name, "", Outcome::Proved, ""};
    if (auto f = claim.findings.find(g.name); f != claim.findings.end()) {
      o.expected = Outcome::Refuted;
      o.expected_why = f->second;
    }
    out.push_back(o);
  }
  for (const Labelled& p : enc.preconditions)
    out.push_back(Obligation{prefix + "without_" + p.name, &claim, "", p.name, Outcome::Refuted, ""});
  return out;
}

}  // namespace swapproofs
