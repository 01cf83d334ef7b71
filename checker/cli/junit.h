// JUnit XML for CI: one <testcase> per scenario in file order; a mismatch is a <failure>, a
// file that did not load an <error>, a pass stopped by a budget a <skipped> with the reason
// (and a "partial" property). Times appear only when asked for (--timing), so the
// same suite writes the same bytes.
#pragma once

#include <string>
#include <vector>

#include "checker/cli/suite_runner.h"

namespace checker {

std::string junit_xml(const std::vector<SuiteCase>& cases, const std::string& suite_name, bool with_times);

// Escapes text for XML attributes and content; characters XML 1.0 forbids become '?'.
std::string xml_escape(const std::string& s);

}  // namespace checker
