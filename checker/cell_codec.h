// Cells as JSON, so that what one share of a search left unexplored can be dealt out again in a
// later round (cell_shards.h): a cell's prefix, its sleeping events and its wakeup tree, with
// every field of each event that partial-order reduction reads.
#pragma once

#include <nlohmann/json.hpp>
#include <stdexcept>

#include "checker/cells.h"

namespace checker {

nlohmann::json cell_to_json(const Cell& cell);
// Throws CellFormatError naming the JSON path of the first bad field.
Cell cell_from_json(const nlohmann::json& j);

struct CellFormatError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

}  // namespace checker
