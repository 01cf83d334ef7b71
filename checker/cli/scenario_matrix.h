// Matrix scenario files: one file that stands for many cases. A file with a top-level "matrix"
// is a template; each case is the file with the matrix's chosen values added to it, and the
// runner reads a case exactly as it reads a plain scenario file (the model never sees a
// matrix). docs/scenario-format.md, "Matrix files", describes the format for people.
//
//   "name": "pair_{paths}",                  a template: {axis} is that axis's part of the name
//   "matrix": {
//     "axes": [                               the cases are the product of the axes, first outermost
//       {"axis": "variant", "values": [       one case per value ...
//          {"name": "thp", "vars": {"idx": 1}, "add": {"config": {"thp": 1}}}]},
//       {"axis": "paths", "choose": 2,        ... or per multiset of `choose` values, in list order
//        "join": "_vs_", "repeat": true,      (repeat: false: no value twice)
//        "values": [{"name": "fork", "vars": [{"dst": 2}, {"dst": 3}],   a list: the k-th pick of
//                    "add": {"threads": [...]}}]}],                      the value takes entry k
//     "vars": {"nr": -1},                     defaults of case-wide variables
//     "exclude": ["pair_fork_vs_fork"],       cases left out
//     "cases": {"pair_zap_vs_zap": {"vars": {"nr": 1},              one case's own var values
//                                   "add": {"bounds": {...}}}}      and what is added to it alone
//   }
//
// Adding ("add"): objects are merged key by key, arrays are appended, and any other value must
// equal what is already there (a conflict is an error, nothing is overwritten). The values'
// "add"s go in axis order, then the case's own.
// Placeholders "{x}" in strings: in a value's "add", its own vars and {copy} (empty when the
// value is picked once, else 0, 1, ... by pick) are replaced first; then everywhere the case-wide
// ones: the axis names (the case-name parts), the matrix's vars, overridden by the vars of the
// values of axes without "choose", then by the case's own. A string that is exactly one
// placeholder takes the value itself (a number stays a number). An unknown placeholder is an
// error. The "name" is resolved without the case's own vars (they are looked up by it).
//
// Every value of a case document remembers where in the file it came from, so an error the
// runner or the model finds in a case names the file, line and column of the matrix text.
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "checker/cli/json_document.h"

namespace checker {

// "FILE#case" names one case of a matrix file; a plain FILE names the file.
struct ScenarioHandle {
  std::string path;
  std::optional<std::string> case_name;
  std::string text() const { return case_name ? path + "#" + *case_name : path; }
};
ScenarioHandle parse_handle(const std::string& text);

// Whether a parsed scenario file is a matrix file.
bool is_matrix(const ScenarioDocument& doc);

// The names of a matrix file's cases, in expansion order. Throws ScenarioError at the matrix
// text that is wrong.
std::vector<std::string> matrix_case_names(const JsonDocument& doc);

// One case of a matrix file as a document of its own. Throws ScenarioError (also when the
// file has no case of that name).
std::unique_ptr<ScenarioDocument> matrix_case(std::shared_ptr<const JsonDocument> doc, const std::string& name);

// A JSON value built from pieces of a source document, with where each piece came from:
// `origins` maps a pointer of this value (a piece's root) to a pointer of the source; the
// pieces below it come from the same place below that pointer.
struct TracedJson {
  nlohmann::json value;
  std::map<std::string, nlohmann::json::json_pointer> origins;
  // The source pointer of the value at `at`.
  nlohmann::json::json_pointer origin(const nlohmann::json::json_pointer& at) const;
};

}  // namespace checker
