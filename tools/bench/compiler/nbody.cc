// The Computer Language Benchmarks Game's n-body: five planets, symplectic integration.
// Plain scalar code (no SIMD), the bodies as an array of structs.
#include <cmath>
#include <cstdio>

namespace {

constexpr double kPi = 3.141592653589793;
constexpr double kSolarMass = 4.0 * kPi * kPi;
constexpr double kDaysPerYear = 365.24;
constexpr int kSteps = 5000000;

struct Body {
  double x, y, z, vx, vy, vz, mass;
};

Body bodies[] = {
    // Sun
    {0.0, 0.0, 0.0, 0.0, 0.0, 0.0, kSolarMass},
    // Jupiter
    {4.84143144246472090e+00, -1.16032004402742839e+00, -1.03622044471123109e-01,
     1.66007664274403694e-03 * kDaysPerYear, 7.69901118419740425e-03 * kDaysPerYear,
     -6.90460016972063023e-05 * kDaysPerYear, 9.54791938424326609e-04 * kSolarMass},
    // Saturn
    {8.34336671824457987e+00, 4.12479856412430479e+00, -4.03523417114321381e-01,
     -2.76742510726862411e-03 * kDaysPerYear, 4.99852801234917238e-03 * kDaysPerYear,
     2.30417297573763929e-05 * kDaysPerYear, 2.85885980666130812e-04 * kSolarMass},
    // Uranus
    {1.28943695621391310e+01, -1.51111514016986312e+01, -2.23307578892655734e-01,
     2.96460137564761618e-03 * kDaysPerYear, 2.37847173959480950e-03 * kDaysPerYear,
     -2.96589568540237556e-05 * kDaysPerYear, 4.36624404335156298e-05 * kSolarMass},
    // Neptune
    {1.53796971148509165e+01, -2.59193146099879641e+01, 1.79258772950371181e-01,
     2.68067772490389322e-03 * kDaysPerYear, 1.62824170038242295e-03 * kDaysPerYear,
     -9.51592254519715870e-05 * kDaysPerYear, 5.15138902046611451e-05 * kSolarMass},
};
constexpr int kBodies = sizeof(bodies) / sizeof(bodies[0]);

void OffsetMomentum() {
  double px = 0.0, py = 0.0, pz = 0.0;
  for (const Body& b : bodies) {
    px += b.vx * b.mass;
    py += b.vy * b.mass;
    pz += b.vz * b.mass;
  }
  bodies[0].vx = -px / kSolarMass;
  bodies[0].vy = -py / kSolarMass;
  bodies[0].vz = -pz / kSolarMass;
}

double Energy() {
  double e = 0.0;
  for (int i = 0; i < kBodies; ++i) {
    const Body& b = bodies[i];
    e += 0.5 * b.mass * (b.vx * b.vx + b.vy * b.vy + b.vz * b.vz);
    for (int j = i + 1; j < kBodies; ++j) {
      const Body& b2 = bodies[j];
      double dx = b.x - b2.x, dy = b.y - b2.y, dz = b.z - b2.z;
      e -= b.mass * b2.mass / std::sqrt(dx * dx + dy * dy + dz * dz);
    }
  }
  return e;
}

void Advance(double dt) {
  for (int i = 0; i < kBodies; ++i) {
    Body& b = bodies[i];
    for (int j = i + 1; j < kBodies; ++j) {
      Body& b2 = bodies[j];
      double dx = b.x - b2.x, dy = b.y - b2.y, dz = b.z - b2.z;
      double d2 = dx * dx + dy * dy + dz * dz;
      double mag = dt / (d2 * std::sqrt(d2));
      b.vx -= dx * b2.mass * mag;
      b.vy -= dy * b2.mass * mag;
      b.vz -= dz * b2.mass * mag;
      b2.vx += dx * b.mass * mag;
      b2.vy += dy * b.mass * mag;
      b2.vz += dz * b.mass * mag;
    }
  }
  for (Body& b : bodies) {
    b.x += dt * b.vx;
    b.y += dt * b.vy;
    b.z += dt * b.vz;
  }
}

}  // namespace

int main() {
  OffsetMomentum();
  std::printf("%.9f\n", Energy());
  for (int i = 0; i < kSteps; ++i) Advance(0.01);
  std::printf("%.9f\n", Energy());
  return 0;
}
