// A JSON file read for people: comments allowed, every value locatable as file:line:column.
//
// JsonDocument implements the model-facing ScenarioDocument (checker/model_interface.h) and is
// used for trace files too. Loading never crashes and never passes bad input silently: an
// unreadable file, invalid JSON, a duplicate key or nesting deeper than kMaxDepth all throw
// ScenarioError naming the place and what was expected there.
#pragma once

#include <memory>
#include <string>

#include "checker/cli/json_positions.h"
#include "checker/model_interface.h"

namespace checker {

class JsonDocument final : public ScenarioDocument {
 public:
  // Scenario files are a handful of levels deep; the limit keeps recursive consumers (dump,
  // copies, model readers) far from the end of the stack on hostile input.
  static constexpr std::size_t kMaxDepth = 64;
  // Larger inputs are refused rather than read into memory.
  static constexpr std::size_t kMaxBytes = 16 << 20;

  // Parses `text`, reporting errors against `file`.
  static std::unique_ptr<JsonDocument> parse(std::string file, std::string text);
  // Reads and parses a file.
  static std::unique_ptr<JsonDocument> load(const std::string& path);

  const std::string& file() const override { return file_; }
  const nlohmann::json& root() const override { return root_; }
  const std::string& text() const { return text_; }
  SourceLocation location(const nlohmann::json::json_pointer& at) const override;
  SourceLocation key_location(const nlohmann::json::json_pointer& at) const override;

 private:
  JsonDocument(std::string file, std::string text) : file_(std::move(file)), text_(std::move(text)) {}
  const JsonPositions::Node* nearest(nlohmann::json::json_pointer at) const;
  SourceLocation at(TextPosition p) const { return SourceLocation{file_, p.line, p.column}; }

  std::string file_;
  std::string text_;
  nlohmann::json root_;
  JsonPositions positions_;
};

// Reads a whole file; throws ScenarioError (no line) when it cannot.
std::string read_text_file(const std::string& path, std::size_t max_bytes);

// "file:line:column: message", or "file: message" when the line is unknown.
std::string format_error(const ScenarioError& e);
std::string format_location(const SourceLocation& where);

}  // namespace checker
