#include "checker/cli/json_document.h"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace checker {

using nlohmann::json;

namespace {

// nlohmann adds "; last read: '...'" with the text before the error. Short and plain it helps
// ("last read: 'tru'"); spanning lines or holding raw bytes it only repeats the file, garbled.
void drop_long_context(std::string& message) {
  const std::string marker = "; last read: '";
  const std::size_t begin = message.find(marker);
  if (begin == std::string::npos) return;
  const std::size_t end = message.find('\'', begin + marker.size());
  if (end == std::string::npos) return;
  const std::string context = message.substr(begin + marker.size(), end - begin - marker.size());
  const bool plain = context.size() <= 32 && context.find("<U+") == std::string::npos &&
                     std::all_of(context.begin(), context.end(), [](char c) { return c >= 0x20 && c < 0x7f; });
  if (!plain) message.erase(begin, end + 1 - begin);
}

// nlohmann's message reads "[json.exception.parse_error.101] parse error at line 2, column 3:
// syntax error while parsing ...; expected ...": keep the part after the position, which says
// what was expected, since the position is reported our way.
std::string syntax_message(const json::parse_error& e) {
  const std::string what = e.what();
  const std::size_t at = what.find("parse error");
  const std::size_t colon = at == std::string::npos ? std::string::npos : what.find(": ", at);
  std::string message = colon == std::string::npos ? what : what.substr(colon + 2);
  drop_long_context(message);
  return "invalid JSON: " + message;
}

// "[json.exception.out_of_range.406] number overflow ..." -> "number overflow ...".
std::string strip_exception_id(const std::string& what) {
  const std::size_t close = what.starts_with("[json.exception.") ? what.find("] ") : std::string::npos;
  return close == std::string::npos ? what : what.substr(close + 2);
}

// Where a SAX parse that keeps nothing stops with an error: the byte offset nlohmann reports.
std::size_t error_offset(const std::string& text) {
  struct Locate : json::json_sax_t {
    std::size_t offset = 0;
    bool null() override { return true; }
    bool boolean(bool) override { return true; }
    bool number_integer(number_integer_t) override { return true; }
    bool number_unsigned(number_unsigned_t) override { return true; }
    bool number_float(number_float_t, const string_t&) override { return true; }
    bool string(string_t&) override { return true; }
    bool binary(binary_t&) override { return true; }
    bool start_object(std::size_t) override { return true; }
    bool key(string_t&) override { return true; }
    bool end_object() override { return true; }
    bool start_array(std::size_t) override { return true; }
    bool end_array() override { return true; }
    // `position` counts the characters read, up to the end of the offending token.
    bool parse_error(std::size_t position, const std::string& token, const nlohmann::detail::exception&) override {
      offset = position > token.size() ? position - token.size() : 0;
      return false;
    }
  } locate;
  json::sax_parse(text, &locate, json::input_format_t::json, /*strict=*/true, /*ignore_comments=*/true);
  return locate.offset;
}

}  // namespace

std::string format_location(const SourceLocation& where) {
  if (where.line <= 0) return where.file;
  return where.file + ":" + std::to_string(where.line) + ":" + std::to_string(where.column);
}

std::string format_error(const ScenarioError& e) { return format_location(e.location) + ": " + e.what(); }

std::string read_text_file(const std::string& path, std::size_t max_bytes) {
  namespace fs = std::filesystem;
  std::error_code ec;
  const fs::file_status st = fs::status(path, ec);
  if (ec || !fs::exists(st)) throw ScenarioError({path}, "cannot read: no such file");
  if (fs::is_directory(st)) throw ScenarioError({path}, "cannot read: is a directory, expected a file");
  std::ifstream in(path, std::ios::binary);
  if (!in) throw ScenarioError({path}, std::string("cannot read: ") + std::strerror(errno));
  std::string text;
  char buffer[1 << 16];
  while (in.read(buffer, sizeof buffer) || in.gcount() > 0) {
    text.append(buffer, static_cast<std::size_t>(in.gcount()));
    if (text.size() > max_bytes)
      throw ScenarioError({path}, "file larger than " + std::to_string(max_bytes >> 20) + " MiB");
  }
  if (in.bad()) throw ScenarioError({path}, "read error");
  return text;
}

std::unique_ptr<JsonDocument> JsonDocument::parse(std::string file, std::string text) {
  std::unique_ptr<JsonDocument> doc(new JsonDocument(std::move(file), std::move(text)));
  const std::string& t = doc->text_;
  if (t.size() > kMaxBytes) throw ScenarioError({doc->file_}, "larger than " + std::to_string(kMaxBytes >> 20) + " MiB");
  // nlohmann takes a NUL byte for the end of the input, so "{...}\0garbage" would pass.
  if (const std::size_t nul = t.find('\0'); nul != std::string::npos)
    throw ScenarioError(doc->at(position_at(t, nul)), "unexpected NUL byte; expected JSON text");
  // Nesting is capped while parsing, so a file of a million '[' never builds a million-level
  // DOM; the scanner below then says where the limit was crossed.
  struct TooDeep {};
  const json::parser_callback_t cap_depth = [](int depth, json::parse_event_t event, json&) {
    if ((event == json::parse_event_t::object_start || event == json::parse_event_t::array_start) &&
        depth >= static_cast<int>(kMaxDepth))
      throw TooDeep{};
    return true;
  };
  try {
    doc->root_ = json::parse(t, cap_depth, /*allow_exceptions=*/true, /*ignore_comments=*/true);
  } catch (const TooDeep&) {
    doc->root_ = nullptr;
  } catch (const json::parse_error& e) {
    // e.byte is the 1-based index of the last character read (size + 1 at the end of input).
    const std::size_t offset = e.byte == 0 ? 0 : e.byte - 1;
    throw ScenarioError(doc->at(position_at(t, offset)), syntax_message(e));
  } catch (const json::exception& e) {
    // A number too large for a double ("1e999") is an out_of_range error that carries no
    // position: a parse that builds nothing finds it.
    throw ScenarioError(doc->at(position_at(t, error_offset(t))), "invalid JSON: " + strip_exception_id(e.what()));
  }
  doc->positions_ = JsonPositions::scan(t, kMaxDepth);
  if (const auto& p = doc->positions_.problem()) throw ScenarioError(doc->at(p->where), p->message);
  if (!doc->positions_.complete())  // the scanner and nlohmann disagree: a bug, but not a crash
    throw ScenarioError({doc->file_}, "could not locate the values of this JSON text");
  return doc;
}

std::unique_ptr<JsonDocument> JsonDocument::load(const std::string& path) {
  return parse(path, read_text_file(path, kMaxBytes));
}

const JsonPositions::Node* JsonDocument::nearest(json::json_pointer at) const {
  for (;;) {
    if (const JsonPositions::Node* n = positions_.find(at.to_string())) return n;
    if (at.empty()) return nullptr;
    at.pop_back();
  }
}

SourceLocation JsonDocument::location(const json::json_pointer& at) const {
  const JsonPositions::Node* n = nearest(at);
  return n ? this->at(n->value) : SourceLocation{file_};
}

SourceLocation JsonDocument::key_location(const json::json_pointer& at) const {
  const JsonPositions::Node* n = nearest(at);
  return n ? this->at(n->key) : SourceLocation{file_};
}

}  // namespace checker
