// nrc/theory/error_model.h
//
// The rounding-error model every computed comparison of nrc uses.
//
// A statement's two sides a (observed) and b (bound) are computed in the
// working precision T from exactly represented inputs (theta, X). Both carry
// rounding errors from products (|fl(AB) - AB| <= gamma_n |A||B|, n the inner
// dimension), from class statistics (summation of up to N terms), from SVDs
// (|sigma_j - sigma_j(A)| <= c(m,n) eps sigma_1, numerics/svd.h), from norms
// (relative (mn + 2) eps), and, for statements that compare two layers'
// embeddings (T9), from the forward pass between them. Each of these is at
// most (a dimension factor) x eps x (the magnitude of the quantities that were
// combined). nrc therefore uses, for every comparison,
//
//   error(a, b; s) = kSafety * D * eps * (|a| + |b| + s),
//   D = (L + 1) * (N + d_max + 2),
//
// where eps is ScalarTraits<T>::Epsilon(), L the depth, N the number of
// samples, d_max the largest width, and s >= 0 the magnitude of the terms that
// cancel while a or b is formed (stated by each statement's header: e.g. for
// T3, s = ||W_l||_F + (||G_l||_F + ||Delta_l||_F ||Z_{l-1}||_F / N) / lambda, because
// R_l = (G_l - Delta_l E^T / N) / lambda is a difference of such terms and
// dist_K(W_l) comes from an SVD accurate to eps sigma_1(W_l)).
//
// Why D and kSafety: every product nrc forms has inner dimension <= N + d_max;
// a chain of at most L + 1 such operations (forward, backward, gradient, SVD)
// separates the data from any compared quantity; the classical bounds carry
// constants <= 2 per operation in norm form, and the Frobenius relaxations of
// entrywise bounds another sqrt(d) <= d_max. kSafety = 32 covers these
// constants with a margin of more than 2x. The property tests
// (theory/*_test.cc) evaluate every statement in double as well as in MPFR and
// require that no true statement is ever reported violated in double, i.e.
// that this estimate absorbs double's rounding (10,000 random networks per
// statement at the time of writing; RC_PARAMS="max_success=..." runs more). In MPFR at >= 200 bits the estimate is ~1e-55 relative:
// no verdict of the suite is ever decided by rounding.
#ifndef NRC_THEORY_ERROR_MODEL_H_
#define NRC_THEORY_ERROR_MODEL_H_

#include <cmath>

#include "numerics/scalar.h"

namespace nrc {

template <class T>
struct ErrorModel {
  static constexpr int kSafety = 32;
  T eps = T(0);   // ScalarTraits<T>::Epsilon()
  T dims = T(1);  // D = (L + 1) (N + d_max + 2)

  static ErrorModel For(int depth, int num_samples, int max_width) {
    ErrorModel m;
    m.eps = ScalarTraits<T>::Epsilon();
    m.dims = T((depth + 1) * (num_samples + max_width + 2));
    return m;
  }
  // kSafety * D * eps * (|a| + |b| + s).
  T Estimate(const T& a, const T& b, const T& s = T(0)) const {
    using std::abs;
    return T(kSafety) * dims * eps * (abs(a) + abs(b) + s);
  }
};

}  // namespace nrc

#endif  // NRC_THEORY_ERROR_MODEL_H_
