// nrc/io/json_fields.h
//
// One field list per type, for both directions of its JSON form. A type's
// fields are a generic function `fields(object, field)` calling
// field(key, member) -- or field(key, member, Codec{}) -- once per member, in
// the file's key order:
//   constexpr auto kFields = [](auto& s, auto&& field) { field("name", s.name); ... };
// WriteJsonFields(j, object, kFields) sets j[key] for each in that order (j
// a json or an ordered_json; fields already in j stay before them);
// ReadJsonFields(j, &object, kFields) reads each with j.at(key).get_to(member)
// (a missing key or a wrong type throws nlohmann::json::exception).
// Codecs (a static Write(value) and Read(parent, key)):
//   JsonNumberCodec  a double as io/json_numbers.h writes it (NaN, +-inf as strings);
//   JsonNullIsNaN    a double, NaN written as null (and null read as NaN);
//   JsonZeroIfAbsent an int that older files may lack (read as 0).
#ifndef NRC_IO_JSON_FIELDS_H_
#define NRC_IO_JSON_FIELDS_H_

#include <nlohmann/json.hpp>

#include <cmath>
#include <limits>

#include "io/json_numbers.h"

namespace nrc {

struct JsonNumberCodec {
  static nlohmann::ordered_json Write(double x) { return JsonNumber(x); }
  template <class J>
  static double Read(const J& parent, const char* key) {
    return ReadJsonNumber(parent.at(key));
  }
};

struct JsonNullIsNaN {
  static nlohmann::ordered_json Write(double x) {
    return std::isnan(x) ? nlohmann::ordered_json(nullptr) : nlohmann::ordered_json(x);
  }
  template <class J>
  static double Read(const J& parent, const char* key) {
    const auto& v = parent.at(key);
    return v.is_null() ? std::numeric_limits<double>::quiet_NaN() : v.template get<double>();
  }
};

struct JsonZeroIfAbsent {
  static int Write(int x) { return x; }
  template <class J>
  static int Read(const J& parent, const char* key) {
    return parent.value(key, 0);
  }
};

namespace detail {

template <class J>
struct JsonFieldWriter {
  J& j;
  template <class V>
  void operator()(const char* key, const V& value) const {
    j[key] = value;
  }
  template <class V, class Codec>
  void operator()(const char* key, const V& value, Codec) const {
    j[key] = Codec::Write(value);
  }
};

template <class J>
struct JsonFieldReader {
  const J& j;
  template <class V>
  void operator()(const char* key, V& value) const {
    j.at(key).get_to(value);
  }
  template <class V, class Codec>
  void operator()(const char* key, V& value, Codec) const {
    value = Codec::template Read<J>(j, key);
  }
};

}  // namespace detail

template <class J, class T, class Fields>
void WriteJsonFields(J& j, const T& object, const Fields& fields) {
  fields(object, detail::JsonFieldWriter<J>{j});
}

template <class J, class T, class Fields>
void ReadJsonFields(const J& j, T* object, const Fields& fields) {
  fields(*object, detail::JsonFieldReader<J>{j});
}

}  // namespace nrc

#endif  // NRC_IO_JSON_FIELDS_H_
