// nrc/theory/signal_projection.h
//
// The orthogonal projectors of T12 and T13 (spec/theorems.md) for one layer,
// made deterministic: each is the projector onto the span of an explicit set
// of class-summed signals S_c (T2), with no basis completion.
//
// Choices (which columns are spanned):
//   free bias (layer l has a bias and lambda_b = 0): one choice per class c*,
//     Pi onto span{S_c : c != c*}. The structure fixes the dimension: sum_c S_c
//     = Delta_l 1 = N g_{b,l} (-> 0 at stationarity), so the K columns have rank
//     K-1 up to g_b, and the K-th direction of a Q factor of all K columns would
//     be set by rounding noise. Dropping c* is exact:
//       (I - Pi) P_l = -(1/lambda) (I - Pi) m_l mu_{c*}^T,  m_l = (1/N) Delta_l 1,
//     whose norm (rank one: spectral = Frobenius) is the leak term
//     (1/lambda) ||(I - Pi) m_l|| ||mu_{c*}||.
//   otherwise: one choice, Pi onto span{S_1, ..., S_K}; (I - Pi) P_l = 0, no
//     leak term.
// Basis and rank: the left singular vectors u_j of the chosen columns
// (numerics/svd.h, Jacobi) with sigma_j > tau = error.Estimate(0, 0, sigma_1)
// (the comparison error of theory/error_model.h at the columns' scale); r is
// their number. With linearly independent columns (the generic case, and the
// free-bias choice at stationarity) r = number of columns and Pi is the unique
// projector onto their span. A direction at rounding level is dropped, never
// completed by an arbitrary vector; what it leaves of P_l outside range(Pi) is
// at rounding level relative to ||Delta_l||_F ||M||_F / (lambda N), which the
// error scale `scale` below includes.
// Kept per choice: r, the dropped class (-1: none), the singular values of
// (I - Pi) Delta_l E^T / N (what the bounds need, for every choice), the leak
// term, and the identity residual ||(I - Pi) P_l - leak matrix||_F (0 up to
// rounding: a check of the projector). Project() forms (I - Pi) A for the
// chosen projector (T12, T13 need (I - Pi) W_l and (I - Pi) R_l only for the
// choice they report).
// Hypotheses: those of T2. Error model: scale = SplitScale(l) +
// ||Delta_l||_F ||M||_F / (lambda N).
#ifndef NRC_THEORY_SIGNAL_PROJECTION_H_
#define NRC_THEORY_SIGNAL_PROJECTION_H_

#include <string>
#include <vector>

#include "theory/t2.h"

namespace nrc {

template <class T>
struct SignalProjection {
  struct Choice {
    int dropped_class = -1;  // c* (0-based), -1: every class spanned
    int columns = 0;         // number of S_c spanned
    int rank = 0;            // r = dim range(Pi)
    Matrix<T> basis;         // d_l x r, orthonormal columns
    Vector<T> sigma_DE;      // singular values of (I - Pi) Delta_l E^T / N
    T leak = T(0);           // (1/lambda) ||(I - Pi) m_l|| ||mu_{c*}|| (free bias), else 0
    T identity_residual = T(0);  // ||(I - Pi) P_l - leak matrix||_F

    // Pi onto span(columns) as described above; dropped_class >= 0 adds the
    // free-bias leak term of dropping that class. Other column sets (a wrong
    // span) are for negative controls: their leak is then taken as 0.
    static Choice Span(const NetworkContext<T>& ctx, const T2<T>& t2, const Matrix<T>& columns, int dropped_class);
    // (I - Pi) A.
    Matrix<T> Project(const Matrix<T>& A) const;
    // The singular values of (I - Pi) W_l and (I - Pi) R_l, computed on first
    // use and kept (T12 and T13 in both norms share them; not thread-safe).
    const Vector<T>& SigmaW(const NetworkContext<T>& ctx, const T2<T>& t2) const;
    const Vector<T>& SigmaR(const NetworkContext<T>& ctx, const T2<T>& t2) const;
    mutable Vector<T> sigma_W_cache, sigma_R_cache;
    mutable bool have_sigma_W = false, have_sigma_R = false;
    // "c* = label 2, r = 3" (the 0-based data label) or "span of all classes, r = 4".
    std::string Describe() const;
  };
  int layer = 0;
  bool free_bias = false;
  T scale = T(0);
  std::vector<Choice> choices;

  static SignalProjection Compute(const NetworkContext<T>& ctx, const T2<T>& t2);
};

#define NRC_SIGNAL_PROJECTION_EXTERN_(T) extern template struct SignalProjection<T>;
NRC_FOR_EACH_SCALAR(NRC_SIGNAL_PROJECTION_EXTERN_)
#undef NRC_SIGNAL_PROJECTION_EXTERN_

}  // namespace nrc

#endif  // NRC_THEORY_SIGNAL_PROJECTION_H_
