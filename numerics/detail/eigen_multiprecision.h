// Internals: make Eigen's decompositions compile and behave for the Boost
// multiprecision scalars nrc uses (Float128, Mpfr).
//
// Include this before instantiating an Eigen decomposition for those scalars
// (the numerics/detail/*_impl.h headers do). What it fixes, with Eigen 3.4.0
// and Boost 1.74 (see spec/measured-facts.md):
//  * numext::hypot: Eigen's generic positive_real_hypot needs
//    NumTraits<T>::infinity()/quiet_NaN(), which Boost's NumTraits lacks, so
//    BDCSVD does not compile. We forward to boost::multiprecision::hypot
//    (correctly rounded for MPFR, libquadmath's hypotq for Float128).
// Known and *not* fixed here: Boost's NumTraits<number<>>::lowest() returns the
// smallest positive value instead of -highest(). Eigen only uses lowest() in
// numext::isfinite for non-IEEE types and in AlignedBox; nrc code must not rely
// on NumTraits<T>::lowest() (use -NumTraits<T>::highest()).
#ifndef NRC_NUMERICS_DETAIL_EIGEN_MULTIPRECISION_H_
#define NRC_NUMERICS_DETAIL_EIGEN_MULTIPRECISION_H_

#include <Eigen/Core>
#include <boost/multiprecision/number.hpp>

namespace Eigen {
namespace internal {

template <class Backend, boost::multiprecision::expression_template_option ET>
struct hypot_impl<boost::multiprecision::number<Backend, ET>> {
  using Scalar = boost::multiprecision::number<Backend, ET>;
  static inline Scalar run(const Scalar& x, const Scalar& y) {
    return Scalar(boost::multiprecision::hypot(x, y));
  }
};

}  // namespace internal
}  // namespace Eigen

#endif  // NRC_NUMERICS_DETAIL_EIGEN_MULTIPRECISION_H_
