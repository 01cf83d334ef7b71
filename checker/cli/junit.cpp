#include "checker/cli/junit.h"

#include <cstdio>
#include <sstream>

#include "checker/cli/json_document.h"
#include "checker/cli/scenario_matrix.h"

namespace checker {

namespace {

std::string seconds_text(double s) {
  char text[32];
  std::snprintf(text, sizeof text, "%.3f", s);
  return text;
}

// "scenarios/mutations/x.json" -> "scenarios.mutations.x", as JUnit tools group by class (the
// cases of a matrix file form one class).
std::string class_name(const std::string& file) {
  std::string s = file.ends_with(".json") ? file.substr(0, file.size() - 5) : file;
  for (char& c : s)
    if (c == '/' || c == '\\') c = '.';
  while (s.starts_with(".")) s.erase(0, 1);
  return s;
}

void write_case(std::ostringstream& out, const SuiteCase& c, bool with_times) {
  const ScenarioHandle handle = parse_handle(c.file);
  const std::string name = c.scenario ? c.scenario->generic.name : handle.case_name.value_or(c.file);
  out << "    <testcase classname=\"" << xml_escape(class_name(handle.path)) << "\" name=\"" << xml_escape(name)
      << "\" file=\"" << xml_escape(handle.path) << "\"";
  if (with_times) out << " time=\"" << seconds_text(c.timing.seconds) << "\"";
  out << ">\n";
  // A pass a budget stopped says so twice: a property any tool keeps, and a <skipped> that CI
  // dashboards show, so a bounded pass is not counted as an exhaustive one.
  if (c.partial)
    out << "      <properties>\n        <property name=\"partial\" value=\"" << xml_escape(*c.partial)
        << "\"/>\n      </properties>\n";
  if (c.status == SuiteCase::Status::Partial)
    out << "      <skipped message=\"" << xml_escape("PARTIAL: pass as far as the search got; " + *c.partial) << "\"/>\n";
  if (c.status == SuiteCase::Status::Error) {
    const std::string message = format_error(*c.error);
    out << "      <error message=\"" << xml_escape(message) << "\" type=\"bad_input\">" << xml_escape(message)
        << "</error>\n";
  } else {
    const RunOutcome& o = *c.outcome;
    std::string detail = "search: " + search_summary(o) + "\nverdict: " + verdict_summary(o.report.violation) + "\n";
    if (o.counterexample) detail += "\n" + swimlane(*o.counterexample, o.evidence ? &*o.evidence : nullptr);
    if (c.status == SuiteCase::Status::Mismatch)
      out << "      <failure message=\"" << xml_escape(c.reason) << "\" type=\"mismatch\">" << xml_escape(detail)
          << "</failure>\n";
    else
      out << "      <system-out>" << xml_escape(detail) << "</system-out>\n";
  }
  out << "    </testcase>\n";
}

}  // namespace

std::string xml_escape(const std::string& s) {
  std::string out;
  out.reserve(s.size());
  for (char ch : s) {
    const auto c = static_cast<unsigned char>(ch);
    switch (ch) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&apos;"; break;
      default: out += (c < 0x20 && ch != '\n' && ch != '\t' && ch != '\r') ? '?' : ch;
    }
  }
  return out;
}

std::string junit_xml(const std::vector<SuiteCase>& cases, const std::string& suite_name, bool with_times) {
  std::size_t failures = 0, errors = 0, skipped = 0;
  double total = 0;
  for (const SuiteCase& c : cases) {
    failures += c.status == SuiteCase::Status::Mismatch;
    errors += c.status == SuiteCase::Status::Error;
    skipped += c.status == SuiteCase::Status::Partial;
    total += c.timing.seconds;
  }
  const std::string counts = "tests=\"" + std::to_string(cases.size()) + "\" failures=\"" + std::to_string(failures) +
                             "\" errors=\"" + std::to_string(errors) + "\"";
  const std::string time = with_times ? " time=\"" + seconds_text(total) + "\"" : "";
  std::ostringstream out;
  out << "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
  out << "<testsuites name=\"swapcheck\" " << counts << time << ">\n";
  out << "  <testsuite name=\"" << xml_escape(suite_name) << "\" " << counts << " skipped=\"" << skipped << "\"" << time
      << ">\n";
  for (const SuiteCase& c : cases) write_case(out, c, with_times);
  out << "  </testsuite>\n</testsuites>\n";
  return out.str();
}

}  // namespace checker
