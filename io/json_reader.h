// nrc/io/json_reader.h
//
// JsonReader: the one way nrc reads JSON it did not just write itself (training
// configs, sweep configs, point.json, run directories, analysis.json). On top
// of nlohmann::json's parser it enforces
//   - a nesting limit (kMaxDepth levels of objects and arrays): deeper input is
//     rejected while parsing, before anything recursive (copying, dumping,
//     destroying) could run out of stack;
//   - unique keys: an object that names a key twice is an error (nlohmann
//     would silently keep the last value).
// Errors are std::invalid_argument with one line, "WHAT: not valid JSON: ...",
// "WHAT: duplicate key 'K' ..." or "WHAT: nested deeper than 64 levels", WHAT
// being the file name or a description of the text.
#ifndef NRC_IO_JSON_READER_H_
#define NRC_IO_JSON_READER_H_

#include <nlohmann/json.hpp>

#include <filesystem>
#include <string>

#include "io/input_file.h"

namespace nrc {

struct JsonReader {
  static constexpr int kMaxDepth = 64;

  static nlohmann::json Parse(const std::string& text, const std::string& what);
  static nlohmann::ordered_json ParseOrdered(const std::string& text, const std::string& what);
  // ReadInputFile (io/input_file.h: regular files only, the size cap of KIND)
  // then Parse; WHAT is the path. A file that cannot be read throws
  // std::runtime_error("cannot read PATH: ...").
  static nlohmann::json ReadFile(const std::filesystem::path& file, InputKind kind = InputKind::kConfig);
  static nlohmann::ordered_json ReadOrderedFile(const std::filesystem::path& file,
                                                InputKind kind = InputKind::kConfig);
};

}  // namespace nrc

#endif  // NRC_IO_JSON_READER_H_
