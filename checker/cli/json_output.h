// How the CLI prints JSON: two-space indentation, a final newline, and invalid UTF-8 (which
// nlohmann refuses to print) replaced by U+FFFD instead of throwing. Key order is nlohmann's
// (sorted), so the same value always prints as the same bytes.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

namespace checker {

inline std::string json_text(const nlohmann::json& j) {
  return j.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
}

}  // namespace checker
