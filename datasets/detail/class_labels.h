// nrc/datasets/detail/class_labels.h
//
// CheckClassLabels: the label rules every binary data reader shares (IDX,
// .npy; the CSV reader applies the same rules with line numbers): labels are
// integers 0..K-1, K = expected_classes when > 0, else the largest label + 1;
// every class 0..K-1 has at least one sample. Returns K; throws
// DataError(path, 0, 0, "...") naming the first offending sample or class.
#ifndef NRC_DATASETS_DETAIL_CLASS_LABELS_H_
#define NRC_DATASETS_DETAIL_CLASS_LABELS_H_

#include <cstdint>
#include <string>
#include <vector>

namespace nrc::detail {

// labels: as read (any 64-bit value; negative and too-large ones are errors).
// On success *out holds them as int.
int CheckClassLabels(const std::string& path, const std::vector<std::int64_t>& labels, int expected_classes,
                     std::vector<int>* out);

}  // namespace nrc::detail

#endif  // NRC_DATASETS_DETAIL_CLASS_LABELS_H_
