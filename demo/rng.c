/*
 * rng.c -- kamgen's pseudo-random numbers and the arithmetic around them.
 *
 * splitmix64: small, fast, good enough for demo data, and -- unlike rand()
 * -- identical on every platform.  Every account draws from its own streams
 * derived from (seed, stream, account id).  The distributions (normal,
 * weighted, Poisson) and exp() are built from plain IEEE arithmetic only,
 * so the output does not depend on the C library's libm either.
 */
#include "kamgen.h"

#include <string.h>

uint64_t mix64(uint64_t z)
{
    z = (z ^ (z >> 30)) * UINT64_C(0xBF58476D1CE4E5B9);
    z = (z ^ (z >> 27)) * UINT64_C(0x94D049BB133111EB);
    return z ^ (z >> 31);
}

uint64_t rng_next(struct rng *r)
{
    r->state += UINT64_C(0x9E3779B97F4A7C15);
    return mix64(r->state);
}

struct rng rng_for(uint64_t seed, enum stream stream, uint64_t id)
{
    struct rng r;
    r.state = mix64(seed ^ mix64(((uint64_t)stream << 56) ^ mix64(id)));
    return r;
}

/* Uniform in [0, 1) with 53 random bits. */
double rng_uniform(struct rng *r)
{
    return (double)(rng_next(r) >> 11) * 0x1.0p-53;
}

/* Uniform integer in [0, n), n < 2^32 (multiply-shift, bias negligible). */
int rng_below(struct rng *r, int n)
{
    return (int)(((rng_next(r) >> 32) * (uint64_t)n) >> 32);
}

int rng_chance(struct rng *r, double p)
{
    return rng_uniform(r) < p;
}

/* Approximately standard normal: sum of twelve uniforms minus six
 * (Irwin-Hall).  Needs no log/sqrt, and its tails stop at +-6, which keeps
 * the log-normal amounts finite. */
double rng_normal(struct rng *r)
{
    double sum = 0.0;
    for (int word = 0; word < 3; word++) {
        uint64_t bits = rng_next(r);
        for (int part = 0; part < 4; part++) {
            sum += ((double)(bits & 0xFFFFu) + 0.5) / 65536.0;
            bits >>= 16;
        }
    }
    return sum - 6.0;
}

/* Index drawn according to weights (they need not sum to exactly 1). */
int rng_weighted(struct rng *r, const double *weights, int n)
{
    double total = 0.0;
    for (int i = 0; i < n; i++)
        total += weights[i];
    double x = rng_uniform(r) * total;
    for (int i = 0; i < n - 1; i++) {
        if (x < weights[i])
            return i;
        x -= weights[i];
    }
    return n - 1;
}

/* Poisson by Knuth's product method; lambda is capped at 30 where the
 * method is still exact enough and fast. */
int rng_poisson(struct rng *r, double lambda)
{
    if (lambda > 30.0)
        lambda = 30.0;
    double limit = exp_approx(-lambda);
    double product = rng_uniform(r);
    int k = 0;
    while (product > limit) {
        product *= rng_uniform(r);
        k++;
    }
    return k;
}

/* exp(x) for |x| < 700: x = k ln2 + f with |f| <= ln2/2, e^f by its Taylor
 * series (relative error < 1e-15), 2^k by building the exponent bits.  Not
 * libm's exp: libm implementations differ in the last bit, and one bit can
 * move a rounding or a threshold, so the data set would differ between
 * systems. */
double exp_approx(double x)
{
    const double ln2 = 0.69314718055994530942;
    if (x > 700.0)
        x = 700.0;
    if (x < -700.0)
        x = -700.0;
    long k = (long)(x / ln2 + (x >= 0 ? 0.5 : -0.5));
    double f = x - (double)k * ln2;
    double term = 1.0, sum = 1.0;
    for (int n = 1; n <= 16; n++) {
        term *= f / n;
        sum += term;
    }
    uint64_t bits = (uint64_t)(k + 1023) << 52;
    double two_to_k;
    memcpy(&two_to_k, &bits, sizeof two_to_k);
    return sum * two_to_k;
}

double clamp(double x, double lo, double hi)
{
    return x < lo ? lo : x > hi ? hi : x;
}

/* Rounds a non-negative x to a whole multiple of step, e.g. 1000 yuan. */
double round_to(double x, double step)
{
    return (double)(int64_t)(x / step + 0.5) * step;
}

/* Rounds a non-negative x to `units` per one, e.g. 10 for one decimal.
 * Dividing (rather than multiplying by 0.1) yields the double nearest to
 * the decimal, so 7.3 is stored as 7.3 and not as 7.300000000000001. */
double round_to_fraction(double x, int units)
{
    return (double)(int64_t)(x * units + 0.5) / units;
}
