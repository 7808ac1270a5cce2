// nrc/datasets/data_dir.cc
#include "datasets/data_dir.h"

#ifndef NRC_DATA_DIR
#error "NRC_DATA_DIR must be defined (datasets/CMakeLists.txt does)"
#endif

namespace nrc {

std::string BundledDataPath(const std::string& file) { return std::string(NRC_DATA_DIR) + "/" + file; }

}  // namespace nrc
