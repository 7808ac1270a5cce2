#include "numerics/interval_matrix.h"

#include <stdexcept>
#include <string>

namespace nrc {
namespace {

void CheckSameShape(const IntervalMatrix& a, const IntervalMatrix& b) {
  if (a.rows() != b.rows() || a.cols() != b.cols()) throw std::invalid_argument("interval matrices of different shapes");
}
void CheckInner(int a_cols, int b_rows) {
  if (a_cols != b_rows)
    throw std::invalid_argument("interval product of incompatible shapes (" + std::to_string(a_cols) + " vs " +
                                std::to_string(b_rows) + ")");
}

}  // namespace

IntervalMatrix::IntervalMatrix(int rows, int cols) : rows_(rows), cols_(cols), data_(static_cast<size_t>(rows) * cols) {}

IntervalMatrix IntervalMatrix::FromDoubles(const Eigen::MatrixXd& m) {
  IntervalMatrix r(static_cast<int>(m.rows()), static_cast<int>(m.cols()));
  for (int i = 0; i < r.rows_; ++i)
    for (int j = 0; j < r.cols_; ++j) mpfi_set_d(r(i, j).get(), m(i, j));
  return r;
}

IntervalMatrix IntervalMatrix::AroundDoubles(const Eigen::MatrixXd& m) {
  IntervalMatrix r(static_cast<int>(m.rows()), static_cast<int>(m.cols()));
  for (int i = 0; i < r.rows_; ++i)
    for (int j = 0; j < r.cols_; ++j) r(i, j) = Interval::AroundDouble(m(i, j));
  return r;
}

IntervalMatrix IntervalMatrix::Identity(int n) {
  IntervalMatrix r(n, n);
  for (int i = 0; i < n; ++i) mpfi_set_si(r(i, i).get(), 1);
  return r;
}

Eigen::MatrixXd IntervalMatrix::Mid() const {
  Eigen::MatrixXd m(rows_, cols_);
  for (int i = 0; i < rows_; ++i)
    for (int j = 0; j < cols_; ++j) m(i, j) = (*this)(i, j).Mid();
  return m;
}

IntervalMatrix IntervalMatrix::Transpose() const {
  IntervalMatrix r(cols_, rows_);
  for (int i = 0; i < rows_; ++i)
    for (int j = 0; j < cols_; ++j) r(j, i) = (*this)(i, j);
  return r;
}

IntervalMatrix IntervalMatrix::Col(int j) const {
  IntervalMatrix r(rows_, 1);
  for (int i = 0; i < rows_; ++i) r(i, 0) = (*this)(i, j);
  return r;
}

double IntervalMatrix::MaxWidth() const {
  double w = 0;
  mpfr_t d;
  mpfr_init2(d, 53);
  for (const auto& x : data_) {
    mpfr_sub(d, &x.get()->right, &x.get()->left, MPFR_RNDU);
    const double v = mpfr_get_d(d, MPFR_RNDU);
    if (!(v <= w)) w = v;  // NaN propagates
  }
  mpfr_clear(d);
  return w;
}

namespace {

// C = A B for A rows x inner and B inner x cols, accumulated in the order
// i, k, j: for every (i, k) with row_k(i, k) true, C(i, j) += mul(i, k, j),
// where mul(t, i, k, j) sets the interval t to the product A(i, k) B(k, j).
template <class RowK, class Mul>
IntervalMatrix IntervalProduct(int rows, int inner, int cols, RowK row_k, Mul mul) {
  IntervalMatrix c(rows, cols);
  mpfi_t t;
  mpfi_init2(t, IntervalPrecisionBits());
  for (int i = 0; i < rows; ++i)
    for (int k = 0; k < inner; ++k) {
      if (!row_k(i, k)) continue;
      for (int j = 0; j < cols; ++j) {
        mul(t, i, k, j);
        mpfi_add(c(i, j).get(), c(i, j).get(), t);
      }
    }
  mpfi_clear(t);
  return c;
}

constexpr auto kEveryK = [](int, int) { return true; };

}  // namespace

IntervalMatrix operator*(const IntervalMatrix& a, const IntervalMatrix& b) {
  CheckInner(a.cols(), b.rows());
  return IntervalProduct(a.rows(), a.cols(), b.cols(), kEveryK,
                         [&](mpfi_ptr t, int i, int k, int j) { mpfi_mul(t, a(i, k).get(), b(k, j).get()); });
}

IntervalMatrix operator*(const IntervalMatrix& a, const Eigen::MatrixXd& b) {
  CheckInner(a.cols(), static_cast<int>(b.rows()));
  return IntervalProduct(a.rows(), a.cols(), static_cast<int>(b.cols()), kEveryK,
                         [&](mpfi_ptr t, int i, int k, int j) { mpfi_mul_d(t, a(i, k).get(), b(k, j)); });
}

// A zero entry of the double matrix is skipped: its products add nothing.
IntervalMatrix operator*(const Eigen::MatrixXd& a, const IntervalMatrix& b) {
  CheckInner(static_cast<int>(a.cols()), b.rows());
  return IntervalProduct(static_cast<int>(a.rows()), b.rows(), b.cols(), [&](int i, int k) { return a(i, k) != 0.0; },
                         [&](mpfi_ptr t, int i, int k, int j) { mpfi_mul_d(t, b(k, j).get(), a(i, k)); });
}

IntervalMatrix operator+(const IntervalMatrix& a, const IntervalMatrix& b) {
  CheckSameShape(a, b);
  IntervalMatrix c(a.rows(), a.cols());
  for (int i = 0; i < a.rows(); ++i)
    for (int j = 0; j < a.cols(); ++j) mpfi_add(c(i, j).get(), a(i, j).get(), b(i, j).get());
  return c;
}

IntervalMatrix operator-(const IntervalMatrix& a, const IntervalMatrix& b) {
  CheckSameShape(a, b);
  IntervalMatrix c(a.rows(), a.cols());
  for (int i = 0; i < a.rows(); ++i)
    for (int j = 0; j < a.cols(); ++j) mpfi_sub(c(i, j).get(), a(i, j).get(), b(i, j).get());
  return c;
}

IntervalMatrix operator*(const Interval& s, const IntervalMatrix& a) {
  IntervalMatrix c(a.rows(), a.cols());
  for (int i = 0; i < a.rows(); ++i)
    for (int j = 0; j < a.cols(); ++j) mpfi_mul(c(i, j).get(), s.get(), a(i, j).get());
  return c;
}

}  // namespace nrc
