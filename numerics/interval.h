// nrc/numerics/interval.h
//
// Interval: a closed real interval [lower, upper] with MPFR endpoints (MPFI,
// libmpfi), the scalar of nrc's computer-assisted proofs
// (proofs-check/interval_proof.h).
//
// Guarantee (MPFI's): every operation returns an interval that contains the
// exact result of the operation applied to every choice of real numbers in
// the operands (outward rounding of both endpoints). Hence a chain of
// operations started from enclosures of the exact inputs ends in an
// enclosure of the exact result, whatever the precision; the precision only
// decides how wide it is. Nothing here is an estimate.
//
// Precision: new intervals get IntervalPrecisionBits() bits per endpoint
// (default 128), set for a scope with ScopedIntervalPrecision. Like MPFR's in
// Boost (numerics/precision.h) it is a process-global setting; it is
// independent of Boost's MPFR default precision.
//
// Comparisons are deliberately not operators (Boost 1.74's mpfi_float throws
// from a noexcept comparison on overlapping intervals): use CertainlyLess /
// CertainlyLessEqual, which are true only if they hold for every pair of
// points, and Lower() / Upper(), the endpoints rounded outward to double.
// Never run pivoting (comparison-driven) algorithms on intervals.
#ifndef NRC_NUMERICS_INTERVAL_H_
#define NRC_NUMERICS_INTERVAL_H_

#include <cstdarg>  // before mpfr.h (through mpfi.h): declares mpfr_asprintf
#include <cstdio>
#include <mpfi.h>

#include <string>

namespace nrc {

int IntervalPrecisionBits();

// Sets the precision of new Interval values for its lifetime (>= 24 bits).
class ScopedIntervalPrecision {
 public:
  explicit ScopedIntervalPrecision(int bits);
  ~ScopedIntervalPrecision();
  ScopedIntervalPrecision(const ScopedIntervalPrecision&) = delete;
  ScopedIntervalPrecision& operator=(const ScopedIntervalPrecision&) = delete;

 private:
  int previous_;
};

class Interval {
 public:
  Interval();  // [0, 0]
  explicit Interval(double x);  // the point x (exact)
  Interval(double lo, double hi);  // [lo, hi] (exact; throws std::invalid_argument unless lo <= hi)
  Interval(const Interval& o);
  Interval(Interval&& o) noexcept;
  Interval& operator=(const Interval& o);
  Interval& operator=(Interval&& o) noexcept;
  ~Interval();

  // An enclosure of the exact value of a decimal string ("1.25e-3", "-0.1"):
  // outward rounded, so it contains the decimal number even when it is not a
  // binary one. Throws std::invalid_argument for text that is not a finite number.
  static Interval FromDecimal(const std::string& text);
  // FromDecimal, or the exact value of a hexadecimal floating literal
  // ("0x1.8p-3", "-0xc.cdp-7": ToExactHexString of numerics/scalar.h), outward
  // rounded to the interval precision (exact when it has the bits).
  static Interval FromText(const std::string& text);
  // [pred(x), succ(x)] in double: contains every real number that rounds to
  // the double x (in particular the decimal string "%.17g" of x was printed from).
  static Interval AroundDouble(double x);

  // Endpoints rounded outward to double (Lower() <= every point <= Upper()).
  double Lower() const;
  double Upper() const;
  double Mid() const;  // nearest double to the midpoint (not rigorous)
  // The upper end as a decimal string rounded up to 7 significant digits
  // (the decimal number is >= every point).
  std::string UpperDecimal() const;
  bool IsFinite() const;  // both endpoints finite (no NaN)
  bool ContainsZero() const;

  mpfi_ptr get() { return v_; }
  mpfi_srcptr get() const { return v_; }

  Interval& operator+=(const Interval& o);
  Interval& operator-=(const Interval& o);
  Interval& operator*=(const Interval& o);
  Interval& operator/=(const Interval& o);

 private:
  mpfi_t v_;
};

Interval operator+(const Interval& a, const Interval& b);
Interval operator-(const Interval& a, const Interval& b);
Interval operator*(const Interval& a, const Interval& b);
Interval operator/(const Interval& a, const Interval& b);
Interval operator-(const Interval& a);
Interval Sqr(const Interval& a);   // {x^2}: lower end >= 0 (tighter than a * a)
Interval Sqrt(const Interval& a);  // of the non-negative part; NaN-free only if a.upper >= 0
Interval Abs(const Interval& a);
Interval Tanh(const Interval& a);
Interval Exp(const Interval& a);
Interval Log(const Interval& a);
Interval Log1p(const Interval& a);
Interval Max0(const Interval& a);  // {max(0, x)}
// The interval hull of a and b.
Interval Hull(const Interval& a, const Interval& b);
// a and b intersected (outward, at the current precision): for two enclosures
// of one quantity, an enclosure at least as narrow as either. Throws
// std::logic_error when they are disjoint (then one of them is wrong).
Interval Intersection(const Interval& a, const Interval& b);
// {min(x, y) : x in a, y in b} = [min(a.lo, b.lo), min(a.hi, b.hi)], and max alike.
Interval Min(const Interval& a, const Interval& b);
Interval Max(const Interval& a, const Interval& b);

// Every point of a is < (<=) every point of b.
bool CertainlyLess(const Interval& a, const Interval& b);
bool CertainlyLessEqual(const Interval& a, const Interval& b);

}  // namespace nrc

#endif  // NRC_NUMERICS_INTERVAL_H_
