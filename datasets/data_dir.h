// nrc/datasets/data_dir.h
//
// BundledDataPath: where the data sets shipped in the repository's data/ folder
// are (see data/README.md for what is there and its provenance).
//
// The folder is fixed at configure time (NRC_DATA_DIR, set by
// datasets/CMakeLists.txt to ${PROJECT_SOURCE_DIR}/data), so binaries find it
// from any working directory as long as the source tree stays where it was
// built from. The file is not checked for existence: reading it reports that.
#ifndef NRC_DATASETS_DATA_DIR_H_
#define NRC_DATASETS_DATA_DIR_H_

#include <string>

namespace nrc {

// Absolute path of `file` (e.g. "iris.csv") in the repository's data/ folder.
std::string BundledDataPath(const std::string& file);

}  // namespace nrc

#endif  // NRC_DATASETS_DATA_DIR_H_
