#include "reports/detail/format.h"

#include <cmath>
#include <cstdarg>
#include <cstdio>

namespace nrc::reports_detail {

std::string Fmt(const char* fmt, ...) {
  va_list args;
  va_start(args, fmt);
  va_list copy;
  va_copy(copy, args);
  const int n = std::vsnprintf(nullptr, 0, fmt, copy);
  va_end(copy);
  std::string out(n > 0 ? n : 0, '\0');
  if (n > 0) std::vsnprintf(out.data(), n + 1, fmt, args);
  va_end(args);
  return out;
}

std::string TexEscape(const std::string& text) {
  std::string out;
  for (char c : text) {
    switch (c) {
      case '\\': out += "\\textbackslash{}"; break;
      case '{': out += "\\{"; break;
      case '}': out += "\\}"; break;
      case '$': out += "\\$"; break;
      case '&': out += "\\&"; break;
      case '#': out += "\\#"; break;
      case '^': out += "\\^{}"; break;
      case '_': out += "\\_"; break;
      case '%': out += "\\%"; break;
      case '~': out += "\\~{}"; break;
      default: out += c;
    }
  }
  return out;
}

std::string TexName(const std::string& name) {
  std::string out;
  for (char c : name) {
    out += TexEscape(std::string(1, c));
    if (c == ',' || c == '[' || c == '=') out += "\\allowbreak{}";
  }
  return out;
}

std::string ShortHash(const std::string& text) {
  unsigned long long h = 1469598103934665603ull;
  for (unsigned char c : text) {
    h ^= c;
    h *= 1099511628211ull;
  }
  return Fmt("%08llx", h & 0xffffffffull);
}

std::string TexNum(double x, int digits) {
  if (std::isnan(x)) return "{--}";
  if (std::isinf(x)) return x > 0 ? "{$\\infty$}" : "{$-\\infty$}";
  if (x == 0) return "0";
  return Fmt("%.*e", digits - 1, x);
}

std::string PlotNum(double x) { return Fmt("%.6e", x); }

std::string Slug(const std::string& text) {
  std::string out;
  for (char c : text) {
    const bool keep = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.';
    if (c >= 'A' && c <= 'Z') {
      out += static_cast<char>(c - 'A' + 'a');
    } else if (keep) {
      out += c == '.' ? 'p' : c;
    } else if (!out.empty() && out.back() != '-') {
      out += '-';
    }
    if (out.size() >= 40) break;
  }
  while (!out.empty() && out.back() == '-') out.pop_back();
  return out.empty() ? "x" : out;
}

std::string CsvNum(double x) {
  if (std::isnan(x)) return "";
  if (std::isinf(x)) return x > 0 ? "inf" : "-inf";
  return Fmt("%.17g", x);
}

std::string CsvText(const std::string& text) {
  if (text.find_first_of(",\"\n\r") == std::string::npos) return text;
  std::string out = "\"";
  for (char c : text) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

std::string CsvLine(const std::vector<std::string>& fields) {
  std::string out;
  for (std::size_t i = 0; i < fields.size(); ++i) out += (i ? "," : "") + fields[i];
  return out + "\n";
}

}  // namespace nrc::reports_detail
