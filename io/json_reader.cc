#include "io/json_reader.h"

#include <set>
#include <stdexcept>
#include <vector>

#include "io/quoted.h"

namespace nrc {
namespace {

template <class Json>
Json ParseChecked(const std::string& text, const std::string& what) {
  // One set of keys per open object, innermost last.
  std::vector<std::set<std::string>> keys;
  auto check = [&](int depth, nlohmann::detail::parse_event_t event, Json& parsed) {
    using E = nlohmann::detail::parse_event_t;
    if ((event == E::object_start || event == E::array_start) && depth >= JsonReader::kMaxDepth) {
      throw std::invalid_argument(what + ": nested deeper than " + std::to_string(JsonReader::kMaxDepth) +
                                  " levels of objects and arrays");
    }
    if (event == E::object_start) keys.emplace_back();
    if (event == E::object_end && !keys.empty()) keys.pop_back();
    if (event == E::key && !keys.empty()) {
      const std::string key = parsed.template get<std::string>();
      if (!keys.back().insert(key).second) {
        throw std::invalid_argument(what + ": duplicate key " + Quoted(key) +
                                    " (an object names it twice; which value is meant?)");
      }
    }
    return true;
  };
  try {
    return Json::parse(text, check);
  } catch (const nlohmann::json::exception& e) {
    throw std::invalid_argument(what + ": not valid JSON: " + CutForMessage(e.what(), 200));
  }
}

}  // namespace

nlohmann::json JsonReader::Parse(const std::string& text, const std::string& what) {
  return ParseChecked<nlohmann::json>(text, what);
}

nlohmann::ordered_json JsonReader::ParseOrdered(const std::string& text, const std::string& what) {
  return ParseChecked<nlohmann::ordered_json>(text, what);
}

nlohmann::json JsonReader::ReadFile(const std::filesystem::path& file, InputKind kind) {
  return Parse(ReadInputFile(file, kind), file.string());
}

nlohmann::ordered_json JsonReader::ReadOrderedFile(const std::filesystem::path& file, InputKind kind) {
  return ParseOrdered(ReadInputFile(file, kind), file.string());
}

}  // namespace nrc
