#include "numerics/parallel.h"

#include <algorithm>
#include <cstdlib>
#include <stdexcept>
#include <string>
#include <thread>

namespace nrc {

int ParallelThreads() {
  if (const char* env = std::getenv("NRC_THREADS")) {
    const std::string text(env);
    char* end = nullptr;
    const long n = std::strtol(text.c_str(), &end, 10);
    if (text.empty() || *end != '\0' || n < 1 || n > 256)
      throw std::invalid_argument("NRC_THREADS must be an integer from 1 to 256, got '" + text.substr(0, 40) + "'");
    return static_cast<int>(n);
  }
  const unsigned hw = std::thread::hardware_concurrency();
  return std::clamp(static_cast<int>(hw), 1, 8);
}

}  // namespace nrc
