// Internals of nrc_reports: doubles in JSON, written and read as proofs-check
// does (proofs-check/detail/json_numbers.h: NaN and infinities as the strings
// "nan", "inf", "-inf").
#ifndef NRC_REPORTS_DETAIL_JSON_NUMBERS_H_
#define NRC_REPORTS_DETAIL_JSON_NUMBERS_H_

#include "proofs-check/detail/json_numbers.h"

namespace nrc::reports_detail {

using json_detail::JsonNumber;
using json_detail::JsonNumbers;
using json_detail::ReadJsonNumber;
using json_detail::ReadJsonNumbers;

}  // namespace nrc::reports_detail

#endif  // NRC_REPORTS_DETAIL_JSON_NUMBERS_H_
