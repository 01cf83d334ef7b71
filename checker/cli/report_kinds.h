// The per-kind reports behind kernel_report() (report.h). Internal to report_*.cpp.
#pragma once

#include <string>

#include "checker/cli/report.h"

namespace checker::report {

// KASAN: use after free, double free (report_kasan.cpp).
std::string kasan_report(const ReportContext& c);
// KCSAN: data race (report_kcsan.cpp).
std::string kcsan_report(const ReportContext& c);
// lockdep and the hung-task detector: deadlock, lock nesting, bad unlock, sleep in atomic
// context (report_lockdep.cpp).
std::string lockdep_report(const ReportContext& c);
// WARN: invariant, hint, assertion, precondition, non-termination (report_warn.cpp).
std::string warn_report(const ReportContext& c);

}  // namespace checker::report
