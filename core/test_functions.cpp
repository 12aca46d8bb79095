#include "core/test_function.h"

#include <Eigen/Dense>

#include <cmath>
#include <functional>
#include <memory>
#include <numbers>

namespace cs {

double TestFunction::minimumValue() const {
    const auto mins = minima();
    return mins.empty() ? 0.0 : mins.front().f;
}

namespace {

using Vec2 = Eigen::Vector2d;
using Mat2 = Eigen::Matrix2d;

constexpr double kPi = std::numbers::pi;

Vector point(double x, double y) {
    Vector p(2);
    p << x, y;
    return p;
}

// Base of the 2D functions: each subclass writes one scalar routine for f and ∇f, and one for
// the exact Hessian; this class adapts them to the Objective interface.
class PlaneFunction : public TestFunction {
public:
    double computeValue(const Vector& x) const final { return evaluate(x[0], x[1], nullptr); }
    double computeValueAndGradient(const Vector& x, Vector& grad) const final {
        Vec2 g;
        const double f = evaluate(x[0], x[1], &g);
        grad = g;
        return f;
    }
    bool computeHessian(const Vector& x, Matrix& h) const final {
        h = hessian2(x[0], x[1]);
        return true;
    }

protected:
    // f(x, y); fills ∇f when `grad` is not null.
    virtual double evaluate(double x, double y, Vec2* grad) const = 0;
    virtual Mat2 hessian2(double x, double y) const = 0;
};

Mat2 symmetric(double hxx, double hxy, double hyy) {
    Mat2 h;
    h << hxx, hxy, hxy, hyy;
    return h;
}

// Rosenbrock (1960), "banana" valley.
//   f(x, y) = (1 − x)² + 100(y − x²)²
//   minimum: f* = 0 at (1, 1); start (−1.2, 1).
//   H is positive definite exactly where y < x² + 0.005 (det H = 80000(x² − y) + 400).
class Rosenbrock final : public PlaneFunction {
public:
    std::string name() const override { return "rosenbrock"; }
    std::string title() const override { return "Rosenbrock"; }
    std::string formula() const override { return "(1−x)² + 100(y−x²)²"; }
    Box domain() const override { return {-2.0, 2.0, -1.0, 3.0}; }
    std::vector<KnownMinimum> minima() const override { return {{point(1.0, 1.0), 0.0}}; }
    Vector start() const override { return point(-1.2, 1.0); }

protected:
    double evaluate(double x, double y, Vec2* g) const override {
        const double a = 1.0 - x;
        const double b = y - x * x;
        if (g)
            *g << -2.0 * a - 400.0 * x * b, 200.0 * b;
        return a * a + 100.0 * b * b;
    }
    Mat2 hessian2(double x, double y) const override {
        // f_xx = 2 − 400(y − x²) + 800x², f_xy = −400x, f_yy = 200
        return symmetric(2.0 - 400.0 * (y - x * x) + 800.0 * x * x, -400.0 * x, 200.0);
    }
};

// Himmelblau (1972): four global minima of equal value.
//   f(x, y) = (x² + y − 11)² + (x + y² − 7)²
//   minima: f* = 0 at (3, 2), (−2.805118, 3.131312), (−3.779310, −3.283186),
//           (3.584428, −1.848126); start (−1, −1).
class Himmelblau final : public PlaneFunction {
public:
    std::string name() const override { return "himmelblau"; }
    std::string title() const override { return "Himmelblau"; }
    std::string formula() const override { return "(x²+y−11)² + (x+y²−7)²"; }
    Box domain() const override { return {-5.0, 5.0, -5.0, 5.0}; }
    std::vector<KnownMinimum> minima() const override {
        // The three irrational minima, Newton-refined in 50-digit arithmetic (mpmath).
        return {{point(3.0, 2.0), 0.0},
                {point(-2.8051180869527449, 3.1313125182505730), 0.0},
                {point(-3.7793102533777469, -3.2831859912861694), 0.0},
                {point(3.5844283403304917, -1.8481265269644036), 0.0}};
    }
    Vector start() const override { return point(-1.0, -1.0); }

protected:
    double evaluate(double x, double y, Vec2* g) const override {
        const double a = x * x + y - 11.0;
        const double b = x + y * y - 7.0;
        if (g)
            *g << 4.0 * x * a + 2.0 * b, 2.0 * a + 4.0 * y * b;
        return a * a + b * b;
    }
    Mat2 hessian2(double x, double y) const override {
        const double a = x * x + y - 11.0;
        const double b = x + y * y - 7.0;
        // f_xx = 4a + 8x² + 2, f_xy = 4x + 4y, f_yy = 2 + 4b + 8y²
        return symmetric(4.0 * a + 8.0 * x * x + 2.0, 4.0 * (x + y), 2.0 + 4.0 * b + 8.0 * y * y);
    }
};

// Beale: a narrow curved valley with steep walls.
//   f(x, y) = (1.5 − x + xy)² + (2.25 − x + xy²)² + (2.625 − x + xy³)²
//   minimum: f* = 0 at (3, 0.5); start (1, 1).
class Beale final : public PlaneFunction {
public:
    std::string name() const override { return "beale"; }
    std::string title() const override { return "Beale"; }
    std::string formula() const override { return "(1.5−x+xy)² + (2.25−x+xy²)² + (2.625−x+xy³)²"; }
    Box domain() const override { return {-4.5, 4.5, -4.5, 4.5}; }
    std::vector<KnownMinimum> minima() const override { return {{point(3.0, 0.5), 0.0}}; }
    Vector start() const override { return point(1.0, 1.0); }

protected:
    // f = Σ_i r_i², r_i = c_i − x + x yⁱ, i = 1..3.
    static constexpr double kC[3] = {1.5, 2.25, 2.625};

    double evaluate(double x, double y, Vec2* g) const override {
        double f = 0.0, gx = 0.0, gy = 0.0;
        double yPow = 1.0; // y^{i−1}
        for (int i = 1; i <= 3; ++i) {
            const double yi = yPow * y;
            const double r = kC[i - 1] - x + x * yi;
            f += r * r;
            gx += 2.0 * r * (yi - 1.0);     // ∂r_i/∂x = yⁱ − 1
            gy += 2.0 * r * (i * x * yPow); // ∂r_i/∂y = i x y^{i−1}
            yPow = yi;
        }
        if (g)
            *g << gx, gy;
        return f;
    }
    Mat2 hessian2(double x, double y) const override {
        // H = Σ 2(∇r_i ∇r_iᵀ + r_i ∇²r_i), ∇²r_i = [[0, i y^{i−1}], [i y^{i−1}, i(i−1) x y^{i−2}]]
        double hxx = 0.0, hxy = 0.0, hyy = 0.0;
        double yPowM2 = 0.0; // y^{i−2} (unused for i = 1)
        double yPowM1 = 1.0; // y^{i−1}
        for (int i = 1; i <= 3; ++i) {
            const double yi = yPowM1 * y;
            const double r = kC[i - 1] - x + x * yi;
            const double rx = yi - 1.0;
            const double ry = i * x * yPowM1;
            const double rxy = i * yPowM1;
            const double ryy = i * (i - 1) * x * yPowM2;
            hxx += 2.0 * rx * rx;
            hxy += 2.0 * (rx * ry + r * rxy);
            hyy += 2.0 * (ry * ry + r * ryy);
            yPowM2 = yPowM1;
            yPowM1 = yi;
        }
        return symmetric(hxx, hxy, hyy);
    }
};

// Booth: a convex quadratic.
//   f(x, y) = (x + 2y − 7)² + (2x + y − 5)²
//   minimum: f* = 0 at (1, 3); start (−5, 5).
class Booth final : public PlaneFunction {
public:
    std::string name() const override { return "booth"; }
    std::string title() const override { return "Booth"; }
    std::string formula() const override { return "(x+2y−7)² + (2x+y−5)²"; }
    Box domain() const override { return {-10.0, 10.0, -10.0, 10.0}; }
    std::vector<KnownMinimum> minima() const override { return {{point(1.0, 3.0), 0.0}}; }
    Vector start() const override { return point(-5.0, 5.0); }

protected:
    double evaluate(double x, double y, Vec2* g) const override {
        const double a = x + 2.0 * y - 7.0;
        const double b = 2.0 * x + y - 5.0;
        if (g)
            *g << 2.0 * a + 4.0 * b, 4.0 * a + 2.0 * b;
        return a * a + b * b;
    }
    Mat2 hessian2(double, double) const override { return symmetric(10.0, 8.0, 10.0); }
};

// Matyas: a convex quadratic with a shallow, tilted valley.
//   f(x, y) = 0.26(x² + y²) − 0.48xy
//   minimum: f* = 0 at (0, 0); start (8, −6).
class Matyas final : public PlaneFunction {
public:
    std::string name() const override { return "matyas"; }
    std::string title() const override { return "Matyas"; }
    std::string formula() const override { return "0.26(x²+y²) − 0.48xy"; }
    Box domain() const override { return {-10.0, 10.0, -10.0, 10.0}; }
    std::vector<KnownMinimum> minima() const override { return {{point(0.0, 0.0), 0.0}}; }
    Vector start() const override { return point(8.0, -6.0); }

protected:
    double evaluate(double x, double y, Vec2* g) const override {
        if (g)
            *g << 0.52 * x - 0.48 * y, 0.52 * y - 0.48 * x;
        return 0.26 * (x * x + y * y) - 0.48 * x * y;
    }
    Mat2 hessian2(double, double) const override { return symmetric(0.52, -0.48, 0.52); }
};

// Rastrigin (1974): a paraboloid with a cosine ripple, local minima near every integer point.
//   f(x, y) = 20 + x² − 10cos(2πx) + y² − 10cos(2πy)
//   minimum: f* = 0 at (0, 0); start (2.3, −1.7).
class Rastrigin final : public PlaneFunction {
public:
    std::string name() const override { return "rastrigin"; }
    std::string title() const override { return "Rastrigin"; }
    std::string formula() const override { return "20 + x² − 10cos(2πx) + y² − 10cos(2πy)"; }
    Box domain() const override { return {-5.12, 5.12, -5.12, 5.12}; }
    std::vector<KnownMinimum> minima() const override { return {{point(0.0, 0.0), 0.0}}; }
    Vector start() const override { return point(2.3, -1.7); }

protected:
    static constexpr double kA = 10.0;

    double evaluate(double x, double y, Vec2* g) const override {
        if (g)
            *g << 2.0 * x + 2.0 * kPi * kA * std::sin(2.0 * kPi * x),
                2.0 * y + 2.0 * kPi * kA * std::sin(2.0 * kPi * y);
        return 2.0 * kA + x * x - kA * std::cos(2.0 * kPi * x) + y * y -
               kA * std::cos(2.0 * kPi * y);
    }
    Mat2 hessian2(double x, double y) const override {
        // f_xx = 2 + 4π²A cos(2πx), separable so f_xy = 0
        const double c = 4.0 * kPi * kPi * kA;
        return symmetric(2.0 + c * std::cos(2.0 * kPi * x), 0.0, 2.0 + c * std::cos(2.0 * kPi * y));
    }
};

// Ackley (1987): a nearly flat, rippled plateau around a deep cone-shaped hole.
//   f(x, y) = −20 exp(−0.2 s) − exp(½(cos 2πx + cos 2πy)) + e + 20,  s = √(½(x² + y²))
//   minimum: f* = 0 at (0, 0); start (1.7, −1.3).
// The first term is a cone at the origin: f is not differentiable there. We return the
// minimal-norm subgradient, ∇f(0) = 0, and as Hessian at s = 0 the Hessian of the smooth second
// term alone, 2π²e·I (the cone's curvature ~1/s has no finite limit). Both are finite and keep a
// Newton step at the minimum a no-op.
class Ackley final : public PlaneFunction {
public:
    std::string name() const override { return "ackley"; }
    std::string title() const override { return "Ackley"; }
    std::string formula() const override {
        return "−20·exp(−0.2·√(0.5(x²+y²))) − exp(0.5(cos 2πx + cos 2πy)) + e + 20";
    }
    Box domain() const override { return {-5.0, 5.0, -5.0, 5.0}; }
    std::vector<KnownMinimum> minima() const override { return {{point(0.0, 0.0), 0.0}}; }
    Vector start() const override { return point(1.7, -1.3); }

protected:
    static constexpr double kA = 20.0;
    static constexpr double kB = 0.2;

    // s = √(½(x² + y²)), via hypot so tiny x, y do not underflow.
    static double radius(double x, double y) { return std::hypot(x, y) / std::numbers::sqrt2; }
    // True where the cone term's derivatives are undefined or would overflow.
    static bool atApex(double s) { return s == 0.0 || !std::isfinite(1.0 / s); }

    double evaluate(double x, double y, Vec2* g) const override {
        const double s = radius(x, y);
        const double ea = std::exp(-kB * s);
        const double eb = std::exp(0.5 * (std::cos(2.0 * kPi * x) + std::cos(2.0 * kPi * y)));
        if (g) {
            // ∇(−A e^{−Bs}) = A B e^{−Bs} ∇s, ∇s = (x, y) / 2s;  ∂(−e^{…})/∂x = π sin(2πx) e^{…}
            Vec2 gs = Vec2::Zero();
            if (!atApex(s))
                gs << 0.5 * x / s, 0.5 * y / s;
            *g = kA * kB * ea * gs;
            (*g)[0] += kPi * std::sin(2.0 * kPi * x) * eb;
            (*g)[1] += kPi * std::sin(2.0 * kPi * y) * eb;
        }
        return -kA * ea - eb + std::numbers::e + kA;
    }
    Mat2 hessian2(double x, double y) const override {
        const double sx = std::sin(2.0 * kPi * x), sy = std::sin(2.0 * kPi * y);
        const double cx = std::cos(2.0 * kPi * x), cy = std::cos(2.0 * kPi * y);
        const double eb = std::exp(0.5 * (cx + cy));
        // Smooth term −e^{…}: f_xx = π² e^{…}(2cos 2πx − sin² 2πx), f_xy = −π² e^{…} sin 2πx sin
        // 2πy
        const double p2 = kPi * kPi * eb;
        Mat2 h = symmetric(p2 * (2.0 * cx - sx * sx), -p2 * sx * sy, p2 * (2.0 * cy - sy * sy));
        const double s = radius(x, y);
        if (atApex(s))
            return h;
        // Cone term: ∇²(−A e^{−Bs}) = A B e^{−Bs} (−B ∇s∇sᵀ + ∇²s), ∇²s = (I/2 − ∇s∇sᵀ) / s
        Vec2 gs;
        gs << 0.5 * x / s, 0.5 * y / s;
        const Mat2 gg = gs * gs.transpose();
        const Mat2 hs = (0.5 * Mat2::Identity() - gg) / s;
        h += kA * kB * std::exp(-kB * s) * (-kB * gg + hs);
        return h;
    }
};

// Goldstein & Price (1971): a product of two quartics, values spanning six decades.
//   f(x, y) = [1 + (x+y+1)² P]·[30 + (2x−3y)² Q],
//   P = 19 − 14x + 3x² − 14y + 6xy + 3y²,  Q = 18 − 32x + 12x² + 48y − 36xy + 27y²
//   minimum: f* = 3 at (0, −1); start (−0.5, 0.5).
class GoldsteinPrice final : public PlaneFunction {
public:
    std::string name() const override { return "goldstein-price"; }
    std::string title() const override { return "Goldstein–Price"; }
    std::string formula() const override {
        return "[1+(x+y+1)²(19−14x+3x²−14y+6xy+3y²)]·[30+(2x−3y)²(18−32x+12x²+48y−36xy+27y²)]";
    }
    Box domain() const override { return {-2.0, 2.0, -2.0, 2.0}; }
    std::vector<KnownMinimum> minima() const override { return {{point(0.0, -1.0), 3.0}}; }
    Vector start() const override { return point(-0.5, 0.5); }

protected:
    // The two factors with their gradients and Hessians.
    struct Factor {
        double v;
        Vec2 g;
        Mat2 h;
    };

    // A = 1 + a² P, a = x + y + 1
    static Factor first(double x, double y) {
        const double a = x + y + 1.0;
        const double p = 19.0 - 14.0 * x + 3.0 * x * x - 14.0 * y + 6.0 * x * y + 3.0 * y * y;
        const double px = -14.0 + 6.0 * x + 6.0 * y; // P_y equals P_x
        Factor f;
        f.v = 1.0 + a * a * p;
        f.g << 2.0 * a * p + a * a * px, 2.0 * a * p + a * a * px;
        // A_xx = A_xy = A_yy = 2P + 4a P_x + 6a²   (P_xx = P_xy = P_yy = 6)
        const double hv = 2.0 * p + 4.0 * a * px + 6.0 * a * a;
        f.h << hv, hv, hv, hv;
        return f;
    }
    // B = 30 + b² Q, b = 2x − 3y
    static Factor second(double x, double y) {
        const double b = 2.0 * x - 3.0 * y;
        const double q = 18.0 - 32.0 * x + 12.0 * x * x + 48.0 * y - 36.0 * x * y + 27.0 * y * y;
        const double qx = -32.0 + 24.0 * x - 36.0 * y;
        const double qy = 48.0 - 36.0 * x + 54.0 * y;
        Factor f;
        f.v = 30.0 + b * b * q;
        // b_x = 2, b_y = −3
        f.g << 4.0 * b * q + b * b * qx, -6.0 * b * q + b * b * qy;
        // Q_xx = 24, Q_xy = −36, Q_yy = 54
        const double hxx = 8.0 * q + 8.0 * b * qx + 24.0 * b * b;
        const double hxy = -12.0 * q + 4.0 * b * qy - 6.0 * b * qx - 36.0 * b * b;
        const double hyy = 18.0 * q - 12.0 * b * qy + 54.0 * b * b;
        f.h = symmetric(hxx, hxy, hyy);
        return f;
    }

    double evaluate(double x, double y, Vec2* g) const override {
        const Factor a = first(x, y), b = second(x, y);
        if (g)
            *g = a.v * b.g + b.v * a.g;
        return a.v * b.v;
    }
    Mat2 hessian2(double x, double y) const override {
        // ∇²(AB) = A∇²B + B∇²A + ∇A∇Bᵀ + ∇B∇Aᵀ
        const Factor a = first(x, y), b = second(x, y);
        const Mat2 h = a.v * b.h + b.v * a.h + a.g * b.g.transpose() + b.g * a.g.transpose();
        // The two off-diagonal sums round differently; keep H exactly symmetric.
        return symmetric(h(0, 0), h(0, 1), h(1, 1));
    }
};

// Six-hump camel back: two global and four local minima.
//   f(x, y) = (4 − 2.1x² + x⁴/3)x² + xy + (−4 + 4y²)y²
//   minima: f* = −1.031628453 at ±(0.0898, −0.7126); start (1, −1).
class SixHumpCamel final : public PlaneFunction {
public:
    std::string name() const override { return "six-hump-camel"; }
    std::string title() const override { return "Six-hump camel"; }
    std::string formula() const override { return "(4−2.1x²+x⁴/3)x² + xy + (−4+4y²)y²"; }
    Box domain() const override { return {-3.0, 3.0, -2.0, 2.0}; }
    std::vector<KnownMinimum> minima() const override {
        // Newton-refined in 50-digit arithmetic (mpmath); f is symmetric under (x, y) → (−x, −y).
        constexpr double kX = 0.089842013100318062;
        constexpr double kY = -0.71265640302073963;
        constexpr double kF = -1.0316284534898774;
        return {{point(kX, kY), kF}, {point(-kX, -kY), kF}};
    }
    Vector start() const override { return point(1.0, -1.0); }

protected:
    double evaluate(double x, double y, Vec2* g) const override {
        const double x2 = x * x, y2 = y * y;
        if (g)
            *g << 8.0 * x - 8.4 * x2 * x + 2.0 * x2 * x2 * x + y, x - 8.0 * y + 16.0 * y2 * y;
        return (4.0 - 2.1 * x2 + x2 * x2 / 3.0) * x2 + x * y + (-4.0 + 4.0 * y2) * y2;
    }
    Mat2 hessian2(double x, double y) const override {
        const double x2 = x * x;
        return symmetric(8.0 - 25.2 * x2 + 10.0 * x2 * x2, 1.0, -8.0 + 48.0 * y * y);
    }
};

// Three-hump camel back: one global and two local minima.
//   f(x, y) = 2x² − 1.05x⁴ + x⁶/6 + xy + y²
//   minimum: f* = 0 at (0, 0); start (2, −1.5).
class ThreeHumpCamel final : public PlaneFunction {
public:
    std::string name() const override { return "three-hump-camel"; }
    std::string title() const override { return "Three-hump camel"; }
    std::string formula() const override { return "2x² − 1.05x⁴ + x⁶/6 + xy + y²"; }
    Box domain() const override { return {-5.0, 5.0, -5.0, 5.0}; }
    std::vector<KnownMinimum> minima() const override { return {{point(0.0, 0.0), 0.0}}; }
    Vector start() const override { return point(2.0, -1.5); }

protected:
    double evaluate(double x, double y, Vec2* g) const override {
        const double x2 = x * x;
        if (g)
            *g << 4.0 * x - 4.2 * x2 * x + x2 * x2 * x + y, x + 2.0 * y;
        return 2.0 * x2 - 1.05 * x2 * x2 + x2 * x2 * x2 / 6.0 + x * y + y * y;
    }
    Mat2 hessian2(double x, double) const override {
        const double x2 = x * x;
        return symmetric(4.0 - 12.6 * x2 + 5.0 * x2 * x2, 1.0, 2.0);
    }
};

// Styblinski & Tang (1990): separable, four basins of different depth.
//   f(x, y) = ½[(x⁴ − 16x² + 5x) + (y⁴ − 16y² + 5y)]
//   minimum: f* = −78.33233141 at (−2.903534, −2.903534); start (0.5, 0.5).
class StyblinskiTang final : public PlaneFunction {
public:
    std::string name() const override { return "styblinski-tang"; }
    std::string title() const override { return "Styblinski–Tang"; }
    std::string formula() const override { return "½[(x⁴−16x²+5x) + (y⁴−16y²+5y)]"; }
    Box domain() const override { return {-5.0, 5.0, -5.0, 5.0}; }
    std::vector<KnownMinimum> minima() const override {
        // x* is the root of 4x³ − 32x + 5 near −2.9, f* = x*⁴ − 16x*² + 5x* (50-digit mpmath).
        constexpr double kX = -2.9035340277711771;
        return {{point(kX, kX), -78.332331407542831}};
    }
    Vector start() const override { return point(0.5, 0.5); }

protected:
    static double part(double t) { return t * t * t * t - 16.0 * t * t + 5.0 * t; }
    static double partDerivative(double t) { return 4.0 * t * t * t - 32.0 * t + 5.0; }

    double evaluate(double x, double y, Vec2* g) const override {
        if (g)
            *g << 0.5 * partDerivative(x), 0.5 * partDerivative(y);
        return 0.5 * (part(x) + part(y));
    }
    Mat2 hessian2(double x, double y) const override {
        return symmetric(6.0 * x * x - 16.0, 0.0, 6.0 * y * y - 16.0);
    }
};

// Lévi function N.13: ripples of period 2/3 in x, a sin² modulated valley in y.
//   f(x, y) = sin²(3πx) + (x−1)²(1 + sin²(3πy)) + (y−1)²(1 + sin²(2πy))
//   minimum: f* = 0 at (1, 1); start (−4, 3).
class Levi final : public PlaneFunction {
public:
    std::string name() const override { return "levi"; }
    std::string title() const override { return "Lévi N.13"; }
    std::string formula() const override {
        return "sin²(3πx) + (x−1)²(1+sin²(3πy)) + (y−1)²(1+sin²(2πy))";
    }
    Box domain() const override { return {-10.0, 10.0, -10.0, 10.0}; }
    std::vector<KnownMinimum> minima() const override { return {{point(1.0, 1.0), 0.0}}; }
    Vector start() const override { return point(-4.0, 3.0); }

protected:
    // f = sin²(3πx) + (x−1)² S(y) + (y−1)² T(y), S = 1 + sin²(3πy), T = 1 + sin²(2πy);
    // (sin² kπt)' = kπ sin(2kπt), (sin² kπt)'' = 2k²π² cos(2kπt).
    double evaluate(double x, double y, Vec2* g) const override {
        const double sx = std::sin(3.0 * kPi * x);
        const double s3 = std::sin(3.0 * kPi * y);
        const double s2 = std::sin(2.0 * kPi * y);
        const double S = 1.0 + s3 * s3, T = 1.0 + s2 * s2;
        const double dx = x - 1.0, dy = y - 1.0;
        if (g) {
            const double dS = 3.0 * kPi * std::sin(6.0 * kPi * y);
            const double dT = 2.0 * kPi * std::sin(4.0 * kPi * y);
            *g << 3.0 * kPi * std::sin(6.0 * kPi * x) + 2.0 * dx * S,
                dx * dx * dS + 2.0 * dy * T + dy * dy * dT;
        }
        return sx * sx + dx * dx * S + dy * dy * T;
    }
    Mat2 hessian2(double x, double y) const override {
        const double s3 = std::sin(3.0 * kPi * y);
        const double s2 = std::sin(2.0 * kPi * y);
        const double S = 1.0 + s3 * s3, T = 1.0 + s2 * s2;
        const double dS = 3.0 * kPi * std::sin(6.0 * kPi * y);
        const double dT = 2.0 * kPi * std::sin(4.0 * kPi * y);
        const double ddS = 18.0 * kPi * kPi * std::cos(6.0 * kPi * y);
        const double ddT = 8.0 * kPi * kPi * std::cos(4.0 * kPi * y);
        const double dx = x - 1.0, dy = y - 1.0;
        return symmetric(18.0 * kPi * kPi * std::cos(6.0 * kPi * x) + 2.0 * S, 2.0 * dx * dS,
                         dx * dx * ddS + 2.0 * T + 4.0 * dy * dT + dy * dy * ddT);
    }
};

// McCormick: a tilted quadratic trough with a sine ripple.
//   f(x, y) = sin(x+y) + (x−y)² − 1.5x + 2.5y + 1
//   minimum: f* = −1.913222955 at (−0.54719, −1.54719); start (2, 2).
// ∇f = 0 gives cos(x+y) = −½ and x − y = 1, so in closed form x* = ½ − π/3, y* = −½ − π/3 and
// f* = −√3/2 − π/3.
class McCormick final : public PlaneFunction {
public:
    std::string name() const override { return "mccormick"; }
    std::string title() const override { return "McCormick"; }
    std::string formula() const override { return "sin(x+y) + (x−y)² − 1.5x + 2.5y + 1"; }
    Box domain() const override { return {-1.5, 4.0, -3.0, 4.0}; }
    std::vector<KnownMinimum> minima() const override {
        return {{point(0.5 - kPi / 3.0, -0.5 - kPi / 3.0), -0.5 * std::numbers::sqrt3 - kPi / 3.0}};
    }
    Vector start() const override { return point(2.0, 2.0); }

protected:
    double evaluate(double x, double y, Vec2* g) const override {
        const double d = x - y;
        if (g) {
            const double c = std::cos(x + y);
            *g << c + 2.0 * d - 1.5, c - 2.0 * d + 2.5;
        }
        return std::sin(x + y) + d * d - 1.5 * x + 2.5 * y + 1.0;
    }
    Mat2 hessian2(double x, double y) const override {
        const double s = std::sin(x + y);
        return symmetric(2.0 - s, -2.0 - s, 2.0 - s);
    }
};

// Eggholder: rugged, many deep local minima; the global one lies on the domain boundary.
//   f(x, y) = −(y+47) sin√|x/2 + y + 47| − x sin√|x − (y+47)|
//   minimum on [−512, 512]²: f* = −959.6407 at (512, 404.2319); start (400, 300).
// With h(t) = sin√|t|: h'(t) = sgn(t) cos(w)/(2w), h''(t) = −(w sin w + cos w)/(4w³), w = √|t|.
// h is a cusp at t = 0 (h' → ±∞ from either side, h'' → −∞): exactly there we take h' = 0 (the
// symmetric choice) and h'' = 0, so f, ∇f and H stay finite on the lines u = 0 and v = 0. Near
// them the derivatives are exact but huge (~1/√|t|, ~1/|t|^{3/2}). The minimum is a boundary
// (KKT) point: ∂f/∂y = 0 there but ∂f/∂x ≈ −3.39 < 0, f still falls when x leaves the box.
class Eggholder final : public PlaneFunction {
public:
    std::string name() const override { return "eggholder"; }
    std::string title() const override { return "Eggholder"; }
    std::string formula() const override { return "−(y+47)·sin√|x/2+y+47| − x·sin√|x−(y+47)|"; }
    Box domain() const override { return {-512.0, 512.0, -512.0, 512.0}; }
    std::vector<KnownMinimum> minima() const override {
        // y* solves ∂f/∂y(512, y) = 0 (50-digit mpmath root).
        return {{point(512.0, 404.23180511375781), -959.64066272085080}};
    }
    Vector start() const override { return point(400.0, 300.0); }

protected:
    static double h(double t) { return std::sin(std::sqrt(std::abs(t))); }
    static double dh(double t) {
        if (t == 0.0)
            return 0.0;
        const double w = std::sqrt(std::abs(t));
        return (t > 0.0 ? 1.0 : -1.0) * std::cos(w) / (2.0 * w);
    }
    static double ddh(double t) {
        if (t == 0.0)
            return 0.0;
        const double w = std::sqrt(std::abs(t));
        return -(w * std::sin(w) + std::cos(w)) / (4.0 * w * w * w);
    }

    // u = x/2 + y + 47 (u_x = ½, u_y = 1), v = x − y − 47 (v_x = 1, v_y = −1);
    // f = −(y+47) h(u) − x h(v).
    double evaluate(double x, double y, Vec2* g) const override {
        const double yy = y + 47.0;
        const double u = 0.5 * x + yy, v = x - yy;
        if (g) {
            const double du = dh(u), dv = dh(v);
            *g << -0.5 * yy * du - h(v) - x * dv, -h(u) - yy * du + x * dv;
        }
        return -yy * h(u) - x * h(v);
    }
    Mat2 hessian2(double x, double y) const override {
        const double yy = y + 47.0;
        const double u = 0.5 * x + yy, v = x - yy;
        const double du = dh(u), dv = dh(v), ddu = ddh(u), ddv = ddh(v);
        return symmetric(-0.25 * yy * ddu - 2.0 * dv - x * ddv,
                         -0.5 * du - 0.5 * yy * ddu + dv + x * ddv, -2.0 * du - yy * ddu - x * ddv);
    }
};

// Rotated quadratic with an adjustable condition number.
//   f(x, y) = ½ (x,y) Rᵀ diag(1, κ) R (x,y)ᵀ = ½[(x cos θ + y sin θ)² + κ(y cos θ − x sin θ)²],
//   R = [[cos θ, sin θ], [−sin θ, cos θ]], so the flat axis (eigenvalue 1) points along
//   (cos θ, sin θ) and the steep one (eigenvalue κ) along (−sin θ, cos θ).
//   minimum: f* = 0 at (0, 0); start (2.5, 2).
class Quadratic final : public PlaneFunction {
public:
    Quadratic(double kappa, double theta)
        : m_kappa(kappa), m_cos(std::cos(theta)), m_sin(std::sin(theta)) {
        const Vec2 flat(m_cos, m_sin), steep(-m_sin, m_cos);
        m_hessian = flat * flat.transpose() + m_kappa * steep * steep.transpose();
    }

    static std::vector<ParamSpec> params() {
        ParamSpec kappa;
        kappa.name = "kappa";
        kappa.defaultValue = 100.0;
        kappa.lower = 1.0;
        kappa.upper = 1e8;
        kappa.help = "condition number κ: the Hessian's eigenvalues are 1 and κ";
        ParamSpec theta;
        theta.name = "theta";
        theta.defaultValue = kPi / 6.0;
        theta.lower = -10.0;
        theta.upper = 10.0;
        theta.help = "rotation θ in radians: the flat axis points along (cos θ, sin θ)";
        return {kappa, theta};
    }

    std::string name() const override { return "quadratic"; }
    std::string title() const override { return "Quadratic"; }
    std::string formula() const override { return kFormula; }
    Box domain() const override { return {-3.0, 3.0, -3.0, 3.0}; }
    std::vector<KnownMinimum> minima() const override { return {{point(0.0, 0.0), 0.0}}; }
    Vector start() const override { return point(2.5, 2.0); }

    static constexpr const char* kFormula = "½[(x cos θ + y sin θ)² + κ(y cos θ − x sin θ)²]";

protected:
    double evaluate(double x, double y, Vec2* g) const override {
        // Coordinates along the principal axes: a = (Rx)_1, b = (Rx)_2.
        const double a = m_cos * x + m_sin * y;
        const double b = m_cos * y - m_sin * x;
        if (g)
            *g << a * m_cos - m_kappa * b * m_sin, a * m_sin + m_kappa * b * m_cos;
        return 0.5 * (a * a + m_kappa * b * b);
    }
    Mat2 hessian2(double, double) const override { return m_hessian; }

private:
    double m_kappa;
    double m_cos;
    double m_sin;
    Mat2 m_hessian;
};

using Factory = std::function<std::unique_ptr<TestFunction>(const ParamValues&)>;

struct Entry {
    TestFunctionInfo info;
    Factory make;
};

template <class F> Entry plainEntry() {
    F f;
    return {{f.name(), f.title(), f.formula(), {}},
            [](const ParamValues&) { return std::make_unique<F>(); }};
}

const std::vector<Entry>& entries() {
    static const std::vector<Entry> list = {
        plainEntry<Rosenbrock>(),
        plainEntry<Himmelblau>(),
        plainEntry<Beale>(),
        plainEntry<Booth>(),
        plainEntry<Matyas>(),
        plainEntry<Rastrigin>(),
        plainEntry<Ackley>(),
        plainEntry<GoldsteinPrice>(),
        plainEntry<SixHumpCamel>(),
        plainEntry<ThreeHumpCamel>(),
        plainEntry<StyblinskiTang>(),
        plainEntry<Levi>(),
        plainEntry<McCormick>(),
        plainEntry<Eggholder>(),
        {{"quadratic", "Quadratic", Quadratic::kFormula, Quadratic::params()},
         [](const ParamValues& p) {
             return std::make_unique<Quadratic>(p.at("kappa"), p.at("theta"));
         }},
    };
    return list;
}

} // namespace

const std::vector<TestFunctionInfo>& testFunctionInfos() {
    static const std::vector<TestFunctionInfo> infos = [] {
        std::vector<TestFunctionInfo> v;
        for (const auto& e : entries())
            v.push_back(e.info);
        return v;
    }();
    return infos;
}

std::unique_ptr<TestFunction> makeTestFunction(const std::string& name, const ParamValues& params) {
    for (const auto& e : entries()) {
        if (e.info.name != name)
            continue;
        return e.make(withDefaults(e.info.params, params, name));
    }
    std::string known;
    for (const auto& e : entries())
        known += (known.empty() ? "" : ", ") + e.info.name;
    throw ConfigError("unknown function '" + name + "' (known: " + known + ")");
}

} // namespace cs
