#include "numerics/interval.h"

#include <cmath>
#include <stdexcept>

namespace nrc {
namespace {

int g_interval_bits = 128;

}  // namespace

int IntervalPrecisionBits() { return g_interval_bits; }

ScopedIntervalPrecision::ScopedIntervalPrecision(int bits) : previous_(g_interval_bits) {
  if (bits < 24) throw std::invalid_argument("interval precision below 24 bits");
  g_interval_bits = bits;
}
ScopedIntervalPrecision::~ScopedIntervalPrecision() { g_interval_bits = previous_; }

Interval::Interval() {
  mpfi_init2(v_, g_interval_bits);
  mpfi_set_si(v_, 0);
}
Interval::Interval(double x) {
  mpfi_init2(v_, g_interval_bits);
  mpfi_set_d(v_, x);
}
Interval::Interval(double lo, double hi) {
  if (!(lo <= hi)) throw std::invalid_argument("interval with lower end above upper end");
  mpfi_init2(v_, g_interval_bits);
  mpfi_interv_d(v_, lo, hi);
}
Interval::Interval(const Interval& o) {
  mpfi_init2(v_, mpfi_get_prec(o.v_));
  mpfi_set(v_, o.v_);
}
Interval::Interval(Interval&& o) noexcept {
  mpfi_init2(v_, mpfi_get_prec(o.v_));
  mpfi_swap(v_, o.v_);
}
Interval& Interval::operator=(const Interval& o) {
  if (this != &o) {
    if (mpfi_get_prec(v_) < mpfi_get_prec(o.v_)) mpfi_set_prec(v_, mpfi_get_prec(o.v_));
    mpfi_set(v_, o.v_);
  }
  return *this;
}
Interval& Interval::operator=(Interval&& o) noexcept {
  mpfi_swap(v_, o.v_);
  return *this;
}
Interval::~Interval() { mpfi_clear(v_); }

Interval Interval::FromDecimal(const std::string& text) {
  Interval r;
  if (mpfi_set_str(r.v_, text.c_str(), 10) != 0 || !r.IsFinite())
    throw std::invalid_argument("not a finite decimal number: '" + text + "'");
  return r;
}

Interval Interval::FromText(const std::string& text) {
  const bool hex = text.rfind("0x", 0) == 0 || text.rfind("-0x", 0) == 0 || text.rfind("+0x", 0) == 0;
  if (!hex) return FromDecimal(text);
  Interval r;
  if (mpfi_set_str(r.v_, text.c_str(), 16) != 0 || !r.IsFinite())
    throw std::invalid_argument("not a finite hexadecimal number: '" + text + "'");
  return r;
}

Interval Interval::AroundDouble(double x) {
  if (!std::isfinite(x)) throw std::invalid_argument("AroundDouble of a non-finite value");
  return Interval(std::nextafter(x, -HUGE_VAL), std::nextafter(x, HUGE_VAL));
}

double Interval::Lower() const { return mpfr_get_d(&v_->left, MPFR_RNDD); }
double Interval::Upper() const { return mpfr_get_d(&v_->right, MPFR_RNDU); }
double Interval::Mid() const {
  mpfr_t m;
  mpfr_init2(m, mpfi_get_prec(v_));
  mpfi_mid(m, v_);
  const double d = mpfr_get_d(m, MPFR_RNDN);
  mpfr_clear(m);
  return d;
}
std::string Interval::UpperDecimal() const {
  char* s = nullptr;
  if (mpfr_asprintf(&s, "%.6RUe", &v_->right) < 0 || s == nullptr) throw std::runtime_error("mpfr_asprintf failed");
  std::string out(s);
  mpfr_free_str(s);
  return out;
}

bool Interval::IsFinite() const {
  return mpfr_number_p(&v_->left) && mpfr_number_p(&v_->right) && !mpfi_nan_p(v_);
}
bool Interval::ContainsZero() const { return mpfr_sgn(&v_->left) <= 0 && mpfr_sgn(&v_->right) >= 0; }

Interval& Interval::operator+=(const Interval& o) {
  mpfi_add(v_, v_, o.v_);
  return *this;
}
Interval& Interval::operator-=(const Interval& o) {
  mpfi_sub(v_, v_, o.v_);
  return *this;
}
Interval& Interval::operator*=(const Interval& o) {
  mpfi_mul(v_, v_, o.v_);
  return *this;
}
Interval& Interval::operator/=(const Interval& o) {
  mpfi_div(v_, v_, o.v_);
  return *this;
}

Interval operator+(const Interval& a, const Interval& b) {
  Interval r;
  mpfi_add(r.get(), a.get(), b.get());
  return r;
}
Interval operator-(const Interval& a, const Interval& b) {
  Interval r;
  mpfi_sub(r.get(), a.get(), b.get());
  return r;
}
Interval operator*(const Interval& a, const Interval& b) {
  Interval r;
  mpfi_mul(r.get(), a.get(), b.get());
  return r;
}
Interval operator/(const Interval& a, const Interval& b) {
  Interval r;
  mpfi_div(r.get(), a.get(), b.get());
  return r;
}
Interval operator-(const Interval& a) {
  Interval r;
  mpfi_neg(r.get(), a.get());
  return r;
}

#define NRC_INTERVAL_UNARY_(Name, fn) \
  Interval Name(const Interval& a) {  \
    Interval r;                       \
    fn(r.get(), a.get());             \
    return r;                         \
  }
NRC_INTERVAL_UNARY_(Sqr, mpfi_sqr)
NRC_INTERVAL_UNARY_(Abs, mpfi_abs)
NRC_INTERVAL_UNARY_(Tanh, mpfi_tanh)
NRC_INTERVAL_UNARY_(Exp, mpfi_exp)
NRC_INTERVAL_UNARY_(Log, mpfi_log)
NRC_INTERVAL_UNARY_(Log1p, mpfi_log1p)
#undef NRC_INTERVAL_UNARY_

Interval Sqrt(const Interval& a) {
  Interval r = Max0(a);
  mpfi_sqrt(r.get(), r.get());
  return r;
}

Interval Max0(const Interval& a) {
  Interval r = a;
  if (mpfr_sgn(&r.get()->left) < 0) mpfr_set_zero(&r.get()->left, 1);
  if (mpfr_sgn(&r.get()->right) < 0) mpfr_set_zero(&r.get()->right, 1);
  return r;
}

Interval Hull(const Interval& a, const Interval& b) {
  Interval r;
  mpfi_union(r.get(), a.get(), b.get());
  return r;
}

Interval Intersection(const Interval& a, const Interval& b) {
  Interval r;
  mpfi_intersect(r.get(), a.get(), b.get());
  if (mpfi_is_empty(r.get())) throw std::logic_error("disjoint enclosures of one quantity (one of them is wrong)");
  return r;
}

Interval Min(const Interval& a, const Interval& b) {
  Interval r(a);
  mpfr_min(&r.get()->left, &a.get()->left, &b.get()->left, MPFR_RNDD);
  mpfr_min(&r.get()->right, &a.get()->right, &b.get()->right, MPFR_RNDU);
  return r;
}

Interval Max(const Interval& a, const Interval& b) {
  Interval r(a);
  mpfr_max(&r.get()->left, &a.get()->left, &b.get()->left, MPFR_RNDD);
  mpfr_max(&r.get()->right, &a.get()->right, &b.get()->right, MPFR_RNDU);
  return r;
}

bool CertainlyLess(const Interval& a, const Interval& b) {
  return a.IsFinite() && b.IsFinite() && mpfr_less_p(&a.get()->right, &b.get()->left);
}
bool CertainlyLessEqual(const Interval& a, const Interval& b) {
  return a.IsFinite() && b.IsFinite() && mpfr_lessequal_p(&a.get()->right, &b.get()->left);
}

}  // namespace nrc
