#include "checker/cli/report.h"

#include "checker/cli/report_format.h"
#include "checker/cli/report_kinds.h"

namespace checker {

std::string kernel_report(const ReportContext& c) {
  std::string body;
  switch (c.trace.violation.verdict) {
    case Verdict::Pass: return "";
    case Verdict::UseAfterFree:
    case Verdict::DoubleFree: body = report::kasan_report(c); break;
    case Verdict::DataRace: body = report::kcsan_report(c); break;
    case Verdict::Deadlock:
    case Verdict::LockNesting:
    case Verdict::BadUnlock:
    case Verdict::SleepInAtomic: body = report::lockdep_report(c); break;
    default: body = report::warn_report(c); break;
  }
  return body + "\n" + report::footer(c);
}

}  // namespace checker
